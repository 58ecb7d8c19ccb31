"""Personal data in a text, as one domain service.

For each field of the current version (title, audience, body) the detector runs once per value
(cached by string), and its findings are joined with the writer's decisions. The writer's list,
the submit gate, "Maskera alla", the reviewers' projection and the masking of comments all read
:func:`items`, so they can never disagree. No list of accepted words takes part: a value is kept
only by the writer's decision on that text.

Decisions are stored as keyed hashes (HMAC-SHA256 with ``PERSONAL_DATA_KEY``), never as values:
the table cannot be read as a list of every client's name.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.privacy import PersonalDatum
from klarsprak.privacy.masking import Numbering
from klarsprak.review import permissions
from klarsprak.review.analysis import personal_data_in
from klarsprak.review.audit import audit
from klarsprak.review.errors import NotAllowed, WorkflowError
from klarsprak.review.models import PersonalDataDecision, Text, User

# Field -> where it is, as a sentence names it. Order matters: placeholders are numbered in it.
FIELDS: dict[str, str] = {"title": "i rubriken", "audience": "i fältet ”Vem ska läsa texten?”", "body": "i texten"}
MAX_REASON = 500


def value_hash(group: str, value: str) -> str:
    """The stored form of a personal value: an HMAC, so equal values match without being kept."""
    key = current_app.config["PERSONAL_DATA_KEY"].encode()
    return hmac.new(key, f"{group}\x00{value}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Item:
    """One personal detail in one field, with the writer's choice (None: not decided yet)."""

    field: str
    datum: PersonalDatum
    choice: PersonalDataDecision | None

    @property
    def field_label(self) -> str:
        return FIELDS[self.field]

    @property
    def masked(self) -> bool:
        """Reviewers see a placeholder: chosen "mask", or not decided at all (safe by default)."""
        return self.choice is None or self.choice.decision == "mask"


def where(fields: set[str] | list[str]) -> str:
    """The fields, in page order, as Swedish: "i rubriken och i texten"."""
    places = [FIELDS[f] for f in FIELDS if f in fields]
    return " och ".join([", ".join(places[:-1]), places[-1]]) if len(places) > 1 else "".join(places)


@dataclass(frozen=True)
class Projection:
    """What everyone but the author sees of a version."""

    title: str
    audience: str
    body: str


def fields_of(text: Text) -> dict[str, str]:
    """The author's originals of every field of the current version."""
    return {"title": text.title, "audience": text.audience or "", "body": text.revision().body}


def _decisions(text: Text) -> dict[tuple[str, str], PersonalDataDecision]:
    rows = db.session.scalars(select(PersonalDataDecision).where(PersonalDataDecision.text_id == text.id))
    return {(d.kind, d.value_hash): d for d in rows}


def items(text: Text) -> list[Item]:
    """Every personal detail in the current version's fields, in field order then text order."""
    chosen = _decisions(text)
    found = []
    for field, value in fields_of(text).items():
        for datum in personal_data_in(value):
            found.append(Item(field, datum, chosen.get((datum.group, value_hash(datum.group, datum.text)))))
    return found


def undecided(text: Text) -> list[Item]:
    """Details the author has not yet chosen to mask or keep: while any remain, no submit."""
    return [item for item in items(text) if item.choice is None]


def decide(user: User, text: Text, group: str, value: str, decision: str, reason: str = "") -> None:
    """Mask one value (everywhere in the text), or keep it with a reason."""
    if not permissions.can_edit(user, text):
        raise NotAllowed()
    if decision not in ("mask", "keep"):
        raise WorkflowError("Välj om uppgiften ska maskeras eller stå kvar.", 400)
    reason = " ".join(reason.split())
    if decision == "keep" and not reason:
        raise WorkflowError("Skriv varför uppgiften inte är en personuppgift.", 400)
    matching = [item for item in items(text) if item.datum.group == group and item.datum.text == value]
    if not matching:
        raise WorkflowError("Uppgiften finns inte längre i texten. Ladda om sidan.", 400)
    # The reason is free text too: someone may write "Annas mobil" in it.
    reason = mask_free_text(text, reason[:MAX_REASON])[0] if reason else ""
    choice = matching[0].choice
    if choice is None:
        db.session.add(PersonalDataDecision(text_id=text.id, kind=group, value_hash=value_hash(group, value),
                                            decision=decision, reason=reason, user_id=user.id))
    else:
        choice.decision, choice.reason = decision, reason
    # The audit log says what kind and what was chosen, never the value itself.
    audit(user, f"personal_data_{decision}", text, kind=group)
    db.session.commit()


def mask_all(user: User, text: Text) -> int:
    """Mark every undecided value for masking; how many values that was."""
    if not permissions.can_edit(user, text):
        raise NotAllowed()
    # One choice per value: "Tolvan" in the title and twice in the body is one decision.
    pending = {(item.datum.group, item.datum.text) for item in undecided(text)}
    for group, value in sorted(pending):
        db.session.add(PersonalDataDecision(text_id=text.id, kind=group, value_hash=value_hash(group, value),
                                            decision="mask", user_id=user.id))
    audit(user, "personal_data_mask_all", text, count=len(pending))
    db.session.commit()
    return len(pending)


def _numbered(text: Text, found: list[Item]) -> tuple[Projection, Numbering]:
    numbering = Numbering()
    values = fields_of(text)
    masked = {field: numbering.mask(values[field], [i.datum for i in found if i.field == field and i.masked])
              for field in FIELDS}
    return Projection(masked["title"], masked["audience"], masked["body"]), numbering


def projection(text: Text, found: list[Item] | None = None) -> Projection:
    """The current version as others will see it: every detail masked unless the author kept it.
    ``found``: the text's :func:`items`, when the caller already has them."""
    return _numbered(text, items(text) if found is None else found)[0]


def placeholders(text: Text, found: list[Item] | None = None) -> list[tuple[Item, str | None]]:
    """Each item with the placeholder reviewers will see (None for a kept value)."""
    found = items(text) if found is None else found
    numbering = Numbering()
    return [(item, numbering.placeholder(item.datum) if item.masked else None) for item in found]


@dataclass
class Entry:
    """One value as the writer decides on it: every place it appears, one choice."""

    group: str
    label: str
    value: str
    note: str
    fields: list[str]
    count: int
    choice: PersonalDataDecision | None
    placeholder: str | None


def entries(text: Text, found: list[Item] | None = None) -> list[Entry]:
    """The writer's list: one entry per value (the same name three times is one decision), in
    the order they first appear, with the placeholder reviewers will see."""
    grouped: dict[tuple[str, str], Entry] = {}
    for item, placeholder in placeholders(text, found):
        key = (item.datum.group, item.datum.text)
        entry = grouped.get(key)
        if entry is None:
            grouped[key] = Entry(item.datum.group, item.datum.label, item.datum.text, item.datum.note,
                                 [item.field], 1, item.choice, placeholder)
        else:
            entry.count += 1
            if item.field not in entry.fields:
                entry.fields.append(item.field)
    return list(grouped.values())


def _known_values(value: str, masked: list[Item]) -> list[PersonalDatum]:
    """Where values masked in the text (and each word of a masked name) appear in ``value``:
    "Tolvan" alone in a reply is the letter's "Tolvan Tolvansson", even where the detector
    would not know it on its own."""
    words: dict[str, PersonalDatum] = {}
    for item in masked:
        words.setdefault(item.datum.text.lower(), item.datum)
        if item.datum.group == "name":
            for part in item.datum.text.split():
                if len(part) > 1:
                    words.setdefault(part.lower(), item.datum)
    found = []
    for known, datum in words.items():
        for match in re.finditer(rf"(?<!\w){re.escape(known)}(?:s)?(?!\w)", value, re.IGNORECASE):
            # Numbered by the word without its genitive -s: "Tolvans" is the same [NAMN 1].
            found.append(PersonalDatum(match.start(), match.end(), datum.kind, match.group()[: len(known)]))
    return found


def mask_free_text(text: Text | None, value: str) -> tuple[str, int]:
    """``value`` (a comment, a reply, a reason) with personal data masked, and how many were.

    On a text, values masked there are masked here too, placeholders continue the text's own
    numbering (so "Tolvan" in a comment is the letter's [NAMN 1]), and values the author chose
    to keep stay."""
    data = list(personal_data_in(value)) if value.strip() else []
    if text is None:
        return (Numbering().mask(value, data), len(data)) if data else (value, 0)
    found = items(text)
    kept = {(i.datum.group, i.datum.text) for i in found if not i.masked}
    chosen = [d for d in data if (d.group, d.text) not in kept]
    for extra in sorted(_known_values(value, [i for i in found if i.masked]), key=lambda d: -(d.end - d.start)):
        if not any(extra.start < d.end and d.start < extra.end for d in chosen):
            chosen.append(extra)
    if not chosen:
        return value, 0
    _projection, numbering = _numbered(text, found)
    # A known value keeps the text's number: "Tolvans" is still [NAMN 1].
    return numbering.mask(value, chosen), len(chosen)
