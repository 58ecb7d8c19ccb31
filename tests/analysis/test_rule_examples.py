"""Every example of every rule runs as a test: flagged texts must be flagged exactly at ``hit``,
ok texts must not be flagged by that rule."""

from __future__ import annotations

import pytest

from klarsprak.analysis.engine import default_analyzer

RULES = default_analyzer().rules
FLAG_CASES = [(r.id, i, e) for r in RULES for i, e in enumerate(r.flag_examples)]
OK_CASES = [(r.id, i, e) for r in RULES for i, e in enumerate(r.ok_examples)]


def test_every_rule_has_examples():
    for rule in RULES:
        assert rule.flag_examples, f"{rule.id} has no flag examples"
        assert rule.ok_examples, f"{rule.id} has no ok examples"


@pytest.mark.parametrize(("rule_id", "index", "example"), FLAG_CASES, ids=[f"{r}-flag{i}" for r, i, _ in FLAG_CASES])
def test_flag_example(analyzer, rule_id, index, example):
    report = analyzer.analyze(example.text)
    hits = [f for f in report.findings if f.rule == rule_id]
    assert hits, f"{rule_id} did not fire on {example.text!r}"
    if example.hit is not None:
        start = example.text.index(example.hit) if example.hit else 0
        matching = [f for f in hits if f.start == start and f.text == example.hit]
        assert matching, f"{rule_id} fired at {[(f.start, f.text) for f in hits]}, expected {example.hit!r}"
        if example.suggestion is not None:
            assert matching[0].suggestions, f"{rule_id} gave no suggestion for {example.hit!r}"
            assert matching[0].suggestions[0] == example.suggestion
        # A flag example names the level when it differs from the rule's (a passive without agent
        # is a tip); otherwise the finding has the rule's level.
        expected_level = example.level or next(r.level for r in RULES if r.id == rule_id)
        assert matching[0].level == expected_level, (
            f"{rule_id}: {example.hit!r} has level {matching[0].level}, expected {expected_level}")


@pytest.mark.parametrize(("rule_id", "index", "example"), OK_CASES, ids=[f"{r}-ok{i}" for r, i, _ in OK_CASES])
def test_ok_example(analyzer, rule_id, index, example):
    report = analyzer.analyze(example.text)
    wrong = [(f.text, f.message) for f in report.findings if f.rule == rule_id]
    assert not wrong, f"{rule_id} fired on an ok example {example.text!r}: {wrong}"
