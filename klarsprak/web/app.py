"""Flask application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from klarsprak.config import SQLITE_BUSY_TIMEOUT_MS, settings
from klarsprak.extensions import csrf, db, login_manager, migrate
from klarsprak.resources import checkout_root, folder


def _private_sqlite_file(uri: str) -> None:
    """The embedded database holds secret-protected texts: only its owner may read it (SQLite
    gives its -wal and -shm files the same mode)."""
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    path = Path(url.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    path.chmod(0o600)


def _default_instance() -> str | None:
    """instance/ in a checkout; installed, Flask's own default (<prefix>/var/klarsprak.web.app-instance)
    unless KLARSPRAK_INSTANCE says otherwise."""
    root = checkout_root()
    return str(root / "instance") if root is not None else None


def _sqlite_pragmas(dbapi_connection, _connection_record) -> None:
    """WAL lets readers go on while one worker writes; the busy timeout makes a second writer
    wait instead of failing with "database is locked"; SQLite leaves foreign keys off unless
    asked, on every connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS:d}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def configure_sqlite(engine: Engine) -> None:
    """Set the concurrency pragmas on every new connection of ``engine`` if it is SQLite."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _sqlite_pragmas):
        event.listen(engine, "connect", _sqlite_pragmas)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: load config, bind extensions, register blueprints. Nothing heavy here:
    the language model loads on the first analysis, not at start-up."""
    # Tests give their own instance folder, so they never touch the real database or passwords.
    instance = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("KLARSPRAK_INSTANCE") or _default_instance()
    app = Flask(__name__, template_folder=str(folder("templates")), instance_path=str(instance) if instance else None)
    app.config.from_mapping(settings(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)

    _private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(folder("migrations")))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Logga in för att se sidan."

    from klarsprak.review import models  # (tables known to Alembic)
    from klarsprak.web import (
        admin,
        auth,
        check,
        commands,
        errors,
        limits,
        notifications,
        overview,
        production,
        review,
        rules_admin,
        security,
        texts,
    )

    app.url_map.converters["int"] = security.IdConverter  # before any route is added
    security.register(app)

    for blueprint in (auth.bp, texts.bp, review.bp, admin.bp, check.bp, overview.bp, notifications.bp,
                      rules_admin.bp):
        app.register_blueprint(blueprint)
    errors.register(app)
    commands.register(app)
    limits.register(app)
    production.trust_proxies(app)
    if app.config.get("PRODUCTION"):
        production.refuse_unsafe_start(app)

    @login_manager.user_loader
    def load_user(cookie_id: str):
        """The cookie holds "id:session version": an older version (logout, new password or
        role elsewhere) or a closed account is no login."""
        user_id, _, version = cookie_id.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = db.session.get(models.User, int(user_id))
        return user if user is not None and user.active and user.session_version == int(version) else None

    @app.template_filter("age")
    def age(moment) -> str:
        """How long ago, in whole days, in Swedish: "i dag", "1 dag", "12 dagar"."""
        days = (models.utcnow() - moment).days
        return "i dag" if days < 1 else ("1 dag" if days == 1 else f"{days} dagar")

    @app.route("/halsa")
    def health():
        return {"status": "ok"}

    return app
