"""``flask --app klarsprak copy-db | backup | restore``: moving and saving the whole database.

SQLite uses its online backup API (a consistent copy while the app runs); PostgreSQL uses
``pg_dump -Fc`` and ``pg_restore``. Backups hold every original text, so they are created with
mode 0600 and never overwritten."""

from __future__ import annotations

# bandit B404/B603 (subprocess, nosec below): pg_dump and pg_restore run from an argument list,
# never through a shell.
import datetime as dt
import glob
import os
import shutil
import sqlite3
import subprocess  # nosec
from pathlib import Path

import click
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import Engine, create_engine, func, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from klarsprak.extensions import db
from klarsprak.review.audit import audit

# Alembic's own bookkeeping: written by the migrations on the target, never copied.
VERSION_TABLE = "alembic_version"
BATCH_ROWS = 1000
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class DatabaseCommandError(click.ClickException):
    """A copy, backup or restore that cannot go on; the message says why, in Swedish."""


def _private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 before anything writes into it (no window in which
    another user could open a backup), refusing to overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise DatabaseCommandError(f"Filen {path} finns redan. Välj ett annat namn.") from None


def _user_tables(engine: Engine) -> list[str]:
    return [name for name in inspect(engine).get_table_names() if name != VERSION_TABLE]


def _require_empty(engine: Engine, what: str) -> None:
    tables = _user_tables(engine)
    if tables:
        raise DatabaseCommandError(
            f"{what} är inte tom (den har tabellen {tables[0]}). Ange en ny, tom databas.")


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise DatabaseCommandError("Databasen ligger bara i minnet; det finns ingen fil att spara.")
    return Path(url.database)


def _postgres_tool(name: str) -> str:
    """The newest ``pg_dump``/``pg_restore`` in Debian's /usr/lib/postgresql/*/bin, else the one on
    PATH (a newer client handles older servers, not the other way round)."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    found = candidates[-1] if candidates else shutil.which(name)
    if not found:
        raise DatabaseCommandError(f"Hittar inte {name}. Installera PostgreSQL-klienten (Debian: postgresql-client).")
    return found


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, which goes in PGPASSWORD instead: a
    command line is visible to every user on the host."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _run(command: list[str], environment: dict[str, str], failure: str) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # nosec
    if result.returncode != 0:
        # The tool's own message names tables and options, never rows, so it may be shown.
        last_line = (result.stderr.strip().splitlines() or [f"slutkod {result.returncode}"])[-1]
        raise DatabaseCommandError(f"{failure}: {last_line}")


def copy_database(source: Engine, target: Engine) -> dict[str, int]:
    """Copy every row of every table from ``source`` into the migrated, empty ``target``, in
    foreign-key order and by primary key (a comment's parent comes before its replies); then
    move PostgreSQL's sequences past the copied ids. Returns rows per table."""
    tables = db.metadata.sorted_tables
    unknown = set(_user_tables(source)) - {table.name for table in tables}
    if unknown:
        raise DatabaseCommandError(f"Tabellen {sorted(unknown)[0]} finns inte i den här versionen av Klarspråk.")
    counts: dict[str, int] = {}
    with source.connect() as reading, target.begin() as writing:
        for table in tables:
            counts[table.name] = 0
            rows = reading.execution_options(yield_per=BATCH_ROWS).execute(
                select(table).order_by(*table.primary_key.columns))
            for batch in rows.mappings().partitions(BATCH_ROWS):
                writing.execute(table.insert(), [dict(row) for row in batch])
                counts[table.name] += len(batch)
        if target.dialect.name == "postgresql":
            _move_sequences(writing, tables)
    return counts


def _move_sequences(connection, tables) -> None:
    """Copied rows keep their ids, so each id sequence must start after the highest one."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                         {"t": table.name, "c": column.name})
            if sequence:
                highest = connection.scalar(select(func.max(column)))
                connection.execute(text("SELECT setval(:s, :v, :called)"),
                                   {"s": sequence, "v": highest or 1, "called": highest is not None})


def backup_database(engine: Engine, destination: Path) -> None:
    """Write a consistent copy of the database behind ``engine`` to ``destination`` (mode 0600)."""
    _private_file(destination)
    try:
        if engine.dialect.name == "sqlite":
            with sqlite3.connect(_sqlite_path(engine.url)) as source, sqlite3.connect(destination) as copy:
                source.backup(copy)  # online: other connections may go on writing
            copy.close()
            source.close()
        elif engine.dialect.name == "postgresql":
            dsn, environment = _libpq(engine.url)
            _run([_postgres_tool("pg_dump"), "--format=custom", f"--file={destination}", f"--dbname={dsn}"],
                 environment, "pg_dump misslyckades")
        else:
            raise DatabaseCommandError(f"Säkerhetskopior stöds för SQLite och PostgreSQL, inte {engine.dialect.name}.")
    except BaseException:
        destination.unlink(missing_ok=True)  # no half-written backup left to be trusted
        raise
    destination.chmod(0o600)


def restore_database(engine: Engine, backup: Path) -> None:
    """Load ``backup`` (from ``backup_database``) into the empty database behind ``engine``."""
    if not backup.is_file():
        raise DatabaseCommandError(f"Filen {backup} finns inte.")
    _require_empty(engine, "Databasen du återställer till")
    with backup.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    engine.dispose()  # nothing of ours holds the file or the database open
    if engine.dialect.name == "sqlite":
        if header != SQLITE_HEADER:
            raise DatabaseCommandError(f"{backup} är ingen säkerhetskopia av en SQLite-databas.")
        with sqlite3.connect(backup) as source, sqlite3.connect(_sqlite_path(engine.url)) as target:
            source.backup(target)
        source.close()
        target.close()
    elif engine.dialect.name == "postgresql":
        if not header.startswith(PG_DUMP_HEADER):
            raise DatabaseCommandError(f"{backup} är ingen säkerhetskopia från pg_dump -Fc.")
        dsn, environment = _libpq(engine.url)
        # One transaction: a restore that fails leaves the database empty, not half filled.
        _run([_postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
              f"--dbname={dsn}", str(backup)], environment, "pg_restore misslyckades")
    else:
        raise DatabaseCommandError(f"Återställning stöds för SQLite och PostgreSQL, inte {engine.dialect.name}.")


def _default_backup_path(engine: Engine) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite" if engine.dialect.name == "sqlite" else "dump"
    return Path(current_app.instance_path) / "backups" / f"klarsprak-{stamp}.{suffix}"


def _at_newest_migration(engine: Engine) -> bool:
    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() in script.get_heads()


def _require_current_schema(engine: Engine) -> None:
    """The copy reads with today's models, so the source must have every migration applied."""
    if not _at_newest_migration(engine):
        raise DatabaseCommandError("Databasen du kopierar från har inte den senaste strukturen. "
                                   "Kör först: flask --app klarsprak db upgrade")


def _migrated_target(url: str) -> None:
    """An app on ``url`` with the migrations applied, so the copy lands in today's schema."""
    from klarsprak.web.app import create_app

    target_app = create_app({**{k: current_app.config[k] for k in ("SECRET_KEY", "PERSONAL_DATA_KEY")},
                             "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": current_app.instance_path})
    with target_app.app_context():
        try:
            _require_empty(db.engine, "Måldatabasen")
            upgrade()
        finally:
            db.engine.dispose()  # the copy uses its own engine


def register(app: Flask) -> None:
    """Add copy-db, backup and restore to ``flask --app klarsprak``."""

    @app.cli.command("copy-db")
    @click.option("--to", "url", required=True, metavar="URL",
                  help="Den tomma databasen allt ska kopieras till, t.ex. postgresql+psycopg://…")
    def copy_db_command(url: str) -> None:
        """Kopiera hela databasen till en ny, tom databas (till exempel från SQLite till PostgreSQL)."""
        try:
            target_url = make_url(url)
        except ArgumentError:
            raise DatabaseCommandError("Adressen till måldatabasen går inte att läsa. Exempel: "
                                       "postgresql+psycopg://klarsprak@db.example/klarsprak") from None
        if target_url == db.engine.url:
            raise DatabaseCommandError("Måldatabasen är samma som den du kopierar från.")
        _require_current_schema(db.engine)
        _migrated_target(url)
        target = create_engine(target_url, hide_parameters=True)
        try:
            counts = copy_database(db.engine, target)
        finally:
            target.dispose()
        audit(None, "copy_db", None, kind=target_url.get_backend_name(), count=sum(counts.values()))
        db.session.commit()
        click.echo(f"{sum(counts.values())} rader i {len(counts)} tabeller är kopierade "
                   f"till {target_url.render_as_string(hide_password=True)}.")

    @app.cli.command("backup")
    @click.option("--to", "path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Filen att skriva (standard: instance/backups/klarsprak-DATUM.sqlite eller .dump).")
    def backup_command(path: Path | None) -> None:
        """Spara en säkerhetskopia av databasen (filen kan bara läsas av dig)."""
        destination = path or _default_backup_path(db.engine)
        backup_database(db.engine, destination)
        if _at_newest_migration(db.engine):  # an older schema cannot take today's audit row
            audit(None, "backup", None, kind=db.engine.dialect.name)
            db.session.commit()
        size = f"{destination.stat().st_size:,}".replace(",", " ")
        click.echo(f"Säkerhetskopian är sparad i {destination} ({size} byte).")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def restore_command(path: Path) -> None:
        """Läs in en säkerhetskopia i den konfigurerade databasen, som måste vara tom."""
        db.session.remove()
        restore_database(db.engine, path)
        if not _at_newest_migration(db.engine):  # an older version's backup: its tables lack columns
            click.echo("Säkerhetskopian är inläst. Den är från en äldre version: kör nu "
                       "flask --app klarsprak db upgrade.")
            return
        audit(None, "restore", None, kind=db.engine.dialect.name)
        db.session.commit()
        click.echo("Säkerhetskopian är inläst.")
