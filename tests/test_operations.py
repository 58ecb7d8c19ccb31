"""Database operations: SQLite set up for several workers; copy-db, backup and restore."""

from __future__ import annotations

import datetime as dt
import stat

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


# --- copy-db, backup and restore -------------------------------------------------------------

PASSWORD = "rätt-lösenord-123"
BODY = "Vi har erhållit din ansökan om bistånd. Kontakta Anna Berg på 070-123 45 67 om du har frågor."


def _app_on(url: str, instance):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "PERSONAL_DATA_KEY": "test",
                      "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance)})
    return app


@pytest.fixture
def seeded(tmp_path, analyzer, fresh_database):
    """Factory: a migrated database on ``engine`` with a row in every table the workflow fills."""
    apps = []

    def make(engine: str):
        from flask_migrate import upgrade

        from klarsprak.review import accounts, personal_data, services

        app = _app_on(fresh_database(engine), tmp_path / "instance")
        apps.append(app)
        with app.app_context():
            upgrade()
            writer = accounts.create_user("skribent1", "Sara", "skribent", PASSWORD)
            reviewer = accounts.create_user("granskare1", "Gunnar", "granskare", PASSWORD)
            assert accounts.authenticate("granskare1", "fel-lösenord-123", "192.0.2.1") is None
            text = services.create_text(writer, "Beslut om bistånd", "beslut", "Den som har sökt", BODY)
            personal_data.mask_all(writer, text)
            services.submit(writer, text)
            services.claim(reviewer, text)
            comment, _masked = services.add_comment(reviewer, text, "Skriv vem som beslutar.", 0, 2)
            services.reply(writer, text, comment, "Tack, jag ändrar.")
            services.decide(reviewer, text, vardat=3, enkelt=2, begripligt=3, summary="Bra.", decision="approve")
            draft = services.create_text(writer, "Kallelse", "kallelse", "", "Du är välkommen till ett möte.")
            services.dismiss(writer, draft, "jargon.svarta-listan", "välkommen", "annat", "en anteckning")
            db.session.commit()
            db.session.remove()
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _normalised(value):
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat()
    return value


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table, ordered by primary key, in engine-neutral values."""
    from sqlalchemy import select

    with app.app_context():
        content = {}
        with db.engine.connect() as connection:
            for table in db.metadata.sorted_tables:
                rows = connection.execute(select(table).order_by(*table.primary_key.columns))
                content[table.name] = [tuple(_normalised(v) for v in row) for row in rows]
        db.engine.dispose()
    return content


def _assert_meaningful(content):
    """The comparison covers real data: the workflow filled the tables it should."""
    filled = {name for name, rows in content.items() if rows}
    assert {"users", "texts", "revisions", "comments", "reviews", "dismissals", "personal_data_decisions",
            "login_attempts", "audit_events"} <= filled
    assert len(content["comments"]) == 2  # a comment and its reply (parent before child)


def test_copy_db_moves_everything_from_sqlite_to_postgresql(seeded, fresh_database, tmp_path):
    from klarsprak.review import accounts

    source = seeded("sqlite")
    before = snapshot(source)
    _assert_meaningful(before)
    target_url = fresh_database("postgresql")
    result = source.test_cli_runner().invoke(args=["copy-db", "--to", target_url])
    assert result.exit_code == 0, result.output
    total = sum(len(rows) for rows in before.values())
    assert f"{total} rader i" in result.output
    assert "postgres@" in result.output and target_url.split("@")[0].split("//")[1] in result.output

    target = _app_on(target_url, tmp_path / "instance")
    assert snapshot(target) == before
    with target.app_context():
        # Sequences moved past the copied ids: a new row gets the next id, not a duplicate.
        user = accounts.create_user("ny_skribent", "Ny", "skribent", PASSWORD)
        assert user.id == max(row[0] for row in before["users"]) + 1
        from sqlalchemy import text as sql_text
        assert db.session.execute(sql_text("SELECT version_num FROM alembic_version")).scalar()
        db.session.remove()
        db.engine.dispose()
    # The source records the copy (no address or password in the log).
    with source.app_context():
        from sqlalchemy import select

        from klarsprak.review.models import AuditEvent
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last.action == "copy_db" and "postgresql" in last.detail_json and "@" not in last.detail_json
        db.session.remove()


def test_copy_db_refuses_a_database_that_is_not_empty(seeded):
    source = seeded("sqlite")
    with source.app_context():
        same_url = db.engine.url.render_as_string(hide_password=False)
    result = source.test_cli_runner().invoke(args=["copy-db", "--to", same_url])
    assert result.exit_code != 0 and "samma som den du kopierar från" in result.output
    other = seeded("postgresql")
    with other.app_context():
        other_url = db.engine.url.render_as_string(hide_password=False)
        db.engine.dispose()
    result = source.test_cli_runner().invoke(args=["copy-db", "--to", other_url])
    assert result.exit_code != 0 and "Måldatabasen är inte tom" in result.output
    assert "Traceback" not in result.output


def test_copy_db_asks_for_db_upgrade_when_the_source_is_behind(seeded, fresh_database):
    from flask_migrate import downgrade

    source = seeded("sqlite")
    with source.app_context():
        downgrade(revision="-1")
        db.engine.dispose()
    result = source.test_cli_runner().invoke(args=["copy-db", "--to", fresh_database("postgresql")])
    assert result.exit_code != 0 and "flask --app klarsprak db upgrade" in result.output
    assert "Traceback" not in result.output


def test_copy_db_explains_an_unreadable_address(seeded):
    result = seeded("sqlite").test_cli_runner().invoke(args=["copy-db", "--to", "inte en adress"])
    assert result.exit_code != 0 and "Adressen till måldatabasen går inte att läsa" in result.output


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_backup_then_restore_into_an_empty_database_gives_the_same_content(seeded, fresh_database, tmp_path,
                                                                        engine):
    source = seeded(engine)
    before = snapshot(source)
    _assert_meaningful(before)
    backup = tmp_path / "kopior" / f"klarsprak.{engine}"
    result = source.test_cli_runner().invoke(args=["backup", "--to", str(backup)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    again = source.test_cli_runner().invoke(args=["backup", "--to", str(backup)])
    assert again.exit_code != 0 and "finns redan" in again.output  # never overwritten

    empty = tmp_path / "tom.sqlite" if engine == "sqlite" else None
    target = _app_on(f"sqlite:///{empty}" if empty else fresh_database("postgresql"), tmp_path / "instance2")
    result = target.test_cli_runner().invoke(args=["restore", str(backup)])
    assert result.exit_code == 0, result.output
    after = snapshot(target)
    # The backup was taken before its own audit event; the restore adds one of its own.
    assert {k: v for k, v in after.items() if k != "audit_events"} == \
        {k: v for k, v in before.items() if k != "audit_events"}
    assert after["audit_events"][:-1] == before["audit_events"]
    with target.app_context():
        from sqlalchemy import select

        from klarsprak.review.models import AuditEvent
        assert db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc())).first() == "restore"
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_restore_refuses_a_database_with_tables_and_a_file_that_is_no_backup(seeded, tmp_path, engine):
    app = seeded(engine)
    junk = tmp_path / "inte-en-kopia.dump"
    junk.write_bytes(b"hej")
    result = app.test_cli_runner().invoke(args=["restore", str(junk)])
    assert result.exit_code != 0 and "inte tom" in result.output
    empty = _app_on(f"sqlite:///{tmp_path / 'tom.sqlite'}", tmp_path / "instance2")
    result = empty.test_cli_runner().invoke(args=["restore", str(junk)])
    assert result.exit_code != 0 and "ingen säkerhetskopia" in result.output
    missing = empty.test_cli_runner().invoke(args=["restore", str(tmp_path / "finns-inte")])
    assert missing.exit_code != 0 and "finns inte" in missing.output
    with empty.app_context():
        db.engine.dispose()


def test_a_backup_from_an_older_version_is_restored_and_upgrade_is_asked_for(seeded, tmp_path):
    from flask_migrate import downgrade

    source = seeded("sqlite")
    with source.app_context():
        downgrade(revision="-1")
        db.engine.dispose()
    backup = tmp_path / "gammal.sqlite"
    assert source.test_cli_runner().invoke(args=["backup", "--to", str(backup)]).exit_code == 0
    target = _app_on(f"sqlite:///{tmp_path / 'tom.sqlite'}", tmp_path / "instance2")
    result = target.test_cli_runner().invoke(args=["restore", str(backup)])
    assert result.exit_code == 0, result.output
    assert "kör nu flask --app klarsprak db upgrade" in result.output
    with target.app_context():
        from flask_migrate import upgrade

        upgrade()  # and then it is today's schema with yesterday's rows
        from sqlalchemy import func, select

        from klarsprak.review.models import User
        assert db.session.scalar(select(func.count()).select_from(User)) == 2
        db.session.remove()
        db.engine.dispose()


def test_backup_without_a_path_goes_to_instance_backups(seeded, tmp_path):
    app = seeded("sqlite")
    result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    [backup] = (tmp_path / "instance" / "backups").glob("klarsprak-*.sqlite")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")
