"""``sentence-length``: sentences with more words than the thresholds allow."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from klarsprak.analysis.kinds import Hit, Kind, register, trimmed_span
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import sentences, token_table


@register
class SentenceLength(Kind):
    """Parameters: ``suggestion_above`` (default 20) and ``warning_above`` (default 30) words;
    ``tips_up_to`` (default: none): a sentence of at most this many words is a tip, shown only
    on request (21-25 words is often readable; longer sentences are shown to everybody)."""

    name = "sentence-length"
    placeholders = frozenset({"words", "limit"})

    class Parameters(Schema):
        suggestion_above: int = 20
        warning_above: int = 30
        tips_up_to: int | None = None

    def find(self, doc: Doc) -> Iterable[Hit]:
        suggestion_above = int(self.params.get("suggestion_above", 20))
        warning_above = int(self.params.get("warning_above", 30))
        tips_up_to = self.params.get("tips_up_to")
        tips_up_to = int(tips_up_to) if tips_up_to is not None else None
        table = token_table(doc)
        for sentence in sentences(doc):
            words = table.words_between(sentence.start, sentence.end)
            if words <= suggestion_above:
                continue
            start, end = trimmed_span(sentence)
            severity = "warning" if words > warning_above else "suggestion"
            level = "tips" if tips_up_to is not None and words <= tips_up_to else None
            yield Hit(start, end, {"words": words, "limit": suggestion_above}, severity=severity, level=level)
