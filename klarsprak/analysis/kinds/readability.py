"""``lix``: readability index per text or per paragraph, with Björnsson's bands."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from spacy.tokens import Doc

from klarsprak.analysis.kinds import Hit, Kind, register, trimmed_span
from klarsprak.analysis.metrics import count_sentences, lix_band, lix_of, paragraphs
from klarsprak.analysis.schema import Schema


def is_layout(text: str) -> bool:
    """A heading or a table, not running text: a Markdown heading or table row, tab-separated
    columns, or lines none of which ends like a sentence."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return True
    if all(line.startswith(("#", "|")) or "\t" in line or line.count(" | ") >= 1 for line in lines):
        return True
    return not any(line.endswith((".", "!", "?", ":", "”", '"', ")")) for line in lines)


@register
class Lix(Kind):
    """Parameters: ``scope`` (``text`` or ``paragraph``), ``suggestion_from`` (50),
    ``warning_from`` (60), ``min_words`` (paragraphs shorter than this are skipped: LIX on a few
    words is noise), ``min_sentences`` (paragraph scope, default 2: the LIX of one sentence
    repeats the sentence-length finding). Headings and table rows are never paragraphs."""

    name = "lix"
    placeholders = frozenset({"lix", "band", "words"})

    class Parameters(Schema):
        scope: Literal["text", "paragraph"] = "text"
        suggestion_from: float = 50
        warning_from: float = 60
        min_words: int = 0
        min_sentences: int = 2

    def find(self, doc: Doc) -> Iterable[Hit]:
        suggestion_from = float(self.params.get("suggestion_from", 50))
        warning_from = float(self.params.get("warning_from", 60))
        min_words = int(self.params.get("min_words", 0))
        min_sentences = int(self.params.get("min_sentences", 2))
        by_paragraph = self.params.get("scope", "text") != "text"
        parts = list(paragraphs(doc)) if by_paragraph else [doc[:]]
        for part in parts:
            value, words = lix_of(part)
            if words < min_words or value < suggestion_from:
                continue
            if by_paragraph and (count_sentences(part) < min_sentences or is_layout(part.text)):
                continue
            severity = "warning" if value >= warning_from else "suggestion"
            values = {"lix": f"{value:.0f}", "band": lix_band(value), "words": words}
            if self.params.get("scope", "text") == "text":
                # A finding about the whole text points at its start, with no highlighted text.
                yield Hit(0, 0, values, severity=severity)
            else:
                start, end = trimmed_span(part)
                yield Hit(start, end, values, severity=severity)
