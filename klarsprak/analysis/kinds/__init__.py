"""The kinds of rule: each is code written once, configured by any number of YAML rules.

A kind gets its rule (with ``parameters``) and shared resources when the rule set is compiled,
and yields :class:`Hit` objects (character spans plus values for the message) for a ``Doc``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from spacy.tokens import Doc

from klarsprak.analysis.rules import Rule
from klarsprak.analysis.spans import trimmed_span, word_tokens  # noqa: F401  (re-exported for kinds)


@dataclass(frozen=True)
class Hit:
    """A match: where it is, what to fill into the message, and what to suggest."""

    start: int
    end: int
    values: dict[str, Any] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()
    severity: str | None = None  # overrides the rule's severity (sentence length, LIX bands)


@dataclass
class Resources:
    """What kinds share: inflected forms of lemmas, verb paradigms."""

    forms: dict[str, frozenset[str]] = field(default_factory=dict)
    paradigms: dict[str, dict[str, str]] = field(default_factory=dict)


class Kind:
    """Base class. Subclasses set ``name`` and implement :meth:`find`."""

    name: ClassVar[str]

    def __init__(self, rule: Rule, resources: Resources) -> None:
        self.rule = rule
        self.params = rule.parameters
        self.resources = resources

    @classmethod
    def lemmas_needed(cls, rule: Rule) -> set[str]:
        """Lemmas whose inflected forms this rule needs from the lexicon."""
        return set()

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
        formal_pronoun,
        long_word,
        negation_pair,
        nominal_density,
        passive,
        personal_data,
        readability,
        sentence_length,
        word_list,
    )


_load_all()
