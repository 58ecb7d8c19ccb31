"""Round seven of name classes: a signature line whose first name is also a word, a title that
opens the sentence, a genitive before a kinship word first in a sentence, predicates of knowing
and believing, and the inflected forms of the lexicon's own proper nouns typed in lower case.
Examples written for these tests, not taken from any evaluation set."""

from __future__ import annotations

import pytest

from klarsprak.analysis.document import make_doc
from klarsprak.privacy import detect
from klarsprak.privacy.names import ordinary_words
from klarsprak.privacy.names.lexicon import lexicon_proper_forms


def names(nlp, text: str) -> list[str]:
    return [d.text for d in detect(make_doc(nlp, text)) if d.group == "name"]


@pytest.mark.parametrize(("text", "expected"), [
    # a signature: two capitalised words, a comma and an authority or a unit, whatever the first
    # name's form (also a word, or ending like a plural)
    ("Tuva Hed, Barn- och ungdomspsykiatrin", ["Tuva Hed"]),
    ("Hedda Varg, Försäkringskassan", ["Hedda Varg"]),
    ("Tack för samtalet.\nMaja Lind, IVO", ["Maja Lind"]),
    # a title or kinship word opening the sentence names the person after it
    ("Dottern Lilja vill flytta hem.", ["Lilja"]),
    ("Kuratorn Wikström ringde i går.", ["Wikström"]),
    ("Morfadern Sune Blixt ska följa med.", ["Sune Blixt"]),
    # a genitive before a kinship word or a role, first in the sentence
    ("Tyras lärare har ringt.", ["Tyras"]),
    ("Ylvas mamma kom på besöket.", ["Ylvas"]),
    ("Nadira Okafors bror har ringt.", ["Nadira Okafors"]),
    # the subject of a verb of knowing or believing, in lower case
    ("hon vill inte att zerihun får veta det.", ["zerihun"]),
    ("jag tror att oduya vet om det.", ["oduya"]),
])
def test_names_found(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Nya Regler, Försäkringskassan",  # a plural noun after an adjective, not a surname
    "God Jul, Socialtjänsten",  # "god" names someone only in "god man"
    "God Jul önskar vi alla på enheten.",
    "Stora Torget, Helsingborg",
    "Kommunens handläggare ringde.",  # an inflected noun in the genitive names a body
    "Dagens lärare har mycket att göra.",
    "Hennes mamma hade ringt på morgonen.",  # a pronoun's genitive
    "vi vet att ekonomin får vänta.",  # a noun with its ending as the subject
    "hon vill inte att familjen får veta.",
    "Det är dags att söka igen.",  # "dags" is a form of Dag, and an ordinary word
])
def test_no_names(nlp, text):
    assert names(nlp, text) == []


def test_proper_noun_forms_are_names_in_lower_case(nlp):
    # "isabellas", "agatons" are forms of the lexicon's proper nouns Isabella and Agaton: the
    # lexicon knows them, yet no ordinary word has the form
    forms = lexicon_proper_forms()
    assert {"isabellas", "agatons"} <= forms
    assert "dags" not in forms and "hennes" not in forms  # an ordinary word shares these
    assert names(nlp, "isabellas pappa ringde i morse") == ["isabellas"]
    assert names(nlp, "hon vill inte att agatons pappa får veta.") == ["agatons"]


def test_proper_noun_forms_stay_known_words_when_capitalised(nlp):
    # the capitalised rules keep the lexicon's view: "Facebooks regler" is a brand's genitive
    assert "facebooks" in lexicon_proper_forms() and "facebooks" in ordinary_words()
    assert names(nlp, "Facebooks regler gäller även för gruppen.") == []


@pytest.mark.parametrize(("text", "expected"), [
    # a surname's opening particle makes a surname without a first name
    ("Vi ringde till van der Linden i går.", ["van der Linden"]),
    ("Svaret kom från von Knorring på fredagen.", ["von Knorring"]),
    # two or more lone capitals before a surname are initials
    ("Handlingen undertecknades av E M Forsberg.", ["E M Forsberg"]),
    # a regnal number joins the name
    ("Påven Pius XII nämns i boken.", ["Pius XII"]),
])
def test_particles_initials_and_numbers(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Han är van vid att laga mat.",  # "van" the adjective
    "I punkt A B ska du fylla i namnet.",  # lone capitals with no surname after them
])
def test_particles_and_capitals_that_are_no_names(nlp, text):
    assert names(nlp, text) == []


CAREFUL = ("Läkaren bedömde läget som stabilt. Patienten fick sedan en remiss. Remissen gick till "
           "specialistvården. Vården pågår fortfarande. Beslutet gäller från i dag. Nämnden har prövat "
           "saken. Ärendet avslutas. Du kan överklaga beslutet.")


def test_carefully_capitalised_texts(nlp):
    from klarsprak.privacy.names.context import _Context
    from klarsprak.privacy.names.recognised import _carefully_capitalised

    assert _carefully_capitalised(_Context(make_doc(nlp, CAREFUL)))
    # one sentence opened in lower case: a hurried note, where names may be typed so too
    assert not _carefully_capitalised(_Context(make_doc(nlp, "träffade mamman i dag. " + CAREFUL)))
    assert not _carefully_capitalised(_Context(make_doc(nlp, "Läkaren ringde. Patienten mår bra.")))  # too short
    # in a careful text the rules with their own evidence still find a lower-case name
    assert names(nlp, CAREFUL + " Vi pratade med amira i telefon.") == ["amira"]


@pytest.mark.parametrize(("text", "expected"), [
    # a surname's initial after a first name: at the end of a signature, before a verb or a comma
    ("Hälsningar\nTove K", ["Tove K"]),
    ("Vi pratade med Rut M i går.", ["Rut M"]),
    ("Lisa D ringde i morse.", ["Lisa D"]),
    # a first name's initial before a surname found
    ("Remissen skrevs av doktor K. Berglund.", ["K. Berglund"]),
    # letters a text gives a person in place of the name
    ("Flickan, nedan kallad RS, bor hos sin moster.", ["RS"]),
    # the preposition "I" opening a phrase is no initial
    ("Barnen bor hos Anna I veckan.", ["Anna"]),
])
def test_initials_beside_names(nlp, text, expected):
    assert names(nlp, text) == expected


def test_letters_given_to_a_body_are_no_name(nlp):
    assert names(nlp, "Bolaget, nedan kallat AB, har svarat på brevet.") == []


@pytest.mark.parametrize("text", [
    "Hon går i samtal på S:t Markus varje vecka.",  # a saint's name names a church or a clinic
    "Han fick vård på Sankt Eriks sjukhus.",
    "Hon loggar in med Mobilt BankID.",  # a word before a product's inner capital
    "Skicka med hyresavin och hyreskvitto.",  # a compound with the linking -es-
])
def test_saints_products_and_linked_compounds_are_no_names(nlp, text):
    assert names(nlp, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Vi mötte Anna McDonald i går.", ["Anna McDonald"]),  # a surname's own inner capital
    ("Sara DeLuca ringde i morse.", ["Sara DeLuca"]),
])
def test_inner_capitals_of_surnames_stay_names(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Vi träffade Vide på skolan.", ["Vide"]),  # a word as a name, after a verb of meeting
    ("Hon mötte Sten utanför affären.", ["Sten"]),
    ("Hon träffade Rosen på festen.", []),  # an inflected noun, not a name
    ("Vi träffade Arbetsförmedlingen i går.", []),
])
def test_the_person_met(nlp, text, expected):
    assert names(nlp, text) == expected


def test_a_door_letter_before_a_name_stays_with_the_address(nlp):
    # "12 B." ends an address; the capital is the door's letter, not the next name's initial
    found = [(d.kind, d.text) for d in detect(make_doc(nlp, "Hon bor på Ängsvägen 4 C. Greta Lindholm vet mer."))]
    assert ("name", "Greta Lindholm") in found and ("address", "Ängsvägen 4 C") in found


def test_a_name_that_runs_into_an_address_keeps_its_own_words():
    from klarsprak.privacy.detect import _outside

    text = "vid Ängsvägen 4 C. Greta Lindholm"
    address = (text.index("Ängsvägen"), text.index(" C.") + 2)
    name = (text.index("C."), len(text))
    assert [text[a:b] for a, b in _outside(text, *name, [address])] == ["Greta Lindholm"]
    assert _outside(text, *address, []) == [address]  # nothing taken: the span as it is
