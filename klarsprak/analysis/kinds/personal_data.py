"""``personal-data``: personnummer, e-mail, phone numbers, addresses and names of people."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.privacy.detect import detect


@register
class PersonalData(Kind):
    """Parameters: ``group``: personnummer, email, phone, address or name."""

    name = "personal-data"

    def find(self, doc: Doc) -> Iterable[Hit]:
        group = self.params.get("group")
        for datum in detect(doc):
            if datum.group == group:
                values = {"match": datum.text, "label": datum.label, "placeholder": datum.placeholder}
                yield Hit(datum.start, datum.end, values, (datum.placeholder,))
