"""A typo in a rule file is refused at load, naming the file, the field and what is wrong, instead
of silently switching the rule off."""

from __future__ import annotations

from pathlib import Path

import pytest

from klarsprak.analysis.kinds import KINDS
from klarsprak.analysis.rules import RuleError, load_rules

WORD_LIST = """
id: test.word-list
category: jargon
severity: suggestion
kind: word-list
message: "”{match}” är krångligt. Skriv hellre ”{suggestion}”."
explanation: "Därför."
parameters:
  entries:
    - {phrase: erhålla, suggestions: [få]}
    - {phrase: tillställa, suggestions: [skicka]}
examples:
  flag: [{text: "Du erhåller pengar.", hit: erhåller}]
  ok: ["Du får pengar."]
"""

PASSIVE = """
id: test.passive
category: passive
severity: suggestion
kind: passive
message: "Passiv form: ”{match}”. {advice}"
explanation: "Därför."
parameters:
  form: s
examples:
  flag: [{text: "Ansökan beviljas.", hit: beviljas}]
  ok: ["Vi beviljar ansökan."]
"""

LONG_WORD = """
id: test.long-word
category: long-word
severity: info
kind: long-word
message: "”{match}” är långt ({letters} bokstäver)."
explanation: "Därför."
parameters:
  min_letters: 20
examples:
  flag: ["Arbetsmarknadsutbildningsinsatserna är många."]
  ok: ["Kort."]
"""


def load(tmp_path: Path, text: str):
    (tmp_path / "rule.yaml").write_text(text, encoding="utf-8")
    return load_rules(tmp_path, KINDS)


@pytest.mark.parametrize("text", [WORD_LIST, PASSIVE, LONG_WORD])
def test_the_valid_files_load(tmp_path, text):
    [rule] = load(tmp_path, text)
    assert rule.id.startswith("test.")


@pytest.mark.parametrize(("text", "old", "new", "expected"), [
    # A misspelt key in a word-list entry: the entry is named by its phrase.
    (WORD_LIST, "{phrase: tillställa,", "{phrse: tillställa,",
     "rule.yaml: parameters.entries[2].phrse: okänd nyckel (menar du ”phrase”?)"),
    # A misspelt parameter of a kind.
    (LONG_WORD, "  min_letters: 20", "  min_leters: 20",
     "rule.yaml: parameters.min_leters: okänd nyckel (menar du ”min_letters”?)"),
    # A value outside the kind's choices.
    (PASSIVE, "  form: s", "  form: S", "rule.yaml: parameters.form: ”S” går inte; skriv en av ”s”, ”bli”"),
    # A string where a list belongs.
    (WORD_LIST, "suggestions: [få]", "suggestions: få",
     "rule.yaml: parameters.entries[1] (”erhålla”).suggestions: ska vara en lista"),
    # A misspelt placeholder would leave a gap in every message.
    (WORD_LIST, "”{suggestion}”", "”{sugestion}”", "rule.yaml: message: okänd platshållare {sugestion}"),
    # A misspelt key at the top of the file.
    (PASSIVE, "explanation:", "explantion:", "rule.yaml: explantion: okänd nyckel (menar du ”explanation”?)"),
    # A number that is not one.
    (LONG_WORD, "  min_letters: 20", "  min_letters: tjugo", "rule.yaml: parameters.min_letters: ska vara ett heltal"),
    # A misspelt key in an example.
    (PASSIVE, "hit: beviljas", "hti: beviljas", "rule.yaml: examples.flag[1].hti: okänd nyckel (menar du ”hit”?)"),
])
def test_a_typo_is_refused_with_file_field_and_a_plain_message(tmp_path, text, old, new, expected):
    assert old in text
    with pytest.raises(RuleError) as error:
        load(tmp_path, text.replace(old, new))
    assert expected in str(error.value), str(error.value)


def test_a_key_written_twice_is_refused(tmp_path):
    text = PASSIVE.replace("hit: beviljas}", "hit: beviljas, hit: beviljade}")
    with pytest.raises(RuleError) as error:
        load(tmp_path, text)
    assert "rule.yaml" in str(error.value) and "nyckeln ”hit” står två gånger" in str(error.value)


def test_a_refused_key_is_never_reported_twice_or_with_pydantic_jargon(tmp_path):
    with pytest.raises(RuleError) as error:
        load(tmp_path, PASSIVE.replace("hit: beviljas", "hti: beviljas"))
    message = str(error.value)
    assert message == "rule.yaml: examples.flag[1].hti: okänd nyckel (menar du ”hit”?)"


def test_every_shipped_rule_passes_its_schema(analyzer):
    # The analyzer loads the shipped rules through the same schemas; each kind has one.
    assert {r.kind for r in analyzer.rules} <= set(KINDS)
    for rule in analyzer.rules:
        kind = KINDS[rule.kind]
        if rule.category != "personal-data":  # the privacy plug-in declares no schema
            assert kind.Parameters is not None and kind.placeholders is not None, rule.kind
