"""The trained name recogniser as evidence for the rules: names no list or cue knows are found
from their context, and the rules still keep nouns, titles and places out."""

from __future__ import annotations

import pytest

from klarsprak.analysis.document import make_doc
from klarsprak.privacy import detect
from klarsprak.privacy.recogniser import person_scores


def names(nlp, text: str) -> list[str]:
    return [d.text for d in detect(make_doc(nlp, text)) if d.group == "name"]


def test_scores_line_up_with_the_tokens_and_candidates_alone_score_the_same(nlp):
    doc = make_doc(nlp, "Igår skrev Oyelaran Adebayo ett mejl till Skatteverket.\n\nHon ringde sedan.")
    scores = person_scores(doc)
    assert len(scores) == len(doc)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[2] > 0.5 > scores[7]  # the person, not the authority
    # Detection scores only the words that could still be names: their neighbours are read
    # from the whole text all the same.
    some = [0, 3, 7, len(doc) - 1]
    assert person_scores(doc, some) == pytest.approx([scores[k] for k in some])


@pytest.mark.parametrize(("text", "expected"), [
    # names on no list, in the middle of a sentence, with no cue word before them
    ("Efter samtalet skickade vi beslutet till Oyelaran Adebayo.", ["Oyelaran Adebayo"]),
    ("Det framkom att Thandiwe inte har ätit ordentligt på flera dagar.", ["Thandiwe"]),
    ("Under veckan har Ngozi och Chidera varit hos sin moster.", ["Ngozi", "Chidera"]),
])
def test_names_no_list_knows_are_found_from_their_context(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # a definite or plural noun, or a compound, opening a sentence
    "Handläggningen har dragit ut på tiden. Utredningen visar att behovet finns.",
    "Hyresvärden har skickat en påminnelse. Påminnelsen gällde mars.",
    "Målnummer 3102-07 gäller en ansökan om bistånd.",
    # plural nouns in the genitive are no names, even capitalised inside a list of organisations
    "Remissen gick till Vårdförbundet, Lärarnas Riksförbund och Sveriges Kommuner och Regioner.",
    # the genitive of a town, though other names in the gazetteer start with the same word
    "Ärendet ligger hos Göteborgs allmänna försäkringskassa sedan i våras.",
])
def test_the_rules_keep_nouns_and_places_out_whatever_the_recogniser_says(nlp, text):
    assert names(nlp, text) == []


def test_the_recogniser_reads_the_vectors_of_the_shipped_pipeline(nlp):
    # It was trained on this tok2vec's vectors: a retrained language pipeline needs
    # `make names-model` too, or the recogniser would read vectors it never saw.
    from klarsprak.privacy.recogniser import meta, tok2vec_fingerprint

    assert meta()["tok2vec"] == tok2vec_fingerprint(nlp)


def test_a_doc_without_vectors_is_refused_not_misread(nlp):
    from spacy.tokens import Doc

    from klarsprak.privacy.recogniser import person_scores

    with pytest.raises(ValueError, match="token vectors"):
        person_scores(Doc(nlp.vocab, words=["Anna", "ringde"]))


@pytest.mark.parametrize(("text", "expected"), [
    # only people are joined with a personal pronoun
    ("Ilkka och jag gick till banken efter mötet.", ["Ilkka"]),
    # "själv" after a word: only a person does something themself
    ("Mbali själv vill inte flytta härifrån.", ["Mbali"]),
    # one has a conversation or a meeting with a person
    ("Telefonsamtal med tuulikki om hyresskulden.", ["tuulikki"]),
    # a person at an authority, first in the sentence
    ("Oyvind på Försäkringskassan har lovat att ringa tillbaka.", ["Oyvind"]),
    # a pronoun is capitalised only first in a sentence: inside one it is a name
    ("Kallelsen skickades till Sina i fredags.", ["Sina"]),
])
def test_places_where_only_a_person_fits(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # a capitalised adjective opening a body's name, after a preposition that may take a person
    "Frågan har prövats av Europeiska kommissionen i ett ärende om byggplatser.",
    # a company's name with inner capitals, before AB
    "Överklagande av HeidelbergCement Northern Europe AB avslogs.",
    # an authority's definite form after "med"
    "Vi har haft ett möte med Kommunens revisorer.",
])
def test_bodies_after_person_prepositions_are_not_names(nlp, text):
    assert names(nlp, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a lower-case word no lexicon knows where Swedish puts the subject
    ("Det är oklart om mirela fortfarande har kvar jobbet.", ["mirela"]),
    ("Enligt skolan har kathleen svårt med läsningen.", ["kathleen"]),
    # talked with
    ("Vi har pratat med yusra i telefon.", ["yusra"]),
    # a speaker's label before a first-person sentence
    ("Tuuli: Jag vill inte flytta härifrån.", ["Tuuli"]),
    # an unknown word first in the sentence, a finite verb, no subject after it
    ("Kawira tycker att hyran är för hög.", ["Kawira"]),
])
def test_lower_case_and_unlisted_names_in_subject_slots(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # adverbs the lexicon lacks: pronominal ones and the old manner adverbs
    "Domstolen har således prövat frågan på nytt.",
    "Härutöver har nämnden beslutat om en ny riktlinje.",
    # a noun after "med" that depends on a noun, or an adjective before one
    "Familjen fick hjälp med återuppbyggnad av huset.",
    "Skolan har förstärkt med extra personal.",
    # definite nouns and compounds the lexicon lacks, as subjects
    "Det är gratis när operan kommer till stan.",
    "Det visar att målbilden håller.",
    # a short verdict: nothing after the "verb" to tell the word order
    "Bra text.",
])
def test_words_in_subject_slots_that_are_no_names(nlp, text):
    assert names(nlp, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Bronset gick till Juan de la Fuente från Argentina.", ["Juan de la Fuente"]),
    ("Ärendet gäller Bram van der Berg och hans dotter.", ["Bram van der Berg"]),
])
def test_several_particles_join_a_name(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("NAMN: KARIN LINDQVIST, född 1980", ["KARIN LINDQVIST"]),
    ("Undertecknat ANDERS W JONSSON, ordförande", ["ANDERS W JONSSON"]),
])
def test_names_typed_in_capitals(nlp, text, expected):
    assert names(nlp, text) == expected


def test_headings_in_capitals_are_no_names(nlp):
    assert names(nlp, "BESLUT OM EKONOMISKT BISTÅND\n\nSOCIALNÄMNDEN I HELSINGBORG") == []


def test_the_name_above_an_address_stays_a_name(nlp):
    # The street's first word is on its own line: the line above is the addressee.
    found = [(d.kind, d.text) for d in detect(make_doc(nlp, "Till Tomurcuk Hayrioğlu\nRyttargatan 29\n381 60 Umeå"))]
    assert found == [("name", "Tomurcuk Hayrioğlu"), ("address", "Ryttargatan 29\n381 60 Umeå")]
