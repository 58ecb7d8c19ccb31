"""``lix``: readability index per text or per paragraph, with Björnsson's bands."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from klarsprak.analysis.kinds import Hit, Kind, register, trimmed_span
from klarsprak.analysis.metrics import lix_band, lix_of, paragraphs


@register
class Lix(Kind):
    """Parameters: ``scope`` (``text`` or ``paragraph``), ``suggestion_from`` (50),
    ``warning_from`` (60), ``min_words`` (paragraphs shorter than this are skipped)."""

    name = "lix"

    def find(self, doc: Doc) -> Iterable[Hit]:
        suggestion_from = float(self.params.get("suggestion_from", 50))
        warning_from = float(self.params.get("warning_from", 60))
        min_words = int(self.params.get("min_words", 0))
        parts = [doc[:]] if self.params.get("scope", "text") == "text" else list(paragraphs(doc))
        for part in parts:
            value, words = lix_of(part)
            if words < min_words or value < suggestion_from:
                continue
            severity = "warning" if value >= warning_from else "suggestion"
            values = {"lix": f"{value:.0f}", "band": lix_band(value), "words": words}
            if self.params.get("scope", "text") == "text":
                # A finding about the whole text points at its start, with no highlighted text.
                yield Hit(0, 0, values, severity=severity)
            else:
                start, end = trimmed_span(part)
                yield Hit(start, end, values, severity=severity)
