"""Database operations: SQLite set up for several workers; copy-db, backup and restore."""

from __future__ import annotations

import pytest
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError

from klarsprak import create_app
from klarsprak.config import SQLITE_BUSY_TIMEOUT_MS
from klarsprak.extensions import db


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "PERSONAL_DATA_KEY": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_every_new_sqlite_connection_has_wal_a_busy_timeout_and_foreign_keys(sqlite_app):
    for _ in range(2):  # a second connection, not a reused one
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def test_sqlite_refuses_a_row_that_points_nowhere(sqlite_app):
    with db.engine.begin() as connection:
        connection.execute(sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        connection.execute(sql("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))"))
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(sql("INSERT INTO child (parent_id) VALUES (42)"))


def test_postgresql_connections_get_no_sqlite_pragmas(tmp_path, fresh_database):
    from sqlalchemy import event

    from klarsprak.web.app import _sqlite_pragmas

    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": fresh_database("postgresql"),
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        assert not event.contains(db.engine, "connect", _sqlite_pragmas)
        with db.engine.connect() as connection:
            assert connection.execute(sql("SELECT 1")).scalar() == 1
        db.engine.dispose()
