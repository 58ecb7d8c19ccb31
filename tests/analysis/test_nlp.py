"""The Swedish pipeline: tokenizer exceptions, sentence hints, deponent verbs, passive detection."""

from __future__ import annotations

import pytest

from klarsprak.analysis.passive import active_form, find_passives


@pytest.mark.parametrize("abbreviation", ["t.ex.", "bl.a.", "enl.", "ang.", "s.k.", "m.m.", "fr.o.m.",
                                          "t.o.m.", "o.s.v.", "kl.", "tel.", "dvs.", "resp.", "kap."])
def test_abbreviations_are_one_token(nlp, abbreviation):
    doc = nlp.make_doc(f"Vi ses {abbreviation} i morgon")
    assert abbreviation in [t.text for t in doc]


def test_pipeline_has_trained_components(nlp):
    for name in ("tok2vec", "morphologizer", "trainable_lemmatizer", "parser",
                 "klarsprak_sentences", "klarsprak_voice"):
        assert name in nlp.component_names
    assert "parser" not in nlp.pipe_names  # shipped, not run by analyze(): no rule needs it


@pytest.mark.parametrize(("text", "sentences"), [
    ("Han sa: Det går bra. Vi ses.", ["Han sa:", "Det går bra.", "Vi ses."]),
    ("Det kostar 500 kr. Du betalar i maj.", ["Det kostar 500 kr.", "Du betalar i maj."]),
    ("Se A. I. Rabin, sidan 4. Där står det.", ["Se A. I. Rabin, sidan 4.", "Där står det."]),
    ("Han sa: 'Du skall lyda.' Ett av målen.", ["Han sa:", "'Du skall lyda.'", "Ett av målen."]),
    ("Vi köper papper, pennor m.m. Sedan går vi.", ["Vi köper papper, pennor m.m.", "Sedan går vi."]),
    ("Ta med t.ex. hyresavtal. Tack!", ["Ta med t.ex. hyresavtal.", "Tack!"]),
    # A court and its judges in brackets before the colon: the ruling starts a new sentence.
    ("- Hovrätten (2009-03-12, Lind, Ek): Domen ska stå fast.",
     ["- Hovrätten (2009-03-12, Lind, Ek):", "Domen ska stå fast."]),
    ("Så här gör du (se bilagan): Fyll i blanketten.", ["Så här gör du (se bilagan):", "Fyll i blanketten."]),
])
def test_sentence_rules(nlp, text, sentences):
    assert [s.text.strip() for s in nlp(text).sents] == sentences


def test_pipeline_is_loaded_once(analyzer):
    from klarsprak.analysis.nlp import load_pipeline

    assert load_pipeline() is load_pipeline() is analyzer.nlp


def test_no_sentence_break_after_chapter_abbreviation(nlp):
    doc = nlp("Beslutet följer 4 kap. 1 § socialtjänstlagen. Du kan överklaga.")
    assert [s.text for s in doc.sents] == ["Beslutet följer 4 kap. 1 § socialtjänstlagen.", "Du kan överklaga."]


def test_line_break_starts_a_sentence(nlp):
    doc = nlp("Beslut om bistånd\nVi har prövat din ansökan.")
    assert [s.text.strip() for s in doc.sents] == ["Beslut om bistånd", "Vi har prövat din ansökan."]


@pytest.mark.parametrize("sentence", ["Det finns tre möjligheter.", "Vi hoppas att du trivs.",
                                      "Det lyckades till slut.", "Vi träffas på måndag.",
                                      "Det känns bra.", "Det syns tydligt.", "Hon tycks vara nöjd."])
def test_deponent_verbs_are_not_passive(nlp, sentence):
    assert list(find_passives(nlp(sentence))) == []


@pytest.mark.parametrize(("sentence", "verb", "active"), [
    ("Bistånd beviljas varje månad.", "beviljas", "beviljar"),
    ("Ansökan har prövats av nämnden.", "prövats", "har prövat"),
    ("Ansökan ska skickas in senast i maj.", "skickas", "ska skicka"),
    ("Beslutet fattades i går.", "fattades", "fattade"),
])
def test_s_passive_and_active_hint(nlp, sentence, verb, active):
    [passive] = list(find_passives(nlp(sentence)))
    assert passive.form == "s" and passive.verb.text == verb
    assert active_form(passive) == active


def test_bli_passive(nlp):
    [passive] = list(find_passives(nlp("Din ansökan blev beviljad i mars.")))
    assert passive.form == "bli" and passive.verb.text == "beviljad"
