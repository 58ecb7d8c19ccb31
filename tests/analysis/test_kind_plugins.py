"""The analysis package stands alone: personal data is a plug-in kind from the privacy package,
and no accepted-words list can silence it."""

from __future__ import annotations

import shutil
import subprocess
import sys

from klarsprak.analysis.engine import Analyzer


def test_the_analysis_package_does_not_import_the_privacy_package():
    code = ("import sys, klarsprak.analysis, klarsprak.analysis.engine; "
            "print(sorted(m for m in sys.modules if m.startswith('klarsprak.privacy')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_accepted_words_silence_style_rules_but_never_personal_data(tmp_path, nlp, rules_dir):
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir, rules)
    (rules / "accept.txt").write_text("erhållit\ntolvan\ntolvan tolvansson\n070-123 45 67\n", encoding="utf-8")
    analyzer = Analyzer(rules, nlp=nlp)
    report = analyzer.analyze("Hej Tolvan Tolvansson! Vi har erhållit din ansökan. Ring oss på 070-123 45 67.")
    rules_found = {(f.rule, f.text) for f in report.findings}
    assert ("jargon.svarta-listan", "erhållit") not in rules_found  # the list works for style rules
    assert ("personal-data.namn", "Tolvan Tolvansson") in rules_found
    assert ("personal-data.telefon", "070-123 45 67") in rules_found
