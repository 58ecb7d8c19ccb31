"""HTTP hardening: response headers with a per-request CSP nonce, ids that fit the database,
and session timeouts. All in one place, registered by the app factory."""

from __future__ import annotations

import secrets
import time

from flask import Flask, current_app, g, request, session
from flask_login import current_user, logout_user
from werkzeug.routing import IntegerConverter

# Ids in URLs: larger values are 404 at routing, never an overflow in the database (500).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` with a ceiling that every supported database can store."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def csp_nonce() -> str:
    """The nonce that inline <script> and <style> carry on this response."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _headers(response):
    nonce = csp_nonce()
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if not request.path.startswith("/static/"):
        # Pages hold texts (masked or not): never kept by the browser or a proxy.
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure or current_app.config.get("HSTS"):  # production: TLS ends at the proxy
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


def _session_timeouts(app: Flask):
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    absolute = app.config["SESSION_MAX_HOURS"] * 3600

    def check() -> None:
        if not current_user.is_authenticated:
            return
        now = time.time()
        if now - session.get("seen_at", 0) > idle or now - session.get("login_at", 0) > absolute:
            logout_user()
            session.clear()
            return
        session["seen_at"] = now

    return check


def _forget_request_state(_exc: BaseException | None) -> None:
    """Per-request values live in ``g``, which outlives a request when an app context was
    already pushed (tests, CLI commands): each request gets its own nonce and loads its user
    from its own cookie."""
    g.pop("csp_nonce", None)
    g.pop("_login_user", None)


def register(app: Flask) -> None:
    """Attach the headers, the timeouts and the nonce helper to ``app``."""
    app.after_request(_headers)
    app.teardown_request(_forget_request_state)
    app.before_request(_session_timeouts(app))
    app.jinja_env.globals["csp_nonce"] = csp_nonce
