"""Shared fixtures. The Swedish pipeline and the rules are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from klarsprak.analysis.engine import Analyzer, default_analyzer

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
DATA = Path(__file__).resolve().parent / "data"


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
