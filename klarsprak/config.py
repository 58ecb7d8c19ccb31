"""Settings from the environment, with defaults that work on a fresh machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    configured = os.environ.get("SECRET_KEY")
    if configured:
        return configured
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def settings(instance: Path) -> dict[str, Any]:
    """The app's configuration (tests pass a dict to ``create_app`` to override it)."""
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'klarsprak.sqlite'}"
    return {
        "SECRET_KEY": _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,  # uploads: 2 MB
        "APPROVALS_NEEDED": int(os.environ.get("APPROVALS_NEEDED", "1")),
        "CLAIM_DAYS": int(os.environ.get("CLAIM_DAYS", "7")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # a reviewer may read for hours before posting
    }
