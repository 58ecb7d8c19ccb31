"""Round eight of name classes, from official texts nobody here wrote (court rulings and bills
read through the public ferenda corpus, kept out of the repo): a company's name repeated
without its legal form, a company named "AB …", an English contraction glued to a capitalised
word, and surnames written with an apostrophe. Examples written for these tests, not taken from
those texts."""

from __future__ import annotations

import pytest

from klarsprak.analysis.document import make_doc
from klarsprak.privacy import detect


def names(nlp, text: str) -> list[str]:
    return [d.text for d in detect(make_doc(nlp, text)) if d.group == "name"]


@pytest.mark.parametrize("text", [
    # a word of a company's name before its legal form names the company wherever it recurs
    "Kvarnbackens Åkeri AB har sagt upp avtalet. Kvarnbackens Åkeri bestrider att beslutet var fel.",
    "Målet gäller Fjällnäs Turism HB. Enligt Fjällnäs Turism har bolaget betalat hyran.",
    "Styrelsen i Norrskogs Trävaror Aktiebolag beslutade i maj. Norrskogs Trävaror har 40 anställda.",
    "Tjänsten såldes till Vindelns Energi AB. Vindelns har inte svarat.",
    # the legal form first: "AB Fjällvatten"
    "Rörelsen överläts till AB Fjällvatten den 1 juli.",
    # an English contraction glued to a capitalised word: a game's or a song's title
    "Turneringen spelades i Omaha Hold’em.",
    "De som spelar Omaha Hold’em vet det.",
])
def test_no_name_in(nlp, text):
    assert names(nlp, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a listed first name or surname in a company's name stays a person elsewhere in the text
    ("Maria Lindqvist Bygg AB har fått ett föreläggande. Maria Lindqvist ringde i går.",
     ["Maria Lindqvist"]),  # (the firm's own first mention is the firm's)
    # surnames with an apostrophe are one name, not a first name and a leak
    ("Vi träffade Siobhan O’Connor på mottagningen.", ["Siobhan O’Connor"]),
    ("Handläggaren Paola D’Amico ringde.", ["Paola D’Amico"]),
    ("N’Golo Diarra kom inte till mötet.", ["N’Golo Diarra"]),
    # an apostrophe inside a transliterated name ("Ma’ruf") keeps the name whole
    ("Vi pratade med Ma’ruf Haidari om hyran.", ["Ma’ruf Haidari"]),
])
def test_names_found(nlp, text, expected):
    assert names(nlp, text) == expected
