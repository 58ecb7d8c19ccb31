"""The light-verb kind (issue 9, recall): a light verb with any noun made from a verb, found by
pattern and checked against the lexicon, rather than a list of phrases. Invented sentences; each
test names a part of the pattern."""

from __future__ import annotations

import pytest

RULE = "nominalization.light-verb-noun"


def findings(analyzer, text: str, rule: str = RULE):
    return [f for f in analyzer.analyze(text).findings if f.rule == rule]


@pytest.mark.parametrize(("text", "hit", "suggestion"), [
    # The suggestion takes the light verb's form: present, past, supine, infinitive.
    ("Vi gör en presentation av planen i dag.", "gör en presentation av", "presenterar"),
    ("Vi gjorde en presentation av planen i går.", "gjorde en presentation av", "presenterade"),
    ("Vi har gjort en presentation av planen.", "gjort en presentation av", "presenterat"),
    ("Vi ska genomföra en renovering av köket.", "genomföra en renovering av", "renovera"),
    # A noun in -ing (not -ning) and one in -tion that needs -tera.
    ("Nämnden har vidtagit en förändring av rutinen.", "vidtagit en förändring av", "förändrat"),
    ("Vi gör en inspektion av lokalerna.", "gör en inspektion av", "inspekterar"),
    # An infinitive needs no paradigm: the verb's dictionary form is the form.
    ("Man måste göra antaganden.", "göra antaganden", "anta"),
])
def test_a_light_verb_with_a_noun_from_a_verb_becomes_the_verb(analyzer, text, hit, suggestion):
    [finding] = findings(analyzer, text)
    assert (finding.text, finding.suggestions[0]) == (hit, suggestion)
    assert finding.one_click


@pytest.mark.parametrize(("text", "hit"), [
    ("En renovering av köket ska genomföras i vår.", "renovering av köket ska genomföras"),
    ("En samordning mellan myndigheterna genomförs varje år.", "samordning mellan myndigheterna genomförs"),
    ("Därefter görs det en jämförelse med förra året.", "görs det en jämförelse"),
    ("Sedan gör handläggaren en dokumentation av samtalet.", "gör handläggaren en dokumentation av"),
    # The noun's own preposition stays; the single verb may not take it ("anta om kostnaden").
    ("Man måste göra antaganden om kostnaden.", "göra antaganden"),
])
def test_a_passive_a_subject_or_a_preposition_makes_it_advice(analyzer, text, hit):
    [finding] = findings(analyzer, text)
    assert finding.text == hit
    assert not finding.one_click  # who acts has to be said: the writer turns the sentence round


@pytest.mark.parametrize("text", [
    "Vi lämnade in en presentation i maj.",  # a particle verb: to hand in
    "Vi vill genomföra målsättningen i år.",  # a compound: "sätta" is not what it means
    "Vi gör en besiktning av bilen.",  # "be-" makes another verb, which the lexicon lacks
    "Vi gör en tidning varje månad.",  # "tida" is no verb
    "Handläggaren lämnade bekräftelsen till skolan.",  # a definite object is the thing handed over
    "Handläggaren gav sin bekräftelse till skolan.",
    "Det går att göra undervisningen mer praktisk.",  # "göra X praktisk" makes it so
    "Hon gjorde sin utbildning i Umeå.",  # listed as a thing, not an action
    "I renoveringen gjordes flera fel.",  # the noun is inside a prepositional phrase
    "Sökanden gjorde en resa till Göteborg.",
])
def test_nouns_that_are_no_action_of_the_verb_are_left_alone(analyzer, text):
    assert findings(analyzer, text) == []


def test_a_listed_phrase_wins_and_nothing_is_flagged_twice(analyzer):
    report = analyzer.analyze("Vi har gjort en bedömning av ditt behov.")
    rules = [f.rule for f in report.findings if f.category == "nominalization"]
    assert rules == ["nominalization.light-verb"]


def test_the_stiff_verb_yields_to_the_light_verb_finding(analyzer):
    report = analyzer.analyze("Nämnden har vidtagit en förändring av rutinen.")
    assert [f.rule for f in report.findings if f.text.startswith("vidtagit")] == [RULE]
