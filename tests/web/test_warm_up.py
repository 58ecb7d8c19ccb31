"""A server worker loads the models before its first request and freezes them out of the
garbage collector's full passes (issue 10: those passes were the load bench's slowest 5 %)."""

from __future__ import annotations

import gc

import pytest

from klarsprak import create_app
from klarsprak.review import analysis, rule_changes


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # the rest of the test run collects as usual


def test_warm_up_builds_the_analyzer_in_force_and_freezes_what_is_loaded(app, unfrozen):
    analysis._report.cache_clear()
    analysis.personal_data_in.cache_clear()
    gc.unfreeze()
    analysis.warm_up(app)
    assert gc.get_freeze_count() > 10_000  # the models' objects, not a handful
    assert analysis._report.cache_info().currsize == 1 and analysis.personal_data_in.cache_info().currsize == 1
    with app.app_context():
        assert rule_changes.cache_key() in rule_changes._analyzers  # the rules in force, local changes included
        # The warm-up text reaches the detector: a name and a phone number.
        assert {datum.kind for datum in analysis.personal_data_in(analysis.WARM_UP_TEXT)} >= {"name", "phone"}


def test_a_worker_whose_database_is_away_still_starts(tmp_path, unfrozen, monkeypatch):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                      "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "x", "PERSONAL_DATA_KEY": "x"})
    logged = []
    monkeypatch.setattr(analysis.log, "exception", logged.append)
    gc.unfreeze()
    analysis.warm_up(app)  # does not raise: the worker serves, and loads the models on first use
    assert logged == ["warm-up failed; the language models load on first use instead"]
    assert gc.get_freeze_count() > 0
