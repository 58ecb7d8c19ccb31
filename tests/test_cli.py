"""The ``klarsprak`` command: output format, exit codes, rule listing and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from klarsprak.cli import main

KRANGLIGT = "beslut-ekonomiskt-bistand-krangligt.txt"
KLARSPRAK = "beslut-ekonomiskt-bistand-klarsprak.txt"


@pytest.fixture
def letter(tmp_path, sample):
    def write(name: str) -> str:
        path = tmp_path / name
        path.write_text(sample(name), encoding="utf-8")
        return str(path)

    return write


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_flags_jargon_passive_and_long_sentences(capsys, letter, sample):
    path = letter(KRANGLIGT)
    code, out, err = run(capsys, "check", path)
    assert code == 1 and err == ""
    text = sample(KRANGLIGT)
    lines = out.splitlines()
    for rule, word in [("jargon.svarta-listan", "erhållit"), ("passive.s-passive", "beviljas"),
                       ("jargon.svarta-listan", "i enlighet med")]:
        offset = text.index(word)
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert any(x.startswith(f"{path}:{line}:{col}: ") and x.endswith(f"[{rule}]") for x in lines), (rule, word)
    assert any("warning:" in x and "[sentence-length.long]" in x for x in lines)
    assert "LIX" in lines[-1] and "ord" in lines[-1]


def test_json_output_offsets_match_the_file(capsys, letter, sample):
    _code, out, _ = run(capsys, "check", "--format", "json", letter(KRANGLIGT))
    data = json.loads(out)
    text = sample(KRANGLIGT)
    assert data["file"].endswith(KRANGLIGT)
    assert data["findings"]
    for finding in data["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]
    jargon = {f["text"]: f["suggestions"] for f in data["findings"] if f["category"] == "jargon"}
    assert jargon["erhållit"][0] == "fått"
    assert jargon["erhöll"][0] == "fick"


def test_plain_letter_gets_few_findings(capsys, letter):
    # Its only warning is the office phone number, which personal-data detection rightly flags
    # (the writer marks it "inte en personuppgift"); language-wise the letter is clean.
    code, out, _ = run(capsys, "check", "--format", "json", letter(KLARSPRAK))
    findings = [f for f in json.loads(out)["findings"] if f["category"] != "personal-data"]
    assert code == 1 and [f["text"] for f in json.loads(out)["findings"] if f["severity"] == "warning"] == ["042-10 00 00"]
    code, _, _ = run(capsys, "check", "--disable", "personal-data", letter(KLARSPRAK))
    assert code == 0
    assert not [f for f in findings if f["severity"] == "warning"]
    assert len([f for f in findings if f["severity"] == "suggestion"]) <= 3


def test_several_files_give_a_json_list(capsys, letter):
    _code, out, _ = run(capsys, "check", "--format", "json", letter(KRANGLIGT), letter(KLARSPRAK))
    assert [len(d["findings"]) > 0 for d in json.loads(out)] == [True, True] or len(json.loads(out)) == 2


@pytest.mark.parametrize(("fail_on", "expected"), [("never", 0), ("warning", 1), ("info", 1)])
def test_fail_on(capsys, letter, fail_on, expected):
    assert run(capsys, "check", "--fail-on", fail_on, letter(KRANGLIGT))[0] == expected


def test_disable(capsys, letter):
    code, out, _ = run(capsys, "check", "--disable", "sentence-length,readability", "--disable", "passive",
                       letter(KRANGLIGT))
    assert "[sentence-length" not in out and "[passive" not in out and "[readability" not in out
    assert "[jargon.svarta-listan]" in out and code == 0  # no warnings left


def test_unknown_disable_is_a_usage_error(capsys, letter):
    code, _, err = run(capsys, "check", "--disable", "nonsense", letter(KRANGLIGT))
    assert code == 2 and "okänd regel" in err


def test_rules_json_lists_word_list_entries(capsys):
    code, out, _ = run(capsys, "rules", "--format", "json")
    rules = {r["id"]: r for r in json.loads(out)}
    assert code == 0
    entries = {e["lemma"]: e["suggestions"] for e in rules["jargon.svarta-listan"]["entries"]}
    assert entries["erhålla"] == ["få"]
    assert rules["sentence-length.long"]["parameters"]["warning_above"] == 30


def test_rules_text(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "jargon.svarta-listan" in out and "erhålla -> få" in out


@pytest.mark.parametrize(("content", "message"), [
    (b"", "tom"),
    (b"   \n  ", "tom"),
    (b"\xff\xfeH\x00e\x00j\x00", "UTF-8"),
    (b"Hej p\xe5 dig", "0xe5"),
    (b"\x00\x01\x02\x03binary", "binära"),
])
def test_bad_files_exit_2_with_one_swedish_line(capsys, tmp_path, content, message):
    path = tmp_path / "indata.txt"
    path.write_bytes(content)
    code, _out, err = run(capsys, "check", str(path))
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml", "x.txt"])
    assert exit_info.value.code == 2
    assert "fel i kommandot" in capsys.readouterr().err


def test_console_script_reads_stdin_without_traceback():
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    done = subprocess.run(
        [sys.executable, "-m", "klarsprak.cli", "check", "--format", "json", "-"],
        input="Vi har erhållit din ansökan.".encode(), capture_output=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["findings"][0]["text"] == "erhållit"
    corrupt = subprocess.run(
        [sys.executable, "-m", "klarsprak.cli", "check", "-"],
        input=b"PK\x03\x04broken", capture_output=True, env=env, timeout=120,
    )
    assert corrupt.returncode == 2 and b"Traceback" not in corrupt.stderr
    assert "skadad" in corrupt.stderr.decode()


def test_letter_with_personal_data_is_fully_flagged(capsys, tmp_path, sample):
    path = tmp_path / "brev.txt"
    path.write_text(sample("brev-med-personuppgifter.txt"), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", str(path))
    flagged = {(f["rule"], f["text"]) for f in json.loads(out)["findings"] if f["category"] == "personal-data"}
    assert flagged >= {
        ("personal-data.namn", "Tolvan Tolvansson"), ("personal-data.personnummer", "19121212-1212"),
        ("personal-data.namn", "Tolvan"), ("personal-data.namn", "Anna Exempelsson"),
        ("personal-data.telefon", "070-123 45 67"), ("personal-data.epost", "anna.exempelsson@example.se"),
        ("personal-data.adress", "Exempelgatan 12 B, 252 25 Helsingborg"),
    }
    assert code == 1


def test_mask_command_writes_a_masked_copy(capsys, tmp_path, sample):
    path = tmp_path / "brev.txt"
    path.write_text(sample("brev-med-personuppgifter.txt"), encoding="utf-8")
    code, out, err = run(capsys, "mask", str(path))
    assert code == 0, err
    masked = (tmp_path / "brev.maskerad.txt").read_text(encoding="utf-8")
    for secret in ("Tolvan", "19121212-1212", "Anna", "070-123 45 67", "example.se", "Exempelgatan"):
        assert secret not in masked
    assert "Hej [NAMN 1]," in masked and "Angående [NAMN 1], [PERSONNUMMER 1]" in masked
    assert "brev.maskerad.txt" in out


def test_tips_are_left_out_unless_asked_for(capsys, tmp_path):
    path = tmp_path / "beslut.txt"
    path.write_text("Ansökan ska skickas in senast den 1 maj.", encoding="utf-8")
    _code, out, _ = run(capsys, "check", "--format", "json", str(path))
    assert all(f["level"] == "default" for f in json.loads(out)["findings"])
    _code, out, _ = run(capsys, "check", "--format", "json", "--tips", str(path))
    assert any(f["level"] == "tips" and f["rule"] == "passive.s-passive" for f in json.loads(out)["findings"])
