"""Where the ``klarsprak`` command takes its rules from.

By default the repository's ``rules/``: the same result on every machine, no database needed
(what a CI job or a writer's own check wants). A municipality that has changed rules in the
app (``/regler``) can use its own rule set from the command line too, in one of two ways:

- ``--rules-file FIL``: a file from "Ladda ner ändringarna" on ``/regler``, validated exactly as
  the app's import validates it;
- ``--rules-from-db``: the changes stored in the app's database, ``DATABASE_URL`` as the app
  reads it (an environment variable, so a password never shows in the process list), else the
  app's SQLite file in ``KLARSPRAK_INSTANCE`` or the checkout's ``instance/``. The database is
  only read, never written or created.

Either way the local changes sit on top of the shipped defaults, as in the app.
"""

from __future__ import annotations

import os
from pathlib import Path

from klarsprak.analysis.engine import Analyzer, default_analyzer
from klarsprak.resources import checkout_root

MAX_RULES_FILE = 2_000_000  # bytes, as the app's import allows


class RuleSourceError(ValueError):
    """The rules asked for cannot be used; the message is plain Swedish, one line."""


def analyzer_from_file(path: str) -> Analyzer:
    """The shipped rules with the changes of an exported file (``--rules-file``)."""
    from klarsprak.review import rule_changes

    try:
        with open(path, "rb") as file:
            data = file.read(MAX_RULES_FILE + 1)
    except OSError as error:
        raise RuleSourceError(f"kan inte läsa regelfilen {path}: {error.strerror}") from None
    if len(data) > MAX_RULES_FILE:
        raise RuleSourceError(f"regelfilen {path} är större än {MAX_RULES_FILE // 1_000_000} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RuleSourceError(f"regelfilen {path} är inte UTF-8-text") from None
    try:
        state = rule_changes.parse_import(text)
    except rule_changes.RuleChangeError as error:
        raise RuleSourceError(f"regelfilen {path}: {error}") from None
    return rule_changes.build_analyzer(state)


def database_url() -> str:
    """The app's database, as the app finds it (``DATABASE_URL``, else its SQLite file), opened
    read-only when it is SQLite. :class:`RuleSourceError` when there is none."""
    configured = os.environ.get("DATABASE_URL")
    if configured:
        return configured
    instance = os.environ.get("KLARSPRAK_INSTANCE") or (
        str(checkout_root() / "instance") if checkout_root() is not None else None)
    if instance is None:
        raise RuleSourceError("--rules-from-db: sätt DATABASE_URL (eller KLARSPRAK_INSTANCE) till appens databas")
    path = Path(instance) / "klarsprak.sqlite"
    if not path.is_file():
        raise RuleSourceError(f"--rules-from-db: appens databas finns inte ({path}); sätt DATABASE_URL eller "
                              "starta appen en gång (make run)")
    return f"sqlite:///file:{path}?mode=ro&uri=true"  # read-only: the check changes nothing


def analyzer_from_database(url: str | None = None) -> Analyzer:
    """The shipped rules with the changes stored in the app's database (``--rules-from-db``)."""
    # SQLAlchemy only here: a plain `klarsprak check` needs no database, and importing it costs
    # about 25 MB, which the largest accepted text cannot spare (memory bench, < 400 MB).
    from sqlalchemy import create_engine, select
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError
    from sqlalchemy.orm import Session

    from klarsprak.review import rule_changes
    from klarsprak.review.models import RuleChange

    url = url or database_url()
    try:
        shown = make_url(url).render_as_string(hide_password=True)
        engine = create_engine(url, hide_parameters=True)
    except (ArgumentError, ValueError, ImportError):
        raise RuleSourceError("--rules-from-db: DATABASE_URL går inte att läsa som en databasadress") from None
    try:
        with Session(engine) as session:
            state = rule_changes.LocalRules()
            for change in session.scalars(select(RuleChange).order_by(RuleChange.id)):
                state.apply(change)
    except SQLAlchemyError as error:
        raise RuleSourceError(f"--rules-from-db: kan inte läsa reglerna i {shown} ({type(error).__name__}). "
                              "Kontrollera adressen och att databasen är uppdaterad (flask --app klarsprak "
                              "db upgrade).") from None
    finally:
        engine.dispose()
    return rule_changes.build_analyzer(state)


def analyzer_for(rules_file: str | None, from_database: bool) -> Analyzer:
    """The analyzer the command's options ask for: the repository's rules unless told otherwise."""
    if rules_file:
        return analyzer_from_file(rules_file)
    if from_database:
        return analyzer_from_database()
    return default_analyzer()
