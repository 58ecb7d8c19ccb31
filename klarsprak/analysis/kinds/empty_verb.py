"""``empty-verb``: a noun made from a verb, with an empty verb that only says it happens
("utbetalning sker", "prövningen ska ske", "sker utbetalningen"). The action hides in the noun and
nobody is said to do it; Myndigheternas skrivregler gives "vi betalar ut" for "utbetalning sker".

The noun counts only when the lexicon knows the verb it comes from, as in ``nominal-density``
("utbetalning": betala; "tidning" is no action).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import Field
from spacy.tokens import Doc, Token

from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.analysis.kinds.nominal_density import DEFAULT_SUFFIXES, INFLECTION, verb_of
from klarsprak.analysis.lexicon import verb_forms
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import token_table

BETWEEN = ("AUX", "ADV", "PART")  # "utbetalningen ska inte ske"
BEFORE_NOUN = ("DET", "ADJ")  # "sker en ny prövning"


@register
class EmptyVerb(Kind):
    """Parameters: ``verbs`` (dictionary forms of the empty verbs: ske, förekomma), ``max_gap``
    (auxiliaries and sentence adverbs between noun and verb, default 2), ``suffixes`` and
    ``min_letters`` and ``except`` as for ``nominal-density``."""

    name = "empty-verb"
    placeholders = frozenset({"noun", "verb"})

    class Parameters(Schema):
        verbs: list[str] = Field(min_length=1)
        max_gap: int = 2
        suffixes: list[str] = Field(default_factory=lambda: list(DEFAULT_SUFFIXES))
        min_letters: int = 6
        exceptions: list[str] = Field(default_factory=list, alias="except")

    @classmethod
    def lemmas_needed(cls, rule) -> set[str]:
        return {str(v).lower() for v in rule.parameters.get("verbs", [])}

    def __init__(self, rule, resources) -> None:
        super().__init__(rule, resources)
        self.verb_words = frozenset().union(*(resources.forms.get(v, frozenset({v}))
                                              for v in self.lemmas_needed(rule)))
        suffixes = "|".join(re.escape(s) for s in self.params.get("suffixes", DEFAULT_SUFFIXES))
        self.pattern = re.compile(rf"^(?P<stem>.+?)(?P<suffix>{suffixes}){INFLECTION}$")
        self.max_gap = int(self.params.get("max_gap", 2))
        self.min_letters = int(self.params.get("min_letters", 6))
        self.exceptions = tuple(str(e).lower() for e in self.params.get("except", ()))

    def _verb_in(self, token: Token) -> str | None:
        """The verb a noun is made from ("utbetalningen": betala), or None."""
        if token.pos_ != "NOUN" or len(token.text) < self.min_letters or not token.is_alpha:
            return None
        if token.text[:1].isupper() and not token.is_sent_start:
            return None  # the name of a body
        match = self.pattern.match(token.lower_)
        if match is None:
            return None
        word = match.group("stem") + match.group("suffix")
        if self.exceptions and (word.startswith(self.exceptions) or word.endswith(self.exceptions)):
            return None  # a body or a thing ("styrelse", "bolagsstyrelsen"), also as a compound's end
        return verb_of(match.group("stem"), match.group("suffix"), verb_forms().verbs)

    def find(self, doc: Doc) -> Iterable[Hit]:
        table = token_table(doc)  # strings first: most tokens are no empty verb, and need no Token
        for i, lower in enumerate(table.lower):
            if lower not in self.verb_words and table.lemma[i] not in self.verb_words:
                continue
            if table.pos[i] not in ("VERB", "AUX"):
                continue
            token = doc[i]
            found = self._noun_before(doc, token) or self._noun_after(doc, token)
            if found is None:
                continue
            noun, verb = found
            start, end = sorted((noun, token), key=lambda t: t.i)
            yield Hit(start.idx, end.idx + len(end.text), {"noun": noun.text, "verb": verb}, one_click=False)

    def _noun_before(self, doc: Doc, verb: Token) -> tuple[Token, str] | None:
        i = verb.i - 1
        while i >= 0 and verb.i - i <= self.max_gap and doc[i].pos_ in BETWEEN and not doc[i].is_sent_start:
            i -= 1
        if i < 0 or doc[i].sent.start != verb.sent.start:
            return None
        made_from = self._verb_in(doc[i])
        return (doc[i], made_from) if made_from else None

    def _noun_after(self, doc: Doc, verb: Token) -> tuple[Token, str] | None:
        i = verb.i + 1
        while i < len(doc) and i - verb.i <= self.max_gap and doc[i].pos_ in BEFORE_NOUN:
            i += 1
        if i >= len(doc) or doc[i].sent.start != verb.sent.start:
            return None
        made_from = self._verb_in(doc[i])
        return (doc[i], made_from) if made_from else None
