"""The local rule set without a database: defaults plus changes, the analyzer built from them,
and the YAML export and import (``klarsprak.review.rule_changes``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from klarsprak.analysis.engine import Analyzer
from klarsprak.analysis.kinds import KINDS
from klarsprak.analysis.rules import parse_rule
from klarsprak.review import rule_changes
from klarsprak.review.rule_changes import LocalRules, RuleChangeError

STIFF = "Du får bibehålla ditt bistånd under hela året."


def entry(phrase: str, *suggestions: str, example: str = "", hit: str = "") -> dict:
    return {"entry": {"phrase": phrase, "suggestions": list(suggestions)}, "example": example, "hit": hit}


@pytest.fixture(scope="module")
def changed() -> LocalRules:
    return LocalRules(
        disabled={"passive.s-passive"},
        parameters={"sentence-length.long": {"suggestion_above": 8}},
        entries={"jargon.svarta-listan": {"bibehålla": entry("bibehålla", "behålla", example=STIFF, hit="bibehålla"),
                                          "erhålla": None}},
        accepted_added={"tolvansson", "beviljas"},
    )


@pytest.fixture(scope="module")
def local(changed) -> Analyzer:
    return rule_changes.build_analyzer(changed)


def test_no_changes_is_the_shipped_analyzer(analyzer):
    assert rule_changes.build_analyzer(LocalRules()) is analyzer


def test_the_defaults_are_never_changed(analyzer, changed, local):
    svarta = next(r for r in analyzer.rules if r.id == "jargon.svarta-listan")
    assert "bibehålla" not in {e["phrase"] for e in svarta.parameters["entries"]}
    assert "erhålla" in {e["phrase"] for e in svarta.parameters["entries"]}
    assert "passive.s-passive" in {r.id for r in analyzer.rules}
    assert "passive.s-passive" not in {r.id for r in local.rules}


def test_added_edited_and_removed_entries_apply(analyzer, local):
    before = analyzer.analyze(STIFF + " Vi har erhållit din ansökan.")
    after = local.analyze(STIFF + " Vi har erhållit din ansökan.")
    jargon = [(f.text, f.suggestions[0]) for f in after.findings if f.rule == "jargon.svarta-listan"]
    assert jargon == [("bibehålla", "behålla")]
    assert ("erhållit", "fått") in [(f.text, f.suggestions[0]) for f in before.findings
                                    if f.rule == "jargon.svarta-listan"]


def test_thresholds_and_switches_apply(analyzer, local):
    body = "Ansökan ska skickas in senast den första maj i år."
    assert {"passive.s-passive"} <= {f.rule for f in analyzer.analyze(body).findings}
    rules = {f.rule for f in local.analyze(body).findings}
    assert "passive.s-passive" not in rules and "sentence-length.long" in rules


def test_accepted_words_never_suppress_personal_data(local):
    report = local.analyze("Tolvan Tolvansson har fått beslutet. Ansökan beviljas.")
    assert not [f for f in report.findings if f.text == "beviljas"]
    assert "Tolvansson" in " ".join(f.text for f in report.findings if f.category == "personal-data")


def test_an_edit_under_a_new_phrase_removes_the_old_one():
    state = LocalRules()
    change = rule_changes.RuleChange(rule_id="jargon.svarta-listan", action="entry_save", detail_json=json.dumps(
        {"entry": {"phrase": "erhålla sig", "suggestions": ["få"]}, "example": "x", "hit": "x",
         "replaces": "erhålla"}))
    state.apply(change)
    assert state.entries["jargon.svarta-listan"] == {"erhålla": None, "erhålla sig": entry("erhålla sig", "få",
                                                                                             example="x", hit="x")}


def test_an_import_row_replaces_the_whole_state(changed):
    state = LocalRules(disabled={"double-negation"})
    state.apply(rule_changes.RuleChange(action="import", rule_id="", detail_json=json.dumps(
        {"snapshot": changed.to_json()})))
    assert state == changed


def test_export_is_the_yaml_of_rules_and_imports_back_to_the_same_rule_set(changed):
    exported = rule_changes.export_yaml(changed)
    documents = list(yaml.safe_load_all(exported))
    assert documents[0] == {"local_settings": {"disabled": ["passive.s-passive"],
                                               "accepted_added": ["beviljas", "tolvansson"], "accepted_removed": []}}
    ids = [d["id"] for d in documents[1:]]
    assert ids == ["jargon.svarta-listan", "sentence-length.long"]
    for number, document in enumerate(documents[1:], start=2):
        rule = parse_rule(document, Path(f"del {number}"), KINDS)  # a valid rule file
        if rule.id == "jargon.svarta-listan":
            assert rule.flag_examples[-1].text == STIFF and rule.flag_examples[-1].hit == "bibehålla"
    back = rule_changes.parse_import(exported)
    assert [r.parameters for r in rule_changes.effective_rules(back)] == \
        [r.parameters for r in rule_changes.effective_rules(changed)]
    assert back.disabled == changed.disabled
    assert rule_changes.effective_accepted(back) == rule_changes.effective_accepted(changed)
    # Exported again, the same file.
    assert rule_changes.export_yaml(back) == exported


def test_an_imported_message_change_is_refused():
    exported = rule_changes.export_yaml(LocalRules(parameters={"sentence-length.long": {"suggestion_above": 12}}))
    documents = list(yaml.safe_load_all(exported))
    documents[1]["message"] = "Något annat."
    with pytest.raises(RuleChangeError, match=r"del 2 \(sentence-length.long\): message: går inte att ändra här"):
        rule_changes.parse_import(yaml.safe_dump_all(documents, allow_unicode=True))


def test_an_imported_entry_with_a_typo_names_the_document_and_the_key():
    exported = rule_changes.export_yaml(LocalRules(entries={"jargon.svarta-listan": {
        "bibehålla": entry("bibehålla", "behålla")}}))
    broken = exported.replace("- phrase: bibehålla", "- phrse: bibehålla")
    with pytest.raises(RuleChangeError, match=r"del 2: parameters\.entries\[\d+\]\.phrse: okänd nyckel"):
        rule_changes.parse_import(broken)


def test_thresholds_come_from_the_kind_schema(analyzer):
    rule = next(r for r in analyzer.rules if r.id == "sentence-length.long")
    values = rule_changes.thresholds(rule)
    assert set(values) == {"suggestion_above", "warning_above", "tips_up_to"}
    assert values["suggestion_above"] == 20 and values["tips_up_to"] == 25
    assert rule_changes.threshold_is_whole(rule, "suggestion_above") is True
    lix = next(r for r in analyzer.rules if r.id == "readability.lix")
    assert rule_changes.threshold_is_whole(lix, "suggestion_from") is False
    assert not rule_changes.thresholds(next(r for r in analyzer.rules if r.kind == "word-list"))
