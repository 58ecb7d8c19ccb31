"""Numbers, e-mail, addresses and dates of birth written the way real letters write them."""

from __future__ import annotations

import pytest

from klarsprak.analysis.document import make_doc
from klarsprak.privacy import PersonalDatum, detect
from klarsprak.privacy.detect import NOTE_OFFICE, NOTE_SWITCHBOARD


def found(nlp, text: str, group: str) -> list[str]:
    return [d.text for d in detect(make_doc(nlp, text)) if d.group == group]


# Personnummer written in pairs or with spaces round the dash.
@pytest.mark.parametrize("number", ["12 12 12-1212", "12 12 12 - 1212", "19 12 12 12-1212", "850709 - 9805",
                                    "85 07 09 9805"])
def test_spaced_personnummer(nlp, number):
    assert found(nlp, f"Klienten har personnummer {number} enligt akten.", "personnummer") == [number]


@pytest.mark.parametrize("text", ["Beloppet är 12 12 12 1213 kronor.", "Dnr SN 2024/1187", "Tel. 12 34 56 7890"])
def test_spaced_digit_groups_without_check_digit_are_not_personnummer(nlp, text):
    assert found(nlp, text, "personnummer") == []


# Phone numbers with a dash between spaces.
@pytest.mark.parametrize("number", ["070 - 123 45 67", "08 - 123 456 78", "0046 70 - 123 45 67", "042 – 10 50 00"])
def test_phone_with_spaced_dash(nlp, number):
    assert found(nlp, f"Du når mig på {number} efter lunch.", "phone") == [number]


# E-mail addresses written to fool harvesters.
@pytest.mark.parametrize("address", ["tolvan (at) example.se", "tolvan[at]example.se", "tolvan at example dot se",
                                     "anna.ek (snabel-a) kommun (punkt) se", "kalle{at}exempel.nu"])
def test_obfuscated_email(nlp, address):
    assert found(nlp, f"Skriv till {address} om du undrar.", "email") == [address]


def test_the_word_at_alone_is_no_email(nlp):
    assert found(nlp, "Han tittade at the end of the day och sa nej.", "email") == []


# Addresses as a whole: flat, floor, c/o, postcode on the next line, lower case.
@pytest.mark.parametrize(("text", "address"), [
    ("Hon bor på Kvarnvägen 12 lgh 1104 sedan maj.", "Kvarnvägen 12 lgh 1104"),
    ("Skicka till Åsgatan 3, 1 tr, 252 21 Helsingborg i dag.", "Åsgatan 3, 1 tr, 252 21 Helsingborg"),
    ("Mottagare:\nBjörkstigen 7 B\n262 61 Ängelholm\n", "Björkstigen 7 B\n262 61 Ängelholm"),
    ("familjen har flyttat till storgatan 5 i höstas", "storgatan 5"),
    ("Ny adress: lindvägen 14 lgh 1201, 254 40 Helsingborg", "lindvägen 14 lgh 1201, 254 40 Helsingborg"),
])
def test_addresses_as_a_whole(nlp, text, address):
    assert found(nlp, text, "address") == [address]


def test_care_of_names_a_person_apart_from_the_address(nlp):
    data = detect(make_doc(nlp, "Adress: c/o Andersson, Storgatan 1, 111 22 Stockholm"))
    assert [(d.group, d.text) for d in data] == [("name", "Andersson"), ("address", "Storgatan 1, 111 22 Stockholm")]


def test_care_of_an_organisation_stays_in_the_address(nlp):
    data = detect(make_doc(nlp, "Post till c/o Stiftelsen Hemgården, Storgatan 1, 111 22 Stockholm"))
    assert [(d.group, d.text) for d in data] == [("address", "c/o Stiftelsen Hemgården, Storgatan 1, 111 22 Stockholm")]


@pytest.mark.parametrize("text", ["Vi följer handlingsplan 2 i år.", "Det tar vägen 5 km söderut.",
                                  "Beslutet gäller i 3 år."])
def test_ordinary_words_with_numbers_are_no_address(nlp, text):
    assert found(nlp, text, "address") == []


# Dates of birth.
@pytest.mark.parametrize(("text", "date"), [
    ("Barnet är född den 12 mars 2015.", "12 mars 2015"),
    ("Sökande, född 1985-03-12, bor i Höganäs.", "1985-03-12"),
    ("Mamman (f. 12/3 1985) var med på mötet.", "12/3 1985"),
    ("Födelsedatum: 1990-07-03", "1990-07-03"),
    ("Han föddes 2 februari 1979 i Kalmar.", "2 februari 1979"),
    ("född 3:e maj 2001", "3:e maj 2001"),
])
def test_birthdates(nlp, text, date):
    data = [d for d in detect(make_doc(nlp, text)) if d.group == "birthdate"]
    assert [d.text for d in data] == [date]
    assert (data[0].label, data[0].placeholder) == ("Födelsedatum", "[FÖDELSEDATUM]")


@pytest.mark.parametrize("text", ["Mötet är 2024-05-01.", "Ansökan kom in den 12 mars 2024.",
                                  "Född 1985 och uppvuxen i Lund."])
def test_other_dates_are_no_birthdates(nlp, text):
    assert found(nlp, text, "birthdate") == []


def test_a_personnummer_is_not_also_a_birthdate(nlp):
    text = "Född: 19121212-1212"
    assert [(d.group, d.text) for d in detect(make_doc(nlp, text))] == [("personnummer", "19121212-1212")]


# Notes for a public body's own number and address.
def test_switchboard_number_has_a_note(nlp):
    text = "Socialförvaltningen, Helsingborgs stad\nVäxel: 042-10 50 00\nRing mig på 070-123 45 67."
    notes = {d.text: d.note for d in detect(make_doc(nlp, text)) if d.group == "phone"}
    assert notes == {"042-10 50 00": NOTE_SWITCHBOARD, "070-123 45 67": ""}


def test_office_address_has_a_note(nlp):
    text = "Socialtjänsten, Box 123, 251 89 Helsingborg\n\nKlienten bor på Storgatan 5."
    notes = {d.text: d.note for d in detect(make_doc(nlp, text)) if d.group == "address"}
    assert notes == {"Box 123, 251 89 Helsingborg": NOTE_OFFICE, "Storgatan 5": ""}


def test_personal_datum_keeps_its_interface():
    datum = PersonalDatum(0, 4, "samordningsnummer", "1212")
    assert (datum.group, datum.label, datum.placeholder, datum.note) == (
        "personnummer", "Samordningsnummer", "[PERSONNUMMER]", "")
    assert PersonalDatum(0, 4, "name", "Anna", "x").note == "x"


@pytest.mark.parametrize("text", [
    # a pasted paragraph is one line: an authority named in another sentence says nothing
    "Nämnden har fattat beslut i ärendet. Du kan nå handläggaren men vi har ditt nummer 073-456 78 90 sparat.",
    # a mobile number is a person's, whatever the line says
    "Socialtjänsten Helsingborg, mobil 076-222 33 44",
])
def test_a_persons_number_gets_no_switchboard_note(nlp, text):
    notes = [d.note for d in detect(make_doc(nlp, text)) if d.group == "phone"]
    assert notes and notes == [""] * len(notes)


@pytest.mark.parametrize("text", [
    "Socialnämnden har beslutat. Vi skickar beslutet till din adress Ekvägen 4 lgh 1203, 254 40 Helsingborg.",
    "Socialförvaltningen\nPost till klienten: Ekvägen 4, 2 tr, 254 40 Helsingborg",
])
def test_a_home_address_gets_no_office_note(nlp, text):
    notes = [d.note for d in detect(make_doc(nlp, text)) if d.group == "address"]
    assert notes and notes == [""] * len(notes)


def test_a_switchboard_in_its_own_sentence_keeps_its_note(nlp):
    text = "Klienten ringde i går. Ring Helsingborgs stads kontaktcenter på 042-10 50 00 om du har frågor."
    notes = {d.text: d.note for d in detect(make_doc(nlp, text)) if d.group == "phone"}
    assert notes == {"042-10 50 00": NOTE_SWITCHBOARD}
