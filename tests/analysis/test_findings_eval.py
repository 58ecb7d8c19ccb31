"""The scoring code of training/findings_eval.py, on small inline examples (no model needed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("findings_eval", ROOT / "training" / "findings_eval.py")
fe = importlib.util.module_from_spec(_spec)
sys.modules["findings_eval"] = fe  # dataclasses look their module up while being built
_spec.loader.exec_module(fe)

TEXT = "Ansökan ska skickas in. Vi erhöll beslutet."
S = TEXT.index("skickas")  # 12
E = TEXT.index("erhöll")  # 27


def item(rule: str, start: int, end: int, source: str = "a.txt", suggestion: str = "") -> fe.Item:
    return fe.Item(source, start, end, rule, TEXT[start:end], suggestion)


def judgment(it: fe.Item, verdict: str, reason: str = "") -> dict[str, str]:
    return {"source": it.source, "start": str(it.start), "end": str(it.end), "rule": it.rule,
            "sha": it.sha, "verdict": verdict, "reason": reason}


def table(judgments: list[dict[str, str]]) -> dict:
    return {fe.judgment_key(row): row for row in judgments}


def test_unjudged_findings_count_as_wrong_and_debatable_only_in_the_lenient_column():
    passive = item("passive.s-passive", S, S + 7)
    jargon = item("jargon.svarta-listan", E, E + 6)
    other = item("jargon.svarta-listan", 0, 7)
    judged, stale = fe.match([passive, jargon, other],
                             table([judgment(passive, "debatable"), judgment(jargon, "correct")]))
    scores = fe.precision_by_rule(judged)
    assert stale == []
    assert scores["jargon.svarta-listan"].unjudged == 1
    assert scores["jargon.svarta-listan"].strict == pytest.approx(0.5)  # the unjudged one counts against
    assert scores["passive.s-passive"].strict == 0.0
    assert scores["passive.s-passive"].lenient == 1.0
    assert scores["all"].total == 3 and scores["all"].correct == 1
    assert scores["all"].lenient == pytest.approx(2 / 3)


def test_a_changed_flagged_text_is_a_new_finding_and_its_old_judgment_is_stale():
    old = item("jargon.svarta-listan", E, E + 6)
    row = judgment(old, "correct")
    changed = fe.Item(old.source, old.start, old.end, old.rule, "fick ", "")  # same place, other words
    judged, stale = fe.match([changed], table([row]))
    assert judged[0].verdict is None
    assert stale == [row]


def test_judgments_of_other_sources_are_not_reported_stale():
    here = item("passive.s-passive", S, S + 7)
    elsewhere = item("passive.s-passive", S, S + 7, source="b.txt")
    _judged, stale = fe.match([here], table([judgment(here, "correct"), judgment(elsewhere, "wrong")]))
    assert stale == []


def test_recall_needs_an_overlapping_finding_of_the_right_category():
    marks = [
        {"source": "a.txt", "start": "12", "end": "19", "category": "passive"},
        {"source": "a.txt", "start": str(E), "end": str(E + 6), "category": "jargon"},
        {"source": "b.txt", "start": "12", "end": "19", "category": "passive"},
    ]
    findings = [item("passive.s-passive", 14, 22), item("long-word", E, E + 6)]
    recall = fe.recall_by_category(marks, findings)
    assert recall["passive"][:2] == (1, 2)  # the b.txt mark has no finding in b.txt
    assert recall["jargon"][:2] == (0, 1)  # long-word is not a bureaucratic-word rule
    assert recall["jargon"][2][0]["start"] == str(E)


def test_recall_refuses_an_unknown_category():
    with pytest.raises(ValueError, match="unknown category"):
        fe.recall_by_category([{"source": "a", "start": "0", "end": "1", "category": "passiv"}], [])


def test_touching_spans_do_not_overlap():
    assert fe.overlaps(0, 5, 4, 9)
    assert not fe.overlaps(0, 5, 5, 9)


def test_suggestion_table_counts_per_rule_and_overall():
    rows = [{"rule": "r1", "grammar": "grammatical", "meaning": "same"},
            {"rule": "r1", "grammar": "ungrammatical", "meaning": "changed"},
            {"rule": "r2", "grammar": "clumsy", "meaning": "same"}]
    counts = fe.suggestion_rows(rows)
    assert counts["r1"]["total"] == 2 and counts["r1"]["ungrammatical"] == 1 and counts["r1"]["changed"] == 1
    assert counts["all"]["total"] == 3 and counts["all"]["grammatical"] == 1
    lines = fe.suggestions_table(counts)
    assert lines[-1].startswith("| **all** | 3 | 1 | 1 | 1 | 1 | 33 % |")


def test_apply_suggestion_replaces_only_the_flagged_words_in_their_sentence():
    before, after = fe.apply_suggestion(TEXT, E, E + 6, "fick")
    assert before == "Vi erhöll beslutet."
    assert after == "Vi fick beslutet."


def test_short_sha_is_stable_and_short():
    assert fe.short_sha("erhöll") == fe.short_sha("erhöll")
    assert len(fe.short_sha("erhöll")) == 8
    assert fe.short_sha("erhöll") != fe.short_sha("erhåller")


def test_write_docs_replaces_only_its_own_section(tmp_path):
    doc = tmp_path / "accuracy.md"
    doc.write_text(f"# Accuracy\n\nbefore\n\n{fe.BEGIN}\nold\n{fe.END}\n\nafter\n", encoding="utf-8")
    fe.write_docs(["new table"], doc)
    text = doc.read_text(encoding="utf-8")
    assert "old" not in text and "new table" in text
    assert text.startswith("# Accuracy\n\nbefore") and text.endswith("after\n")
    fe.write_docs(["newer"], doc)
    assert doc.read_text(encoding="utf-8").count(fe.BEGIN) == 1


def test_load_data_refuses_an_unknown_verdict_or_split(tmp_path):
    (tmp_path / "split.tsv").write_text("source\tsplit\tmarked\na.txt\tdev\t\n", encoding="utf-8")
    (tmp_path / "judgments.tsv").write_text(
        "source\tstart\tend\trule\tsha\tverdict\treason\na.txt\t0\t3\tr\tabcd\tright\tx\n", encoding="utf-8")
    with pytest.raises(ValueError, match="verdict 'right'"):
        fe.load_data(tmp_path)
    (tmp_path / "split.tsv").write_text("source\tsplit\tmarked\na.txt\ttest\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="dev or heldout"):
        fe.load_data(tmp_path)


def test_import_worksheet_keeps_no_context_and_records_suggestions(tmp_path):
    sheet = tmp_path / "sheet.tsv"
    header = "\t".join(fe.WORKSHEET_FIELDS)
    sheet.write_text(
        header + "\n"
        "a.txt\t27\t32\tjargon.svarta-listan\tabcd1234\tcorrect\tstiff\tfick\tgrammatical\tsame\tok\tTHIRD-PARTY TEXT\tVi fick\n"
        "a.txt\t0\t7\tlong-word\tabcd9999\t\t\t\t\t\t\tTHIRD-PARTY TEXT\t\n",
        encoding="utf-8")
    assert fe.import_worksheet(sheet, tmp_path) == (1, 1)
    stored = (tmp_path / "judgments.tsv").read_text(encoding="utf-8") + (tmp_path / "suggestions.tsv").read_text(encoding="utf-8")
    assert "THIRD-PARTY" not in stored and "Vi fick" not in stored
    assert fe.load_data(tmp_path).judgments[("a.txt", 27, 32, "jargon.svarta-listan", "abcd1234")]["reason"] == "stiff"


def test_the_stored_judgments_are_well_formed():
    """The real data files load, and no judgment stores more than a sha of the flagged text."""
    data = fe.load_data()
    assert data.judgments, "training/data/findings/judgments.tsv is empty"
    names = {s.name for s in data.sources}
    assert all(key[0] in names for key in data.judgments)
    assert all(len(key[4]) == 8 for key in data.judgments)
    splits = [s.split for s in data.sources if not s.name.startswith("page:")]
    assert splits.count("heldout") * 3 >= len(splits) - 2  # about a third set aside


def _page_data(tmp_path, text: str) -> fe.Data:
    import hashlib

    (tmp_path / "split.tsv").write_text("source\tsplit\tmarked\npage:p1\tdev\t\n", encoding="utf-8")
    (tmp_path / "pages.tsv").write_text(
        "source\taddress\tread\twords\tsha1\n"
        f"page:p1\thttps://example.invalid/p1\t2026-12-02\t7\t{hashlib.sha1(text.encode()).hexdigest()}\n",
        encoding="utf-8")
    return fe.load_data(tmp_path)


def test_a_page_is_read_only_when_its_kept_text_is_the_one_judged(tmp_path):
    data = _page_data(tmp_path, TEXT)
    kept = tmp_path / "kept"
    kept.mkdir()
    assert fe.page_text("page:p1", None, data) is None  # no directory: scored from the stored list
    assert fe.page_text("page:p1", kept, data) is None  # not kept here
    (kept / "p1.txt").write_text(TEXT, encoding="utf-8")
    assert fe.page_text("page:p1", kept, data) == TEXT
    (kept / "p1.txt").write_text(TEXT + " Ändrad.", encoding="utf-8")
    with pytest.raises(ValueError, match="not the text of page:p1"):
        fe.page_text("page:p1", kept, data)


def test_a_page_in_split_tsv_must_be_described(tmp_path):
    (tmp_path / "split.tsv").write_text("source\tsplit\tmarked\npage:p2\tdev\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"not described in pages\.tsv"):
        fe.load_data(tmp_path)


def test_page_findings_are_stored_without_text_and_scored_like_the_live_ones(tmp_path):
    data = _page_data(tmp_path, TEXT)
    live = [fe.Item("page:p1", E, E + 6, "jargon.svarta-listan", TEXT[E:E + 6], "fick"),
            fe.Item("page:p1", S, S + 7, "passive.s-passive", TEXT[S:S + 7], "", "tips")]
    fe.write_page_findings(live, ["page:p1"], tmp_path)
    stored = (tmp_path / "page_findings.tsv").read_text(encoding="utf-8")
    assert "erhöll" not in stored and "skickas" not in stored
    data = fe.load_data(tmp_path)
    again = fe.stored_page_items("page:p1", data)
    assert sorted(i.key for i in again) == sorted(i.key for i in live)  # same keys: judgments still match
    assert {i.key: (i.level, i.suggestion) for i in again}[live[0].key] == ("default", "fick")
    judged, _stale = fe.match(again, table([judgment(live[0], "correct")]))
    assert fe.precision_by_rule(judged)["all"].correct == 1


def test_the_report_for_one_split_leaves_the_other_out():
    data = fe.Data([fe.Source("a.txt", "dev"), fe.Source("b.txt", "heldout")], {}, {}, [])
    items = [item("passive.s-passive", S, S + 7), item("passive.s-passive", S, S + 7, source="b.txt")]
    judged, stale = fe.match(items, {})
    texts = {"a.txt": TEXT, "b.txt": TEXT}
    dev_only = "\n".join(fe.build_report(data, judged, stale, items, texts, only="dev"))
    assert "Precision, dev" in dev_only and "held out, findings" not in dev_only
    both = "\n".join(fe.build_report(data, judged, stale, items, texts))
    assert "Precision, held out" in both
