"""What the writer's page needs besides the workflow: stable ids for findings, the place to come
back to after an action (with its message and an undo, kept on the server), one row per person
in the personal-data list, and the findings a repeated word shares ("Ändra alla")."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask import session

from klarsprak.analysis.findings import Finding
from klarsprak.extensions import db
from klarsprak.review.models import Text, UndoChange
from klarsprak.review.personal_data import Entry
from klarsprak.web.highlight import WHOLE_PASSAGE

LANDING_KEY = "writer_landing"
END_OF_FINDINGS = "anmarkningar-slut"  # where the writer lands when no finding follows


def _digest(value: str) -> str:
    """A short, stable token for a passage: an id must not spell out the text (it ends up in
    the address bar and the browser's history)."""
    return hashlib.blake2s(value.casefold().encode(), digest_size=4).hexdigest()


def _slug(rule: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", rule.lower()).strip("-")


def finding_ids(findings: Sequence[Finding]) -> list[str]:
    """An HTML id per finding made of its rule, its words and which occurrence of those words
    it is: a change elsewhere in the text (a word replaced, a finding dismissed) leaves every
    other finding's id as it was, unlike a running number."""
    seen: dict[tuple[str, str], int] = {}
    ids = []
    for finding in findings:
        key = (finding.rule, finding.text.casefold())
        seen[key] = seen.get(key, 0) + 1
        ids.append(f"f-{_slug(finding.rule)}-{_digest(finding.text)}-{seen[key]}")
    return ids


def next_anchor(findings: Sequence[Finding], position: int) -> str:
    """The id of the first finding in the list at or after ``position`` (where the writer just
    acted), else of the last one above it, else the end of the list."""
    if not findings:
        return END_OF_FINDINGS
    ids = finding_ids(findings)
    for finding, anchor in zip(findings, ids, strict=True):
        if finding.start >= position:
            return anchor
    return ids[-1]


@dataclass(frozen=True)
class Change:
    """One replacement in a body: at ``start`` the text ``old`` became ``new``."""

    start: int
    old: str
    new: str


def replace_all(body: str, places: Sequence[tuple[int, int, str]]) -> tuple[str, list[Change]]:
    """``body`` with each (start, end, replacement) put in (non-overlapping, any order), and the
    changes as they stand in the new body, so that they can be undone."""
    out, changes, position, shift = [], [], 0, 0
    for start, end, replacement in sorted(places):
        if start < position:
            continue  # overlapping: the first one wins
        out.append(body[position:start])
        out.append(replacement)
        changes.append(Change(start + shift, body[start:end], replacement))
        shift += len(replacement) - (end - start)
        position = end
    out.append(body[position:])
    return "".join(out), changes


def undo(body: str, changes: Sequence[Change]) -> str | None:
    """``body`` with ``changes`` reversed, or None when the body no longer holds them."""
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        end = change.start + len(change.new)
        if change.start < 0 or body[change.start:end] != change.new:
            return None
        body = body[:change.start] + change.old + body[end:]
    return body


def current_undo(text: Text, undo_id: int | None) -> UndoChange | None:
    """The kept undo ``undo_id`` if it belongs to ``text`` and still fits it: nothing has changed
    the text since (a save or a new version removes it; any other change moves the lock)."""
    row = db.session.get(UndoChange, undo_id) if undo_id is not None else None
    if row is None or row.text_id != text.id:
        return None
    if row.lock_version != text.lock_version or row.revision_number != text.current_version:
        return None
    return row


def undo_changes(row: UndoChange) -> list[Change]:
    """The replacements a kept undo reverses."""
    return [Change(int(s), str(o), str(n)) for s, o, n in json.loads(row.changes_json)]


def land(text_id: int, anchor: str, message: str, undo_id: int | None = None) -> None:
    """Remember where the writer comes back to and what to tell them there (and, after a
    replacement, which kept undo "Ångra" uses: only its id travels in the session cookie). Read
    once by the next page, like a flashed message."""
    session[LANDING_KEY] = {"text": text_id, "anchor": anchor, "message": message, "undo": undo_id}


@dataclass(frozen=True)
class Landing:
    anchor: str
    message: str
    undo: int | None  # the id of the kept undo, if "Ångra" is offered


def landing_for(text_id: int) -> Landing | None:
    """The place and message left by the last action on this text, once."""
    data = session.get(LANDING_KEY)
    if not isinstance(data, dict) or data.get("text") != text_id:
        return None
    session.pop(LANDING_KEY, None)
    undo_id = data.get("undo")
    return Landing(str(data.get("anchor", "")), str(data.get("message", "")),
                   undo_id if isinstance(undo_id, int) else None)


@dataclass
class Person:
    """One row of the writer's personal-data list: the values the masking gives one placeholder
    ("Anna Svensson" and later "Anna" are both [NAMN 1]) decided together."""

    id: str
    group: str
    label: str
    values: list[str]
    note: str
    fields: list[str]
    count: int
    choice: object | None  # the common decision, None while any value is undecided
    placeholder: str | None
    entries: list[Entry] = field(default_factory=list)


def people(entries: Sequence[Entry]) -> list[Person]:
    """The writer's list with each masked person once. A value kept stays a row of its own
    (nothing joins it to the others)."""
    rows: dict[tuple, Person] = {}
    for entry in entries:
        key = (entry.group, entry.placeholder) if entry.placeholder else (entry.group, None, entry.value)
        row = rows.get(key)
        if row is None:
            rows[key] = Person(f"pu-{_slug(entry.group)}-{_digest(entry.value)}", entry.group, entry.label,
                               [entry.value], entry.note, list(entry.fields), entry.count, entry.choice,
                               entry.placeholder, [entry])
            continue
        row.values.append(entry.value)
        row.entries.append(entry)
        row.count += entry.count
        row.fields += [f for f in entry.fields if f not in row.fields]
        row.note = row.note or entry.note
        if entry.choice is None:
            row.choice = None
    return list(rows.values())


def person_anchor(rows: Sequence[Person], group: str, value: str) -> str:
    """The row that holds ``value`` (the row the writer acted on), else the top of the list."""
    for row in rows:
        if row.group == group and value in row.values:
            return row.id
    return "personuppgifter"


def replaceable(finding: Finding) -> bool:
    """A finding that "Använd förslaget" can put right with one click."""
    return bool(finding.suggestions and finding.one_click and finding.end > finding.start
                and finding.category not in WHOLE_PASSAGE and finding.category != "personal-data")


@dataclass(frozen=True)
class Repeated:
    """For "Ändra alla": how many of a repeated word's findings one click can change, of all."""

    changeable: int
    total: int


def repeated(findings: Sequence[Finding]) -> list[Repeated | None]:
    """Per finding: its group of repeats when one click can change two or more of them."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        if finding.suggestions and finding.category not in WHOLE_PASSAGE and finding.category != "personal-data":
            groups.setdefault((finding.rule, finding.text, finding.suggestions[0]), []).append(finding)
    out: list[Repeated | None] = []
    for finding in findings:
        group = groups.get((finding.rule, finding.text, finding.suggestions[0])) if finding.suggestions else None
        changeable = sum(1 for f in group if replaceable(f)) if group else 0
        out.append(Repeated(changeable, len(group)) if group and changeable >= 2 and replaceable(finding) else None)
    return out
