"""Rule files: schema validation, error messages that name file and key, the word lists' size."""

from __future__ import annotations

from pathlib import Path

import pytest

from klarsprak.analysis.kinds import KINDS
from klarsprak.analysis.rules import CATEGORIES, RuleError, load_accepted_words, load_rules

VALID = """
id: test.rule
category: jargon
severity: suggestion
kind: word-list
message: "Byt {match}"
explanation: "Därför."
parameters:
  entries: [{phrase: erhålla, suggestions: [få]}]
examples:
  flag: [{text: "Du erhåller pengar.", hit: erhåller}]
  ok: ["Du får pengar."]
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "rule.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_valid_rule_loads(tmp_path):
    [rule] = load_rules(write(tmp_path, VALID), set(KINDS))
    assert rule.id == "test.rule" and rule.flag_examples[0].hit == "erhåller"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("severity: suggestion", "severity: fatal"), "severity"),
        (("category: jargon", "category: words"), "category"),
        (("kind: word-list", "kind: magic"), "kind"),
        (('message: "Byt {match}"\n', ""), "message"),
        (('  ok: ["Du får pengar."]\n', ""), "ok"),
    ],
)
def test_invalid_rule_names_file_and_key(tmp_path, change, expected):
    old, new = change
    with pytest.raises(RuleError) as error:
        load_rules(write(tmp_path, VALID.replace(old, new)), set(KINDS))
    assert "rule.yaml" in str(error.value) and expected in str(error.value)


def test_broken_yaml_is_reported(tmp_path):
    with pytest.raises(RuleError, match=r"rule\.yaml: ogiltig YAML"):
        load_rules(write(tmp_path, "id: [unclosed"), set(KINDS))


def test_shipped_rules_cover_every_category(analyzer):
    assert {r.category for r in analyzer.rules} == set(CATEGORIES)


def test_jargon_lists_have_at_least_150_entries(analyzer):
    entries = [
        e for r in analyzer.rules if r.id in ("jargon.svarta-listan", "jargon.socialtjanst")
        for e in r.parameters["entries"]
    ]
    assert len(entries) >= 150
    assert all(e.get("suggestions") for e in entries), "every jargon entry needs a replacement"


def test_glossary_is_a_separate_first_use_rule(analyzer):
    glossary = next(r for r in analyzer.rules if r.id == "jargon.fackterm")
    assert glossary.parameters.get("first_only") is True
    phrases = {e["phrase"] for e in glossary.parameters["entries"]}
    assert {"bistånd", "insats", "SoL", "LSS", "förvaltningsrätt"} <= phrases


def test_accept_list_ignores_comments(tmp_path):
    (tmp_path / "accept.txt").write_text("# kommentar\nInsats\n\n  bistånd # med kommentar\n", encoding="utf-8")
    assert load_accepted_words(tmp_path) == {"insats", "bistånd"}
