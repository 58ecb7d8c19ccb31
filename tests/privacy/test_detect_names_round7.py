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
