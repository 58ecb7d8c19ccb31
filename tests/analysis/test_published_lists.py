"""The word lists widened from whole published lists (issue 9, recall): Svarta listan (PM 2011:1)
and Myndigheternas skrivregler 1.4. Each test names a kind of entry, on invented sentences: a
light verb's replacement takes the tense of the verb it replaces, an old verb form matches only
as written, and a listed word's everyday look-alikes stay unflagged."""

from __future__ import annotations

import pytest


def findings(analyzer, text: str, rule: str):
    return [f for f in analyzer.analyze(text).findings if f.rule == rule]


@pytest.mark.parametrize(("text", "hit", "suggestion"), [
    # Strong verbs that inflections.yaml now knows: the past of the light verb gives the past.
    ("Vi gjorde en redogörelse för dina inkomster i maj.", "gjorde en redogörelse för", "redogjorde"),
    ("Han företog en resa till Göteborg.", "företog en resa", "reste"),
    # The empty verb "utföra" in the supine gives the supine of the single verb.
    ("Vi har utfört en kontroll av dina uppgifter.", "utfört en kontroll av", "kontrollerat"),
])
def test_a_light_verb_from_the_lists_is_replaced_in_its_tense(analyzer, text, hit, suggestion):
    [finding] = findings(analyzer, text, "nominalization.light-verb")
    assert finding.text == hit
    assert finding.one_click
    assert finding.suggestions[0] == suggestion


def test_a_listed_verb_is_replaced_in_the_form_it_has(analyzer):
    [finding] = findings(analyzer, "Du har inte efterkommit vår begäran.", "jargon.svarta-listan")
    assert (finding.text, finding.suggestions[0], finding.one_click) == ("efterkommit", "följt", True)


@pytest.mark.parametrize(("text", "hit", "suggestion"), [
    ("Det finnes flera sätt att ansöka.", "finnes", "finns"),
    ("Kvittona behöves senast i maj.", "behöves", "behövs"),
    ("Du får inte taga med dig hunden.", "taga", "ta"),
])
def test_the_long_form_of_a_short_verb_is_flagged(analyzer, text, hit, suggestion):
    [finding] = findings(analyzer, text, "jargon.svarta-listan")
    assert (finding.text, finding.suggestions[0]) == (hit, suggestion)


@pytest.mark.parametrize("text", [
    "Han tog bussen och drog sig hem tidigt.",  # the normal past of ta and dra
    "Det finns flera sätt att ansöka och det behövs inga kvitton.",
    "Hon är en erfaren handläggare med ett nytt uppdrag.",  # look like erfara, uppdra: not listed
    "Vad gäller om du flyttar till en annan kommun?",  # a question, not the long preposition
    "Tåget ankommer på tisdag klockan åtta.",  # ankomma is to arrive; only "det ankommer på" is stiff
])
def test_everyday_look_alikes_are_not_flagged(analyzer, text):
    assert findings(analyzer, text, "jargon.svarta-listan") == []


def test_a_rewrite_that_needs_the_sentence_turned_round_is_advice(analyzer):
    [finding] = findings(analyzer, "Det ankommer på nämnden att utreda frågan.", "jargon.svarta-listan")
    assert finding.text == "Det ankommer på"
    assert not finding.one_click  # "Nämnden ska utreda frågan": the writer rewrites the sentence
