"""All kinds of personal data in one pass, without overlaps."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from klarsprak.analysis.spans import doc_text
from klarsprak.privacy.names import find_names, is_organisation_or_place, public_body_near
from klarsprak.privacy.patterns import (
    find_addresses,
    find_birthdates,
    find_birthdates_after,
    find_emails,
    find_phones,
)
from klarsprak.privacy.personnummer import find_identity_numbers

# kind -> (label shown to the writer, placeholder in the masked text)
KINDS: dict[str, tuple[str, str]] = {
    "personnummer": ("Personnummer", "PERSONNUMMER"),
    "samordningsnummer": ("Samordningsnummer", "PERSONNUMMER"),
    "möjligt personnummer": ("Möjligt personnummer", "PERSONNUMMER"),
    "birthdate": ("Födelsedatum", "FÖDELSEDATUM"),
    "email": ("E-postadress", "E-POST"),
    "phone": ("Telefonnummer", "TELEFON"),
    "address": ("Adress", "ADRESS"),
    "name": ("Namn", "NAMN"),
}
# Earlier kinds win where spans overlap: a personnummer is never also a phone number or a date.
ORDER = ("personnummer", "birthdate", "email", "phone", "address", "name")
NOTE_SWITCHBOARD = "ser ut som en myndighets växelnummer"
NOTE_OFFICE = "ser ut som en myndighets adress"


@dataclass(frozen=True)
class PersonalDatum:
    start: int
    end: int
    kind: str
    text: str
    note: str = ""  # plain Swedish, shown next to the flag: why it may be fine to keep

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]

    @property
    def placeholder(self) -> str:
        return f"[{KINDS[self.kind][1]}]"

    @property
    def group(self) -> str:
        """The rule group: personnummer, birthdate, email, phone, address or name."""
        return "personnummer" if "nummer" in self.kind else self.kind


def detect(doc: Doc) -> list[PersonalDatum]:
    """Every piece of personal data in ``doc``, in text order (computed once per Doc)."""
    cached = doc.user_data.get("klarsprak.personal_data")
    if cached is None:
        cached = doc.user_data["klarsprak.personal_data"] = _detect(doc)
    return cached


# Whole words only: "Personnummer:" ends in "nummer" but announces a personnummer.
PHONE_CUE = re.compile(r"\b(?:tel\.?|tfn|telefon\w*|mobil\w*|ring\w*|sms|når\w*|nås|nummer|nr)\W+(?:\w+\W+){0,3}$",
                       re.IGNORECASE)
SWITCHBOARD_CUE = re.compile(r"\b(?:växel\w*|vxl|kundtjänst|kontaktcenter|servicecenter|medborgarservice|"
                             r"kundcenter|upplysning\w*|telefontid\w*)\b", re.IGNORECASE)


def _phone_not_personnummer(text: str, start: int, end: int) -> bool:
    """A ten-digit number starting with 0 and no separator ("0701234567") may be either; words
    such as "ring", "telefon" or "når" just before it make it a phone number."""
    number = text[start:end]
    if len(number) != 10 or not number.isdigit() or number[0] != "0":
        return False
    return bool(PHONE_CUE.search(text[max(0, start - 40) : start]))


SENTENCE_END = re.compile(r"[.!?](?=\s)")
# A mobile number is a person's, never a public body's switchboard (07x, +46 7x, 0046 7x).
MOBILE = re.compile(r"^(?:\+46|0046)?\s*\(?0?\)?\s*7\d")
# A flat or a floor ("lgh 1104", "2 tr") or "c/o" is where somebody lives, not an office.
HOME_ADDRESS = re.compile(r"\b(?:lgh|lägenhet|\d+\s*tr|c/o)\b", re.IGNORECASE)
# "din adress", "hennes mobil", "mitt nummer": the value is named as somebody's own.
OWNED = re.compile(r"\b(?:min|mitt|din|ditt|hans|hennes|deras|sin|sitt|er|ert)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _around(text: str, start: int, end: int) -> str:
    """Where a public body's name would say whose a number or an address is: the value's own
    sentence on its own line, and the line before it (a letterhead names its sender there). A
    pasted paragraph is one long line, so only the value's sentence counts there: an authority
    named in another sentence ("nämnden beslutade …") says nothing about a client's number."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    ends_before = [m.end() for m in SENTENCE_END.finditer(text, line_start, start)]
    sentence_start = ends_before[-1] if ends_before else line_start
    following = SENTENCE_END.search(text, end, line_end)
    sentence = text[sentence_start : following.end() if following else line_end]
    if sentence_start > line_start or line_start == 0:
        return sentence
    previous_start = text.rfind("\n", 0, line_start - 1) + 1
    return text[previous_start : line_start] + sentence


def _note(text: str, start: int, end: int, group: str) -> str:
    """A public body's switchboard or office address is flagged too, but says so. Never for a
    value named as somebody's own, a mobile number or a home address (flat, floor, c/o)."""
    value = text[start:end]
    line_start = text.rfind("\n", 0, start) + 1
    if OWNED.search(text[max(line_start, start - 40) : start]):
        return ""
    if group == "phone":
        if MOBILE.match(value):
            return ""
        context = text[max(line_start, start - 60) : start]  # the cue must be on the number's own line
        if SWITCHBOARD_CUE.search(context) or public_body_near(_around(text, start, end)):
            return NOTE_SWITCHBOARD
    elif group == "address" and not HOME_ADDRESS.search(value) and (
            value.lower().startswith("box ") or public_body_near(_around(text, start, end))):
        return NOTE_OFFICE
    return ""


# "c/o Andersson, Storgatan 1": the person in whose care the post goes is a name, not part of the
# street address.
CARE_OF_NAME = re.compile(r"c/o[ \t]+([A-ZÅÄÖ][\wåäö-]+(?:[ \t][A-ZÅÄÖ][\wåäö-]+)?)[ \t]*,?[ \t]*\r?\n?[ \t]*")


def _split_care_of(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(addresses, names): an address opening with "c/o NAME" gives the name up, unless it is a
    place or an organisation ("c/o Stiftelsen Hemgården")."""
    addresses, names = [], []
    for start, end in spans:
        match = CARE_OF_NAME.match(text, start)
        if match and not is_organisation_or_place(match.group(1)):
            names.append(match.span(1))
            if match.end() < end:
                addresses.append((match.end(), end))
            continue
        addresses.append((start, end))
    return addresses, names


def _detect(doc: Doc) -> list[PersonalDatum]:
    text = doc_text(doc)  # the text the Doc was made from, shared with the analysis
    numbers = list(find_identity_numbers(text))
    found: dict[str, list[tuple[int, int, str]]] = {
        "personnummer": [(n.start, n.end, n.kind) for n in numbers
                         if not _phone_not_personnummer(text, n.start, n.end)],
        "birthdate": [(s, e, "birthdate") for s, e in find_birthdates(text)],
        "email": [(s, e, "email") for s, e in find_emails(text)],
        "phone": [(s, e, "phone") for s, e in find_phones(text)],
    }
    addresses, cared_for = _split_care_of(text, list(find_addresses(text)))
    found["address"] = [(s, e, "address") for s, e in addresses]
    found["name"] = sorted([(s, e, "name") for s, e in find_names(doc)]
                           + [(s, e, "name") for s, e in cared_for])
    found["birthdate"] += [(s, e, "birthdate") for s, e in find_birthdates_after(text, [n[:2] for n in found["name"]])]
    taken: list[tuple[int, int]] = []
    data = []
    for group in ORDER:
        for start, end, kind in found[group]:
            for piece_start, piece_end in _outside(text, start, end, taken):
                taken.append((piece_start, piece_end))
                data.append(PersonalDatum(piece_start, piece_end, kind, text[piece_start:piece_end],
                                          _note(text, piece_start, piece_end, group)))
    return sorted(data, key=lambda d: d.start)


def _outside(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``start``-``end`` that no earlier kind took, trimmed of spaces and marks: a name
    that runs into an address ("12 B. Märta Exempelsson") keeps its own words instead of being
    dropped whole."""
    if not any(start < e and s < end for s, e in taken):
        return [(start, end)]
    pieces = [(start, end)]
    for s, e in taken:
        pieces = [part for a, b in pieces for part in (((a, b),) if e <= a or b <= s else ((a, s), (e, b)))]
    kept = []
    for a, b in pieces:
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not text[b - 1].isalnum() and text[b - 1] != ".":
            b -= 1
        if b - a >= 2 and any(c.isalnum() for c in text[a:b]):
            kept.append((a, b))
    return kept
