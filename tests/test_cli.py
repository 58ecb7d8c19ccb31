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


# --- Whose rules: the repository's by default, the municipality's on request ------------------------

LOCAL = "Ni kan bibehålla rätten till stöd. Bistånd beviljas."


@pytest.fixture
def app_database(tmp_path, analyzer, capsys):
    """The app's SQLite database (built by the migrations) where a kommunikatör added
    "bibehålla" to Svarta listan and switched the passive rule off; its URL."""
    from flask_migrate import upgrade

    from klarsprak import create_app
    from klarsprak.extensions import db
    from klarsprak.review import rule_changes
    from klarsprak.review.accounts import create_user

    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test",
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade()
        editor = create_user("kim", "Kim", "kommunikator", "rätt-lösenord-123")
        rule_changes.save_entry(editor, "jargon.svarta-listan", "bibehålla", ["behålla"], "",
                                "Ni kan bibehålla rätten till stöd.")
        rule_changes.switch(editor, "passive.s-passive", False)
        db.session.commit()
        exported = rule_changes.export_yaml()
        db.session.remove()
        db.engine.dispose()
    (tmp_path / "regler.yaml").write_text(exported, encoding="utf-8")
    capsys.readouterr()  # the migrations' log lines are not the command's output
    return url


def findings(capsys, *args: str) -> tuple[int, list[tuple[str, str]], str]:
    code, out, err = run(capsys, "check", "--format", "json", *args)
    data = json.loads(out) if out else {"findings": []}
    return code, [(f["rule"], f["text"]) for f in data["findings"]], err


@pytest.fixture
def local_letter(tmp_path) -> str:
    path = tmp_path / "brev.txt"
    path.write_text(LOCAL, encoding="utf-8")
    return str(path)


def test_check_uses_the_repositorys_rules_by_default(capsys, monkeypatch, app_database, local_letter):
    monkeypatch.setenv("DATABASE_URL", app_database)  # a database nearby changes nothing by itself
    _code, found, _err = findings(capsys, local_letter)
    assert ("passive.s-passive", "beviljas") in found
    assert not any(text == "bibehålla" for _rule, text in found)


def test_rules_from_db_apply_the_municipalitys_changes(capsys, monkeypatch, app_database, local_letter, tmp_path):
    monkeypatch.setenv("DATABASE_URL", app_database)
    database = tmp_path / "app.sqlite"
    before = database.read_bytes()
    _code, found, err = findings(capsys, "--rules-from-db", local_letter)
    assert err == ""
    assert ("jargon.svarta-listan", "bibehålla") in found  # the word added in the app
    assert not any(rule == "passive.s-passive" for rule, _text in found)  # the rule switched off there
    assert database.read_bytes() == before  # only read


def test_an_exported_rules_file_gives_the_same_result(capsys, app_database, local_letter, tmp_path):
    _code, from_file, err = findings(capsys, "--rules-file", str(tmp_path / "regler.yaml"), local_letter)
    assert err == "" and ("jargon.svarta-listan", "bibehålla") in from_file
    assert not any(rule == "passive.s-passive" for rule, _text in from_file)


def test_rules_lists_the_municipalitys_rules_on_request(capsys, monkeypatch, app_database):
    monkeypatch.setenv("DATABASE_URL", app_database)
    _code, shipped, _ = run(capsys, "rules")
    code, local, err = run(capsys, "rules", "--rules-from-db")
    assert code == 0 and err == ""
    assert "bibehålla -> behålla" in local and "bibehålla" not in shipped
    assert "passive.s-passive " in shipped and "passive.s-passive " not in local


def test_a_rule_switched_off_in_the_app_can_still_be_named_in_disable(capsys, monkeypatch, app_database,
                                                                      local_letter):
    monkeypatch.setenv("DATABASE_URL", app_database)
    _code, found, err = findings(capsys, "--rules-from-db", "--disable", "passive.s-passive,jargon", local_letter)
    assert err == "" and not any(rule.startswith(("passive", "jargon")) for rule, _text in found)


@pytest.mark.parametrize(("content", "message"), [
    ("local_settings: {disabled: [finns.inte]}\n", "det finns ingen regel ”finns.inte”"),
    ("id: jargon.svarta-listan\n", "Filen ska börja med en del som heter local_settings"),
    ("local_settings: {disabled: [personal-data.epost]}\n", "går inte att stänga av"),
])
def test_a_bad_rules_file_exits_2_with_one_swedish_line(capsys, tmp_path, local_letter, content, message):
    rules = tmp_path / "fel.yaml"
    rules.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "check", "--rules-file", str(rules), local_letter)
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith(f"klarsprak: regelfilen {rules}: ") and message in err and err.count("\n") == 1


def test_a_missing_rules_file_exits_2(capsys, tmp_path, local_letter):
    code, _out, err = run(capsys, "check", "--rules-file", str(tmp_path / "saknas.yaml"), local_letter)
    assert code == 2 and "kan inte läsa regelfilen" in err and "Traceback" not in err


def test_a_database_without_the_tables_exits_2_without_a_password(capsys, monkeypatch, tmp_path, local_letter):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'tom.sqlite'}")
    code, _out, err = run(capsys, "check", "--rules-from-db", local_letter)
    assert code == 2 and "kan inte läsa reglerna" in err and "db upgrade" in err and "Traceback" not in err
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://kim:hemligt-lösen@127.0.0.1:1/klarsprak")
    code, _out, err = run(capsys, "check", "--rules-from-db", local_letter)
    assert code == 2 and "kan inte läsa reglerna" in err and "hemligt" not in err and "***" in err


def test_no_app_database_is_created_by_a_check(capsys, monkeypatch, tmp_path, local_letter):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("KLARSPRAK_INSTANCE", str(tmp_path / "instance"))
    code, _out, err = run(capsys, "check", "--rules-from-db", local_letter)
    assert code == 2 and "appens databas finns inte" in err
    assert not (tmp_path / "instance").exists()


def test_the_two_rule_sources_exclude_each_other(capsys, local_letter):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--rules-from-db", "--rules-file", "x.yaml", local_letter])
    assert exit_info.value.code == 2 and "fel i kommandot" in capsys.readouterr().err


def test_the_command_loads_no_database_code_unless_asked():
    # `klarsprak check` reads no database: SQLAlchemy costs about 25 MB at start-up, which the
    # largest accepted text cannot spare (memory bench). Only --rules-from-db imports it.
    code = "import sys, klarsprak.cli; print('sqlalchemy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
