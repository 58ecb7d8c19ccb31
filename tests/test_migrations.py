"""The migrations, both ways, on both engines (the standard checks of pytest-alembic, written
with Alembic's own API): one head; base -> head -> base -> head; every step up, down and up
again; the models match what the migrations build; and a step down and up keeps the data."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from klarsprak import create_app
from klarsprak.extensions import db

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture
def migrating(tmp_path, fresh_database):
    """Factory: an app (context pushed) on an empty database of ``engine``."""
    contexts = []

    def make(engine: str):
        app = create_app({"TESTING": True, "SECRET_KEY": "test", "PERSONAL_DATA_KEY": "test",
                          "SQLALCHEMY_DATABASE_URI": fresh_database(engine),
                          "INSTANCE_PATH": str(tmp_path / "instance")})
        context = app.app_context()
        context.push()
        contexts.append(context)
        return app

    yield make
    for context in contexts:
        db.session.remove()
        db.engine.dispose()
        context.pop()


def _revisions(app) -> list[str]:
    """Every revision from the first to the head, in order."""
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions("base", "heads")))]


def _tables() -> set[str]:
    db.engine.dispose()  # a fresh inspector sees what the migration did
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def _current() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_one_head_and_one_base(migrating):
    app = migrating("sqlite")
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    assert len(script.get_heads()) == 1, "two branches of migrations: merge them"
    assert len(script.get_bases()) == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_upgrade_downgrade_upgrade(migrating, engine):
    migrating(engine)
    upgrade()
    assert _tables() == set(db.metadata.tables)
    downgrade(revision="base")
    assert _tables() == set() and _current() is None
    upgrade()
    assert _tables() == set(db.metadata.tables)


@pytest.mark.parametrize("engine", ENGINES)
def test_every_step_up_down_and_up_again(migrating, engine):
    app = migrating(engine)
    previous = "base"
    for revision in _revisions(app):
        upgrade(revision=revision)
        tables = _tables()
        downgrade(revision=previous)
        assert _current() == (None if previous == "base" else previous)
        upgrade(revision=revision)
        assert _current() == revision and _tables() == tables
        previous = revision


@pytest.mark.parametrize("engine", ENGINES)
def test_models_match_what_the_migrations_build(migrating, engine):
    migrating(engine)
    upgrade()
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == [], "a model changed without a migration (flask db migrate)"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_step_down_and_up_keeps_rows_in_tables_it_does_not_touch(migrating, engine):
    from klarsprak.review import accounts, services
    from klarsprak.review.models import Text, User

    app = migrating(engine)
    upgrade()
    writer = accounts.create_user("skribent1", "Sara", "skribent", "rätt-lösenord-123")
    services.create_text(writer, "Kallelse", "kallelse", "", "Du är välkommen till ett möte.")
    db.session.commit()
    db.session.remove()
    head, before_head = _revisions(app)[-1], _revisions(app)[-2]
    downgrade(revision=before_head)
    upgrade(revision=head)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert db.session.scalar(select(Text.title)) == "Kallelse"
