"""``capitalized-pronoun``: "Ni", "Er", "Ert", "Era" with a capital inside a sentence.

The capital marks old-fashioned formal address. Klarspråk writes "du" to one reader.
At the start of a sentence the capital says nothing, so those are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import token_table

# Possessives take the noun's place: "Er ansökan" -> "din ansökan"; "Er" alone is an object: "dig".
REPLACEMENTS = {"Ni": "du", "Ert": "ditt", "Era": "dina", "Eder": "dig", "Edra": "dina", "Edert": "ditt"}


def _replacement(token: Token, doc: Doc) -> str:
    if token.text != "Er":
        return REPLACEMENTS[token.text]
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is not None and following.pos_ in ("NOUN", "ADJ", "PROPN"):
        return "din"
    return "dig"


@register
class CapitalizedPronoun(Kind):
    """No parameters."""

    name = "capitalized-pronoun"
    placeholders = frozenset({"suggestion"})

    class Parameters(Schema):
        pass  # no parameters: any key is a typo

    def find(self, doc: Doc) -> Iterable[Hit]:
        for i, text in enumerate(token_table(doc).text):
            if text not in REPLACEMENTS and text != "Er":
                continue
            token = doc[i]
            previous = doc[token.i - 1] if token.i else None
            if token.is_sent_start or previous is None or "\n" in previous.text_with_ws:
                continue
            if previous.text in {".", "!", "?", ":", "\"", "”", "–", "-"}:
                continue
            suggestion = _replacement(token, doc)
            values = {"match": token.text, "suggestion": suggestion}
            yield Hit(token.idx, token.idx + len(token.text), values, (suggestion,))
