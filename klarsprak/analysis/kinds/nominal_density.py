"""``nominal-density``: sentences packed with nouns made from verbs ("utbetalning", "prövning")."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from klarsprak.analysis.kinds import Hit, Kind, register, trimmed_span

DEFAULT_SUFFIXES = ("ning", "ningen", "ningar", "ningarna", "ande", "andet", "ende", "endet",
                    "else", "elsen", "tion", "tionen", "tioner")


@register
class NominalDensity(Kind):
    """Parameters: ``suffixes``, ``min_per_sentence`` (default 3), ``min_letters`` and ``except``
    (words that only look like nominalizations: "ärende", "station")."""

    name = "nominal-density"

    def find(self, doc: Doc) -> Iterable[Hit]:
        suffixes = tuple(self.params.get("suffixes", DEFAULT_SUFFIXES))
        minimum = int(self.params.get("min_per_sentence", 3))
        min_length = int(self.params.get("min_letters", 7))
        exceptions = tuple(self.params.get("except", ()))
        for sentence in doc.sents:
            nouns = [
                t for t in sentence
                if t.pos_ == "NOUN" and len(t.text) >= min_length and t.lower_.endswith(suffixes)
                and not t.lower_.startswith(exceptions)
            ]
            if len(nouns) >= minimum:
                start, end = trimmed_span(sentence)
                words = ", ".join(f"”{t.text}”" for t in nouns)
                yield Hit(start, end, {"count": len(nouns), "words": words})
