"""Shared fixtures. The Swedish pipeline and the rules are loaded once per test session."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from klarsprak.analysis.engine import Analyzer, default_analyzer

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL server for the tests: KLARSPRAK_TEST_POSTGRES, or a throwaway cluster on
    loopback that scripts/test-postgres.sh starts (installing Debian's postgresql if needed)."""
    return service_url("KLARSPRAK_TEST_POSTGRES", "test-postgres.sh")


def service_url(variable: str, script: str) -> str:
    """The URL in ``variable`` (``make test`` sets it), or the one ``scripts/<script>`` prints
    after starting a throwaway server on loopback (installing Debian's package if needed)."""
    url = os.environ.get(variable)
    if not url:
        url = subprocess.run([str(ROOT / "scripts" / script)], capture_output=True, text=True,
                             check=True).stdout.strip()
    return url


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis server for the tests: KLARSPRAK_TEST_REDIS, or one scripts/test-redis.sh starts."""
    return service_url("KLARSPRAK_TEST_REDIS", "test-redis.sh")


@pytest.fixture
def made_apps():
    """A list to put the apps a test makes in; each app's sessions and connections are closed
    afterwards."""
    from klarsprak.extensions import db

    apps: list = []
    yield apps
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def fresh_database(request, tmp_path, postgres_url):
    """Factory: a new empty database on ``engine`` ("sqlite" or "postgresql"), dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    made: list[str] = []

    def make(engine: str) -> str:
        if engine == "sqlite":
            return f"sqlite:///{tmp_path / 'test.sqlite'}"
        name = f"klarsprak_test_{uuid.uuid4().hex[:12]}"
        server = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        server.dispose()
        made.append(name)
        return make_url(postgres_url).set(database=name).render_as_string(hide_password=False)

    yield make
    if made:
        server = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            for name in made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return default_analyzer()


@pytest.fixture(scope="session")
def nlp(analyzer):
    return analyzer.nlp


@pytest.fixture(scope="session")
def rules_dir(analyzer) -> Path:
    return analyzer.rules_dir


@pytest.fixture
def sample():
    """Read a text from ../shared/samples, or a small built-in copy when shared/ is absent."""

    def read(name: str) -> str:
        path = SAMPLES / name
        if path.exists():
            return path.read_text(encoding="utf-8")
        return (DATA / "samples" / name).read_text(encoding="utf-8")

    return read
