"""Personal-data detection: each kind alone, the distractors, masking, and the synthetic set."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from klarsprak.analysis.document import make_doc
from klarsprak.privacy import detect, mask
from klarsprak.privacy.personnummer import classify, find_identity_numbers, luhn_ok, valid_personnummer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))  # the template letters
from privacy_synthetic import detect_all, letters, personnummer, score


@pytest.mark.parametrize("number", ["19121212-1212", "121212-1212", "191212121212", "1212121212", "121212 1212",
                                    "121212+1212"])
def test_every_common_format_of_the_test_personnummer(number):
    text = f"Personnummer: {number}."
    found = list(find_identity_numbers(text))
    assert [(f.kind, text[f.start : f.end]) for f in found] == [("personnummer", number)]


def test_samordningsnummer_and_wrong_check_digit():
    assert classify("121272", "-", "1219") == "samordningsnummer"
    assert classify("121212", "-", "1213") == "möjligt personnummer"
    assert classify("121332", "-", "1212") is None  # no 32nd of December
    assert luhn_ok("8507099805") and valid_personnummer("850709-9805")


@pytest.mark.parametrize("text", ["Dnr SN 2024/1187", "Du får 6 450 kronor.", "Mötet är 2024-05-01.", "kl. 10.30",
                                  "20240501", "Organisationsnummer 212000-1355.", "Belopp: 1 234 567 kr"])
def test_distractors_are_not_personnummer(text):
    assert list(find_identity_numbers(text)) == []


@pytest.mark.parametrize("number", ["070-123 45 67", "0701234567", "+46 70 123 45 67", "042-10 50 00",
                                    "08-123 456 78", "+46 (0)42 105000", "0046 70 123 45 67"])
def test_phone_formats(nlp, number):
    data = detect(make_doc(nlp, f"Ring mig på {number} i morgon."))
    assert [(d.group, d.text) for d in data] == [("phone", number)]


def test_organisations_and_places_are_not_people(nlp):
    text = "Socialförvaltningen i Helsingborg bjuder in till en dag på Fontänhuset med Försäkringskassan."
    assert [d for d in detect(make_doc(nlp, text)) if d.group == "name"] == []


@pytest.mark.parametrize(("text", "names"), [
    ("Din handläggare är Ann-Charlotte Sjöberg.", ["Ann-Charlotte Sjöberg"]),  # double first name
    ("Hej Anna-Karin, vi har fått din ansökan.", ["Anna-Karin"]),
    ("Din handläggare är Elin Lund.", ["Elin Lund"]),  # a surname that is also a town
    ("Angående Marvik Ekelundh, ansökan om bistånd", ["Marvik Ekelundh"]),  # on no list
    ("Med vänlig hälsning\nKarin Ridderstad\nSocialsekreterare", ["Karin Ridderstad"]),
    ("Hej Anna Du har fått pengar.", ["Anna"]),  # "Du" is not part of the name
    ("Med vänlig hälsning\nSocialtjänsten\nHelsingborgs stad", []),
    ("Ansökan skickas till Lund.", []),
    ("Zeynep Yilmaz kom till mötet.", ["Zeynep Yilmaz"]),  # on no list, no cue: two unknown words
    ("Sökande: Nour Haddad\nBarn: Omar Haddad", ["Nour Haddad", "Omar Haddad"]),  # labelled fields
    ("Leyla Khan kom till besöket. Leyla berättade om hyran.", ["Leyla Khan", "Leyla"]),  # later mentions
    ("Hej Tolvan!\n\nVi ringer dig, Tolvan, på måndag.", ["Tolvan", "Tolvan"]),  # also an ordinary word
    ("Familjerätt\n\nGiftemål När man ska gifta sig måste man anmäla det.", []),  # a heading, not a name
    ("Ålderspension Ålderspensionen betalas ut varje månad.", []),
])
def test_whole_names_are_found(nlp, text, names):
    assert [d.text for d in detect(make_doc(nlp, text)) if d.group == "name"] == names


def test_labelled_personnummer_is_not_a_phone_number(nlp):
    text = "Personnummer: 0506889922\nRing oss på 0701234567."
    assert [(d.group, d.text) for d in detect(make_doc(nlp, text))] == [
        ("personnummer", "0506889922"), ("phone", "0701234567")]


def test_a_street_address_stops_before_the_town_word(nlp):
    text = "Familjen har flyttat till Storgatan 5 i Helsingborg och till Kvarngatan 12b i juni."
    assert [d.text for d in detect(make_doc(nlp, text)) if d.group == "address"] == ["Storgatan 5", "Kvarngatan 12b"]


def test_a_half_masked_name_does_not_count_as_found():
    from privacy_synthetic import Letter

    item = Letter()
    item.add("Hej ")
    item.add("Karin Ridderstad", "name")
    start = len("Hej ")
    assert score([[(start, start + 5, "name")]], [item])["name"]["recall"] == 0.0
    assert score([[(start, start + 16, "name")]], [item])["name"]["recall"] == 1.0


def test_same_person_same_placeholder(nlp):
    text = "Angående Tolvan Tolvansson.\n\nHej Tolvan! Anna Exempelsson ringer dig."
    masked = mask(text, detect(make_doc(nlp, text)))
    assert masked == "Angående [NAMN 1].\n\nHej [NAMN 1]! [NAMN 2] ringer dig."


def test_generated_personnummer_are_valid():
    import random

    rng = random.Random(1)
    numbers = [personnummer(rng) for _ in range(200)]
    assert all(valid_personnummer(n) for n in numbers)


def test_synthetic_letters_meet_the_recall_targets():
    sample = letters(120, seed=11)
    figures = score(detect_all(sample), sample)
    assert figures["personnummer"]["recall"] == 1.0
    assert figures["phone"]["recall"] >= 0.98 and figures["email"]["recall"] >= 0.98
    assert figures["address"]["recall"] >= 0.90 and figures["name"]["recall"] >= 0.90
    assert figures["distractors"]["flagged"] == 0


def test_known_words_tell_swedish_words_from_names(analyzer):
    from klarsprak.analysis.lexicon import known_words

    words = known_words()
    assert len(words) > 500_000
    assert all(word in words for word in ("ålderspension", "ålderspensionen", "erhöll", "bistånd"))
    assert not any(name in words for name in ("zeynep", "yilmaz", "haddad", "ekelundh"))
