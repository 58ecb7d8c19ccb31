"""Metrics follow their published definitions."""

from __future__ import annotations

import math

import pytest
import textstat

from klarsprak.analysis.metrics import lix_band, lix_from_counts, ovix


def test_lix_matches_the_definition(analyzer):
    # 12 words, 2 sentences, long words (> 6 letters): "ansökan", "ekonomiskt", "bistånd"? no: 7 letters.
    text = "Vi har fått din ansökan om ekonomiskt bistånd. Du får svar snart."
    m = analyzer.analyze(text).metrics
    words = ["Vi", "har", "fått", "din", "ansökan", "om", "ekonomiskt", "bistånd", "Du", "får", "svar", "snart"]
    long_words = [w for w in words if len(w) > 6]
    assert m.words == len(words) and m.sentences == 2
    assert m.lix == pytest.approx(len(words) / 2 + 100 * len(long_words) / len(words))
    assert m.long_word_share == pytest.approx(len(long_words) / len(words))


def test_lix_agrees_with_textstat_where_its_assumptions_hold(analyzer):
    # No abbreviations, no sentences of two words or fewer: textstat and the definition agree.
    text = ("Vi har fått din ansökan om ekonomiskt bistånd för januari. Du får pengar till hyran "
            "den här månaden. Ring oss gärna om du har frågor om beslutet.")
    assert analyzer.analyze(text).metrics.lix == pytest.approx(textstat.lix(text), abs=0.01)


def test_textstat_drifts_on_abbreviations_and_we_do_not(analyzer):
    text = "Ta med t.ex. hyresavtal och lönebesked till mötet på måndag."
    ours = analyzer.analyze(text).metrics
    assert ours.sentences == 1  # "t.ex." does not end a sentence
    assert textstat.lix(text) != pytest.approx(ours.lix, abs=0.5)


@pytest.mark.parametrize(("value", "band"), [(25, "mycket lätt"), (30, "lätt"), (45, "medelsvår"),
                                              (55, "svår"), (60, "mycket svår"), (75, "mycket svår")])
def test_lix_bands(value, band):
    assert lix_band(value) == band


def test_lix_of_empty_counts_is_zero():
    assert lix_from_counts(0, 0, 0) == 0.0


def test_ovix_definition():
    tokens, types = 100, 60
    expected = math.log(tokens) / math.log(2 - math.log(types) / math.log(tokens))
    assert ovix(tokens, types) == pytest.approx(expected)
    assert ovix(10, 10) == 0.0  # undefined when every word is unique


def test_passive_share_and_nominal_ratio(analyzer, nlp):
    text = "Ansökan prövas av nämnden. Vi ringer dig sedan."
    m = analyzer.analyze(text).metrics
    assert m.passive_share == pytest.approx(0.5)
    doc = nlp(text)
    nominal = sum(1 for t in doc if t.pos_ in ("NOUN", "PROPN", "ADP") or "Part" in t.morph.get("VerbForm"))
    verbal = sum(1 for t in doc if t.pos_ in ("PRON", "ADV", "VERB", "AUX") and "Part" not in t.morph.get("VerbForm"))
    assert nominal >= 3 and verbal >= 4  # Ansökan, av, nämnden / prövas, Vi, ringer, dig
    assert m.nominal_ratio == pytest.approx(nominal / verbal)
