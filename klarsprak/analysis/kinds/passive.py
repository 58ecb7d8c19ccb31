"""``passive``: s-passive and bli-passive. Advice, not an error: sometimes passive is right."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.analysis.passive import active_form, find_passives


@register
class PassiveVoice(Kind):
    """Parameters: ``form``: ``s`` (beviljas) or ``bli`` (blev beviljad)."""

    name = "passive"

    def find(self, doc: Doc) -> Iterable[Hit]:
        form = self.params.get("form", "s")
        for passive in find_passives(doc):
            if passive.form != form:
                continue
            span = doc[passive.start : passive.end]
            active = active_form(passive)
            values = {"match": span.text, "active": active or "…", "verb": passive.verb.text}
            yield Hit(span.start_char, span.end_char, values)
