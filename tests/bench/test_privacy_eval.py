"""The privacy bench's scoring rules, on small inline examples (no pipeline, no detector)."""

from __future__ import annotations

import pytest
from privacy_eval import (
    Flag,
    Item,
    Judgment,
    add_judgment,
    covered,
    fingerprint,
    is_held_out,
    name_form,
    read_judgments,
    read_ner_corpus,
    rebuild_sentence,
    score_letters,
    score_news,
    score_official,
    split,
    with_names_in_lower_case,
    write_judgments,
)


def test_every_third_item_from_the_third_is_held_out():
    assert [i for i in range(9) if is_held_out(i)] == [2, 5, 8]
    assert split("abcdefg") == {"dev": list("abdeg"), "held-out": list("cf")}


def test_a_value_is_found_only_when_all_of_it_is_covered():
    text = "Hej Jana Kowalski!"
    start, end = 4, 17
    assert covered(start, end, [(4, 17)], text)
    assert covered(start, end, [(4, 8), (9, 17)], text)  # the space between two flags does not leak
    assert not covered(start, end, [(4, 8)], text)  # "[NAMN] Kowalski" leaks the surname
    assert not covered(start, end, [(4, 16)], text)  # one letter left over still leaks
    assert not covered(start, end, [], text)


def test_sentences_are_rebuilt_with_offsets_that_point_at_each_token():
    rows = [("Gunhild", "PER"), ("Westman", "PER"), (",", "0"), ("lektor", "0"), ("vid", "0"), ("(", "0"),
            ("Uppsala", "ORG"), ("universitet", "ORG"), (")", "0"), ("och", "0"), ("Anna", "PER"), (".", "0")]
    sentence = rebuild_sentence(0, rows)
    assert sentence.text == "Gunhild Westman, lektor vid (Uppsala universitet) och Anna."
    assert [sentence.text[s:e] for s, e, _ in sentence.tokens] == [token for token, _ in rows]
    assert [sentence.text[s:e] for s, e in sentence.spans("PER")] == ["Gunhild Westman", "Anna"]
    assert [sentence.text[s:e] for s, e in sentence.spans("ORG")] == ["Uppsala universitet"]


def test_only_the_names_are_lower_cased_and_every_offset_stays():
    rows = [("Gunhild", "PER"), ("Westman", "PER"), ("bor", "0"), ("i", "0"), ("Uppsala", "LOC"), (".", "0")]
    sentence = with_names_in_lower_case(rebuild_sentence(0, rows))
    assert sentence.text == "gunhild westman bor i Uppsala."
    assert [sentence.text[s:e] for s, e in sentence.spans("PER")] == ["gunhild westman"]
    assert [sentence.text[s:e] for s, e in sentence.spans("LOC")] == ["Uppsala"]


def test_the_corpus_reader_numbers_sentences_and_accepts_odd_lines(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("Per\tPER\nringde\t0\n.\t0\n\n\nDavids    PER\nbok\t0\nbn\n", encoding="utf-8")
    sentences = read_ner_corpus(path)
    assert [(s.index, s.text) for s in sentences] == [(0, "Per ringde."), (1, "Davids bok bn")]
    assert sentences[1].spans("PER") == [(0, 6)]


def test_news_scoring_counts_half_found_names_as_missed_and_sorts_false_alarms_by_label():
    sentence = rebuild_sentence(0, [("Gunhild", "PER"), ("Westman", "PER"), ("på", "0"), ("Volvo", "ORG"),
                                    ("i", "0"), ("Göteborg", "LOC"), ("sa", "0"), ("Nej", "0")])
    flags = [Flag(0, 7, "name"), Flag(19, 24, "name"), Flag(27, 35, "name"), Flag(39, 42, "name"),
             Flag(0, 15, "address")]
    score = score_news([sentence], [flags])
    assert (score.names, score.found) == (1, 0)  # "Westman" left unmasked; the address flag does not count
    assert score.missed == ["Gunhild Westman"]
    assert score.false_alarms == {"ORG": 1, "LOC": 1, "nothing": 1}
    assert (score.flagged, score.flagged_on_person, score.precision) == (4, 1, 0.25)


def test_letter_scoring_per_group_with_samordningsnummer_in_the_personnummer_group():
    item = Item()
    item.add("Jana ", "name")  # trailing space inside a gold span needs no cover
    item.add("har ")
    item.add("120172-1219", "samordningsnummer")
    item.add(", dnr ")
    item.add("SN 2024/123", distractor="dnr")
    item.add(", ring ")
    item.add("070-123 45 67", "phone")
    flags = [Flag(0, 4, "name"), Flag(9, 20, "personnummer"), Flag(26, 37, "personnummer"),
             Flag(44, 50, "phone")]
    score = score_letters([item], [flags])
    assert score.recall("name") == 1.0
    assert score.recall("samordningsnummer") == 1.0
    assert score.recall("phone") == 0.0  # only "070-12" covered
    assert score.precision("personnummer") == 0.5  # the case number is no gold value
    assert score.distractors_flagged == {"dnr": 1}
    assert score.recall("email") is None
    assert ("phone", "070-123 45 67", False) in score.outcomes


def test_names_are_sorted_by_how_they_are_written():
    assert [name_form(v) for v in ("Jana Kowalski", "jana", "J.K.", "Åsa F.-S.")] == [
        "capitalised", "lower case", "initials", "initials"]


def judgment(file: str, start: int, end: int, group: str, value: str, verdict: str) -> Judgment:
    return Judgment(file, start, end, group, fingerprint(value), verdict, "test")


def test_judgments_survive_a_round_trip_and_a_changed_flag_counts_as_unjudged(tmp_path):
    text = "Beslut av L.F. och Förvaltningsrätten i Malmö."
    path = tmp_path / "judgments.tsv"
    write_judgments(path, [judgment("a.txt", 10, 14, "name", "L.F.", "personal"),
                           judgment("a.txt", 19, 37, "name", "Förvaltningsrätten", "false_alarm")])
    judgments = read_judgments(path)
    assert len(judgments) == 2

    same = score_official({"a.txt": text}, {"a.txt": [Flag(10, 14, "name"), Flag(19, 37, "name")]}, judgments)
    assert same.verdicts == {"personal": 1, "false_alarm": 1}
    assert same.words == 7 and same.false_alarms == 1 and same.per_1000_words(7) == 1000.0

    longer = score_official({"a.txt": text}, {"a.txt": [Flag(19, 45, "name")]}, judgments)
    assert longer.verdicts == {"unjudged": 1} and longer.false_alarms == 1
    assert longer.unjudged[0].value == "Förvaltningsrätten i Malmö"

    other_group = score_official({"a.txt": text}, {"a.txt": [Flag(10, 14, "address")]}, judgments)
    assert other_group.verdicts == {"unjudged": 1}

    edited = "Beslut av K.F. och Förvaltningsrätten i Malmö."  # same offsets, other text
    changed = score_official({"a.txt": edited}, {"a.txt": [Flag(10, 14, "name")]}, judgments)
    assert changed.verdicts == {"unjudged": 1}


def test_judgments_refuse_unknown_verdicts_and_columns(tmp_path):
    path = tmp_path / "judgments.tsv"
    path.write_text("file\tstart\tend\tgroup\tsha1\tverdict\treason\na.txt\t0\t4\tname\tabc\tmaybe\tx\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="maybe"):
        read_judgments(path)
    path.write_text("file\tstart\tend\tverdict\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kolumnerna"):
        read_judgments(path)
    assert read_judgments(tmp_path / "missing.tsv") == {}


def test_a_new_verdict_for_the_same_place_replaces_the_old_one(tmp_path):
    path = tmp_path / "judgments.tsv"
    text = "Justitierådet Ståhl var skiljaktig."
    add_judgment(path, "a.txt", text, 0, 19, "name", "false_alarm", "first thought")
    add_judgment(path, "a.txt", text, 14, 19, "name", "personal", "a justice")
    add_judgment(path, "a.txt", text, 0, 19, "name", "personal", "title and a justice's name")
    judgments = sorted(read_judgments(path).values(), key=lambda j: j.start)
    assert [(j.start, j.verdict, j.reason) for j in judgments] == [
        (0, "personal", "title and a justice's name"), (14, "personal", "a justice")]
    assert "Ståhl" not in path.read_text(encoding="utf-8")  # offsets and a hash, never the text
    with pytest.raises(ValueError, match="omdöme"):
        add_judgment(path, "a.txt", text, 0, 19, "name", "maybe", "x")
    with pytest.raises(ValueError, match="utanför"):
        add_judgment(path, "a.txt", text, 30, 99, "name", "personal", "x")
