"""``long-word``: very long words (mostly compounds) that are hard to take in at a glance."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from klarsprak.analysis.kinds import Hit, Kind, register


@register
class LongWord(Kind):
    """Parameters: ``min_letters`` (default 20): flag words with at least this many letters."""

    name = "long-word"

    def find(self, doc: Doc) -> Iterable[Hit]:
        min_letters = int(self.params.get("min_letters", 20))
        for token in doc:
            if token.like_url or token.like_email or token.pos_ == "PROPN":
                continue
            letters = sum(1 for c in token.text if c.isalpha())
            if letters >= min_letters and not any(c.isdigit() for c in token.text):
                yield Hit(token.idx, token.idx + len(token.text), {"letters": letters})
