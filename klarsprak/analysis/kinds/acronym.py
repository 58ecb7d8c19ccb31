"""``acronym``: abbreviations in capitals (LSS, HVB) that the text does not explain.

Only the first use counts: "lagen om stöd och service (LSS)", "LSS (lagen om …)" or
"kommunallagen (1991:900), KL" explains it, and later uses are then fine. Headings in capitals
("BESLUT", "MÅL" alone on a line), references ("NJA 1999 s. 715", "direktiv 2005/85/EG") and
Roman numerals are not acronyms.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field
from spacy.tokens import Doc, Token

from klarsprak.analysis.audience import addresses_reader
from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import sentence_of, token_table


def looks_like_acronym(token: Token, min_letters: int, max_letters: int) -> bool:
    text = token.text
    letters = [c for c in text if c.isalpha()]
    if not (min_letters <= len(letters) <= max_letters) or len(letters) != len(text):
        return False
    capitals = sum(1 for c in letters if c.isupper())
    return capitals >= 2 and text[0].isupper()


def _shouting(token: Token) -> bool:
    """True when the whole line is in capitals (a heading), not one acronym in a sentence."""
    sentence = [t for t in sentence_of(token) if t.is_alpha]
    if len(sentence) == 1:
        return len(token.text) >= 5 or _alone_on_line(token)  # "BESLUT", "MÅL" alone on a line
    return all(t.is_upper for t in sentence)


def _alone_on_line(token: Token) -> bool:
    """The word is the only word on its line ("MÅL", "*REGI"): a heading or a layout code."""
    text = token.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    line = text[start : end if end >= 0 else len(text)]
    return "".join(c for c in line if c.isalnum()) == token.text


ROMAN = frozenset("IVXLCDM")


def _reference(doc: Doc, token: Token) -> bool:
    """Part of a reference, not a word to explain: a case-law or document series before its
    number ("NJA 1999 s. 715", "MIG 2007:48", "SOU 2012:18", "UM 3102-07"), the letters of a
    directive number ("2005/85/EG", "92/57/EEG"), a Roman numeral ("avdelning III") or a
    placeholder in square brackets ("[NAMN]")."""
    if set(token.text) <= ROMAN:
        return True
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    prev = doc[token.i - 1] if token.i else None
    if prev is not None and prev.text.endswith("[") and nxt is not None and nxt.text.startswith("]"):
        return True  # a placeholder put in by masking ("[NAMN]", "[ADRESS]")
    if nxt is not None and nxt.text[:1].isdigit():
        return True
    if prev is not None and (prev.text.endswith("/") or prev.text[-1:].isdigit()) and not prev.whitespace_:
        return True
    return "/" in token.text


def _explained_before(doc: Doc, token: Token) -> bool:
    """ "kommunallagen (1991:900), KL" or "förvaltningslagen, FL,": the acronym right after the
    name it shortens (and its number), set off by commas, is the writer's own explanation."""
    prev = doc[token.i - 1] if token.i else None
    before = doc[token.i - 2] if token.i > 1 else None
    if prev is None or prev.text != "," or before is None:
        return False
    if before.text == ")":
        return True
    # "förvaltningslagen, FL, och …": the acronym in apposition after the name it shortens,
    # closed by a comma or the end of the sentence.
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (before.pos_ in ("NOUN", "PROPN") and before.text[:1].lower() == token.text[:1].lower()
            and nxt is not None and nxt.text in (",", "."))


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
    placeholders = frozenset()

    class Parameters(Schema):
        min_letters: int = 2
        max_letters: int = 6
        known: list[str] = Field(default_factory=list)
        # "reader": in a text that addresses nobody (a ruling, minutes) the finding is a tip; its
        # readers know the courts' and laws' acronyms (HD, RB, JO) that a letter must explain.
        audience: Literal["reader"] | None = None

    def find(self, doc: Doc) -> Iterable[Hit]:
        min_letters = int(self.params.get("min_letters", 2))
        max_letters = int(self.params.get("max_letters", 6))
        known = frozenset(self.params.get("known", []))
        seen: set[str] = set()
        for i, text in enumerate(token_table(doc).text):
            if not text[:1].isupper() or len(text) > max_letters or text in known or text in seen:
                continue  # an acronym starts with a capital and is all letters: no Token needed
            token = doc[i]
            if not looks_like_acronym(token, min_letters, max_letters) or _shouting(token):
                continue
            if _reference(doc, token):
                continue
            seen.add(token.text)
            if not _explained(doc, token) and not _explained_before(doc, token):
                tip = self.params.get("audience") == "reader" and not addresses_reader(doc)
                yield Hit(token.idx, token.idx + len(token.text), {"match": token.text},
                          level="tips" if tip else None)
