"""``negation-pair``: double negation such as "inte omöjligt" or "ej obefogad"."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field
from spacy.tokens import Doc, Token

from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import token_table

ADJECTIVE_ENDINGS = ("a", "t", "e")


def _base(token: Token) -> set[str]:
    lower = token.lower_
    keys = {lower, token.lemma_.lower()}
    for ending in ADJECTIVE_ENDINGS:
        if lower.endswith(ending):
            keys.add(lower[: -len(ending)])
    return keys


def _positive(word: str) -> str:
    """The word without its negative prefix: omöjligt -> möjligt, icke-obefogad -> befogad."""
    for prefix in ("o", "O"):
        if word.startswith(prefix):
            return word[len(prefix):]
    return word


@register
class NegationPair(Kind):
    """Parameters: ``negators`` (inte, ej …), ``negated`` (negative words in basic form:
    omöjlig, ovanlig …), ``window`` (words allowed between, default 2). The suggestion is the
    word without its negative prefix: "inte omöjligt" -> "möjligt"."""

    name = "negation-pair"
    placeholders = frozenset({"suggestion"})

    class Parameters(Schema):
        negators: list[str] = Field(min_length=1)
        negated: list[str] = Field(min_length=1)
        window: int = 2

    def __init__(self, rule, resources) -> None:
        super().__init__(rule, resources)
        self.negators = frozenset(w.lower() for w in self.params.get("negators", []))
        self.negated = frozenset(w.lower() for w in self.params.get("negated", []))
        self.window = int(self.params.get("window", 2))

    def find(self, doc: Doc) -> Iterable[Hit]:
        for i, lower in enumerate(token_table(doc).lower):
            if lower not in self.negators:
                continue
            token = doc[i]
            for following in doc[token.i + 1 : token.i + 2 + self.window]:
                if following.is_punct or following.is_space:
                    break
                if _base(following) & self.negated:
                    found = _positive(following.text)
                    span = doc[token.i : following.i + 1]
                    values = {"match": span.text, "suggestion": found}
                    yield Hit(span.start_char, span.end_char, values, (found,))
                    break
