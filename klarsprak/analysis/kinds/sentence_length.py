"""``sentence-length``: sentences with more words than the thresholds allow."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from klarsprak.analysis.kinds import Hit, Kind, register, trimmed_span, word_tokens


@register
class SentenceLength(Kind):
    """Parameters: ``suggestion_above`` (default 20) and ``warning_above`` (default 30) words."""

    name = "sentence-length"

    def find(self, doc: Doc) -> Iterable[Hit]:
        suggestion_above = int(self.params.get("suggestion_above", 20))
        warning_above = int(self.params.get("warning_above", 30))
        for sentence in doc.sents:
            words = len(word_tokens(sentence))
            if words <= suggestion_above:
                continue
            start, end = trimmed_span(sentence)
            severity = "warning" if words > warning_above else "suggestion"
            yield Hit(start, end, {"words": words, "limit": suggestion_above}, severity=severity)
