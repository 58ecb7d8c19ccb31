"""The kinds of rule: each is code written once, configured by any number of YAML rules.

A kind gets its rule (with ``parameters``) and shared resources when the rule set is compiled,
and yields :class:`Hit` objects (character spans plus values for the message) for a ``Doc``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, ClassVar

from spacy.tokens import Doc

from klarsprak.analysis.rules import Rule
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import trimmed_span, word_tokens  # noqa: F401  (re-exported for kinds)


@dataclass(frozen=True)
class Hit:
    """A match: where it is, what to fill into the message, and what to suggest."""

    start: int
    end: int
    values: dict[str, Any] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()
    severity: str | None = None  # overrides the rule's severity (sentence length, LIX bands)
    level: str | None = None  # overrides the rule's level: "tips" = shown only on request
    one_click: bool = True  # False: the suggestions are advice, not a one-click replacement


@dataclass
class Resources:
    """What kinds share: inflected forms of lemmas, verb paradigms."""

    forms: dict[str, frozenset[str]] = field(default_factory=dict)
    paradigms: dict[str, dict[str, str]] = field(default_factory=dict)


class Kind:
    """Base class. Subclasses set ``name`` and implement :meth:`find`."""

    name: ClassVar[str]
    # False: words in accept.txt do not silence this kind (personal data).
    acceptable: ClassVar[bool] = True
    # The schema of the rule's ``parameters`` (unknown keys refused); None: not checked (plug-ins).
    Parameters: ClassVar[type[Schema] | None] = None
    # The ``{names}`` the kind fills into a message besides ``match``; None: not checked.
    placeholders: ClassVar[frozenset[str] | None] = None

    def __init__(self, rule: Rule, resources: Resources) -> None:
        self.rule = rule
        self.params = rule.parameters
        self.resources = resources

    @classmethod
    def lemmas_needed(cls, rule: Rule) -> set[str]:
        """Lemmas whose inflected forms this rule needs from the lexicon."""
        return set()

    @classmethod
    def suggested_words(cls, rule: Rule) -> set[str]:
        """First words of the rule's suggestions (verbs among them get paradigms from the lexicon)."""
        return {s.split(" ", 1)[0].lower() for s in rule.suggestions if s}

    def find(self, doc: Doc) -> Iterable[Hit]:
        raise NotImplementedError


KINDS: dict[str, type[Kind]] = {}


def register(cls: type[Kind]) -> type[Kind]:
    """Class decorator: make a kind available to rule files under ``cls.name``."""
    KINDS[cls.name] = cls
    return cls


def _load_all() -> None:
    # Import for the side effect of @register; one module per kind.
    from klarsprak.analysis.kinds import (  # noqa: F401
        acronym,
        action_noun,
        empty_verb,
        formal_pronoun,
        light_verb,
        long_word,
        negation_pair,
        nominal_density,
        passive,
        readability,
        sentence_length,
        word_list,
    )


_load_all()


def load_plugins() -> None:
    """Kinds that other packages provide through the ``klarsprak.kinds`` entry point (the
    privacy package's ``personal-data``). Loaded when an analyzer is built, not at import, so
    that a plug-in may itself import this module."""
    for entry_point in entry_points(group="klarsprak.kinds"):
        if entry_point.name not in KINDS:
            register(entry_point.load())
