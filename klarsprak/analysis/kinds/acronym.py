"""``acronym``: abbreviations in capitals (LSS, HVB) that the text does not explain.

Only the first use counts: "lagen om stöd och service (LSS)" or "LSS (lagen om …)" explains it,
and later uses are then fine. Headings in capitals ("BESLUT") are not acronyms.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from klarsprak.analysis.kinds import Hit, Kind, register


def looks_like_acronym(token: Token, min_letters: int, max_letters: int) -> bool:
    text = token.text
    letters = [c for c in text if c.isalpha()]
    if not (min_letters <= len(letters) <= max_letters) or len(letters) != len(text):
        return False
    capitals = sum(1 for c in letters if c.isupper())
    return capitals >= 2 and text[0].isupper()


def _shouting(token: Token) -> bool:
    """True when the whole line is in capitals (a heading), not one acronym in a sentence."""
    sentence = [t for t in token.sent if t.is_alpha]
    if len(sentence) == 1:
        return len(token.text) >= 5  # "BESLUT" alone on a line
    return all(t.is_upper for t in sentence)


def _explained(doc: Doc, token: Token) -> bool:
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    prev = doc[token.i - 1] if token.i else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.text == "(":
        return True  # "LSS (lagen om stöd och service)"
    return prev is not None and prev.text == "(" and after is not None and after.text == ")"


@register
class Acronym(Kind):
    """Parameters: ``min_letters`` (2), ``max_letters`` (6), ``known`` (acronyms all readers know)."""

    name = "acronym"

    def find(self, doc: Doc) -> Iterable[Hit]:
        min_letters = int(self.params.get("min_letters", 2))
        max_letters = int(self.params.get("max_letters", 6))
        known = frozenset(self.params.get("known", []))
        seen: set[str] = set()
        for token in doc:
            if token.text in known or token.text in seen:
                continue
            if not looks_like_acronym(token, min_letters, max_letters) or _shouting(token):
                continue
            seen.add(token.text)
            if not _explained(doc, token):
                yield Hit(token.idx, token.idx + len(token.text), {"match": token.text})
