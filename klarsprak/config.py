"""Settings from the environment, with defaults that work on a fresh machine."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any


def instance_secret(instance: Path, variable: str, file_name: str) -> str:
    """A key from the environment, else one generated once and kept in instance/ (mode 0600).

    Several workers may start at once on a fresh instance: the file is created exclusively, so
    exactly one of them writes it and every worker reads the same key."""
    configured = os.environ.get(variable)
    if configured:
        return configured
    path = instance / file_name
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(secrets.token_hex(32))
    for _attempt in range(100):  # another worker may have created the file but not yet written it
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty; remove it or set {variable}.")


# SQLite waits this long for another writer before "database is locked" (several workers write).
SQLITE_BUSY_TIMEOUT_MS = 15_000
# Keys that production takes from the environment only: several hosts must share them, and a
# key generated into one host's instance/ would differ from the next host's.
PRODUCTION_KEYS = ("SECRET_KEY", "PERSONAL_DATA_KEY")


def is_production() -> bool:
    """``KLARSPRAK_ENV=production`` (set by ``make serve`` and the gunicorn config)."""
    return os.environ.get("KLARSPRAK_ENV", "").strip().lower() == "production"


def _key(instance: Path, variable: str, file_name: str, production: bool) -> str | None:
    if production:
        return os.environ.get(variable) or None  # refused at start-up when missing
    return instance_secret(instance, variable, file_name)


def _minutes(variable: str, default: int, most: int) -> int:
    """A whole number of minutes from the environment, 1 to ``most``; a clear Swedish line otherwise."""
    value = os.environ.get(variable, "").strip() or str(default)
    if not value.isdigit() or not 1 <= int(value) <= most:
        import click  # Flask's own dependency; flask and gunicorn print its message as one line

        raise click.ClickException(f"{variable} ska vara ett antal minuter från 1 till {most}, inte ”{value}”.")
    return int(value)


def settings(instance: Path) -> dict[str, Any]:
    """The app's configuration (tests pass a dict to ``create_app`` to override it)."""
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'klarsprak.sqlite'}"
    production = is_production()
    return {
        "PRODUCTION": production,
        "SECRET_KEY": _key(instance, "SECRET_KEY", "secret_key", production),
        # Keys the writer's personal-data decisions (stored as HMACs, never as values). A key of
        # its own: rotating SECRET_KEY (which logs everyone out) must not undo the decisions.
        "PERSONAL_DATA_KEY": _key(instance, "PERSONAL_DATA_KEY", "personal_data_key", production),
        # How many proxies in front set X-Forwarded-For/-Proto/-Host (0: trust no such header).
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        # Over HTTPS only in production (TLS ends at the proxy in front); HSTS on every response.
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "HSTS": production,
        # Coarse limits per address (Flask-Limiter); memory per worker, or Redis shared by all.
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        # After Redis fails, each worker counts in memory this many seconds before it asks again
        # (checked, with a Swedish message, when the limits are registered).
        "RATELIMIT_REDIS_BACKOFF": os.environ.get("RATELIMIT_REDIS_BACKOFF", "30"),
        # The counts' keys in Redis start with this, so one Redis may serve other apps too.
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "klarsprak"),
        "RATELIMIT_CHECK": os.environ.get("RATELIMIT_CHECK", "20/minute;200/hour"),
        "RATELIMIT_COMMENT": os.environ.get("RATELIMIT_COMMENT", "30/minute;300/hour"),
        "RATELIMIT_NEW_TEXT": os.environ.get("RATELIMIT_NEW_TEXT", "10/minute;100/hour"),
        # Purge originals this many days after approval or archiving; off until the
        # municipality decides on gallring (arkivlagen).
        "RETENTION_DAYS": int(os.environ["RETENTION_DAYS"]) if os.environ.get("RETENTION_DAYS") else None,
        # Tracebacks and SQL errors never carry titles, comments or other typed values. A pooled
        # connection is tested before use, so a database restart costs no request an error.
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True, "pool_pre_ping": True},
        "SQLALCHEMY_DATABASE_URI": database,
        # A request over this is refused before it is read; uploads over MAX_UPLOAD_BYTES (2 MB)
        # get their own message on the form, with what was typed kept.
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        "APPROVALS_NEEDED": int(os.environ.get("APPROVALS_NEEDED", "1")),
        "CLAIM_DAYS": int(os.environ.get("CLAIM_DAYS", "7")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "120")),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "12")),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # a reviewer may read for hours before posting
        # Over HTTPS Flask-WTF would also demand a same-site Referer, which our Referrer-Policy
        # (no-referrer) never lets the browser send: every form would fail. The token and the
        # SameSite cookie are the protection.
        "WTF_CSRF_SSL_STRICT": False,
        # Notices by e-mail when SMTP_HOST is set (in-app notices always). SMTP_TLS: "starttls",
        # "ssl" or empty; PUBLIC_URL starts the links in the mails (the daily command has no request).
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_FROM": os.environ.get("SMTP_FROM", "klarsprak@localhost"),
        "SMTP_TLS": os.environ.get("SMTP_TLS", "").strip().lower(),
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "").rstrip("/"),
        # A mail claimed as "sending" longer ago than this (minutes) was left by a sender that
        # died, and the next run sends it again: longer than the slowest SMTP send of a run.
        "MAIL_CLAIM_TIMEOUT": _minutes("MAIL_CLAIM_TIMEOUT", 10, 24 * 60),
        # A writer whose text has waited this many days in "ändringar begärda" gets a reminder.
        "REMINDER_DAYS": int(os.environ.get("REMINDER_DAYS", "7")),
    }
