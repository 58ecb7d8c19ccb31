"""The rule kind ``personal-data``: personnummer, e-mail, phone numbers, addresses and names.

It lives here, not in ``klarsprak.analysis.kinds``: the privacy package builds on the analysis
package (pipeline, lexicon), never the other way round. The engine finds this kind through the
``klarsprak.kinds`` entry point in pyproject.toml, like any other plug-in kind.

Accepted words (``rules/accept.txt``) never apply to this kind: a value is kept only by the
writer's decision on one text.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.privacy.detect import detect


@register
class PersonalData(Kind):
    """Parameters: ``group``: personnummer, email, phone, address or name."""

    name = "personal-data"
    acceptable = False  # no word list may hide personal data

    def find(self, doc: Doc) -> Iterable[Hit]:
        group = self.params.get("group")
        for datum in detect(doc):
            if datum.group == group:
                values = {"match": datum.text, "label": datum.label, "placeholder": datum.placeholder}
                yield Hit(datum.start, datum.end, values, (datum.placeholder,))
