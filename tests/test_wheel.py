"""The built wheel works on its own: built from the files a release holds, installed into a fresh
virtualenv, it checks a text from the command line and serves the app against a new SQLite
database that its own migrations create, importing no test dependency."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a release is built from; nothing else of the checkout is copied, so a file the wheel
# needs but the build leaves out shows up here.
SOURCES = ("klarsprak", "rules", "templates", "migrations", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
TEST_DEPENDENCIES = ("pytest", "hypothesis", "faker", "psutil", "playwright", "axe_playwright_python",
                     "locust", "aiosmtpd", "build", "bandit", "ruff")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A virtualenv with the wheel installed; the runtime dependencies come from this venv's
    site-packages through a .pth file (every entry but klarsprak's own), so nothing is downloaded."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    # A source distribution first, then the wheel from it: both must carry everything.
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source)],
                   check=True, capture_output=True, text=True, timeout=600)
    [wheel] = (work / "dist").glob("klarsprak-*.whl")

    environment = work / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    target = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 check=True, capture_output=True, text=True).stdout.strip())
    dependencies = work / "dependencies"
    dependencies.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(("klarsprak", "__editable__")):
            (dependencies / entry.name).symlink_to(entry)
    (target / "shared-dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, capture_output=True, text=True, timeout=300)
    return environment


def _run(environment: Path, *command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("KLARSPRAK_", "PYTHON")) and k not in ("DATABASE_URL", "SECRET_KEY", "VIRTUAL_ENV")}
    return subprocess.run(list(command), cwd=cwd, env={**clean, **env}, capture_output=True, text=True, timeout=300)


def test_the_installed_command_checks_a_text(installed, tmp_path):
    letter = tmp_path / "brev.txt"
    letter.write_text("Vi har erhållit Er ansökan. Beslut fattas i enlighet med lagen.\n", encoding="utf-8")
    result = _run(installed, str(installed / "bin" / "klarsprak"), "check", str(letter), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr  # 2 would be an error
    assert "[jargon.svarta-listan]" in result.stdout and "erhållit" in result.stdout


def test_the_installed_app_migrates_a_new_database_and_serves_pages(installed, tmp_path):
    instance = tmp_path / "instance"
    database = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    upgrade = _run(installed, str(installed / "bin" / "python"), "-m", "flask", "--app", "klarsprak", "db", "upgrade",
                   cwd=tmp_path,
                   DATABASE_URL=database, KLARSPRAK_INSTANCE=str(instance))
    assert upgrade.returncode == 0, upgrade.stderr
    assert "Running upgrade" in upgrade.stderr

    script = textwrap.dedent(f"""
        import importlib.abc, json, sys
        BLOCKED = {TEST_DEPENDENCIES!r}

        class NoTestDependencies(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError(f"runtime code imported the test dependency {{name}}")
                return None

        sys.meta_path.insert(0, NoTestDependencies())
        import klarsprak
        from klarsprak import analyze, create_app
        from klarsprak.resources import folder
        from klarsprak.analysis.rules import default_rules_dir

        app = create_app()
        client = app.test_client()
        page = client.get("/logga-in")
        static = client.get("/static/" + sorted(p.name for p in (folder("templates").parent / "web" / "static").iterdir())[0])
        report = analyze("Vi har erhållit din ansökan.")
        print(json.dumps({{
            "package": klarsprak.__file__, "templates": str(folder("templates")),
            "migrations": str(folder("migrations")), "rules": str(default_rules_dir()),
            "instance": app.instance_path, "database": app.config["SQLALCHEMY_DATABASE_URI"],
            "login": page.status_code, "login_text": "Logga in" in page.get_data(as_text=True),
            "static": static.status_code, "findings": [f.rule for f in report.findings],
        }}))
    """)
    result = _run(installed, str(installed / "bin" / "python"), "-c", script, cwd=tmp_path,
                  DATABASE_URL=database, KLARSPRAK_INSTANCE=str(instance))
    assert result.returncode == 0, result.stderr
    import json

    seen = json.loads(result.stdout.strip().splitlines()[-1])
    for key in ("package", "templates", "migrations", "rules"):
        assert seen[key].startswith(str(installed)), (key, seen[key])  # from the wheel, not the checkout
    assert seen["instance"] == str(instance) and seen["database"] == database
    assert seen["login"] == 200 and seen["login_text"] and seen["static"] == 200
    assert "jargon.svarta-listan" in seen["findings"]
