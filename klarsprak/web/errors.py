"""Error pages in Swedish; never a traceback to the user, and nothing typed is lost."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from klarsprak.extensions import db, login_manager
from klarsprak.review.services import WorkflowError
from klarsprak.review.states import IllegalTransition
from klarsprak.web.forms import UPLOAD_TOO_LARGE

# Free-text fields of our forms, shown again on an error page so the person can copy them.
# Passwords and hidden fields are never echoed.
TYPED_FIELDS: dict[str, str] = {"title": "Rubrik", "audience": "Vem ska läsa texten?", "body": "Texten",
                                "summary": "Sammanfattning", "note": "Förklaring"}
# The database is unreachable, restarting, or busy beyond its timeout: try again later (503).
UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, sa_exc.DisconnectionError)
UNAVAILABLE_MESSAGE = ("Vi kommer inte åt databasen just nu. Inget av det du skickade nu är sparat. "
                       "Vänta en stund och försök igen.")


def _typed() -> list[tuple[str, str]]:
    """What the person typed in the refused form: (label, value) for each non-empty free-text field."""
    if request.method != "POST":
        return []
    try:
        form = request.form
    except (HTTPException, ValueError):  # a body too large or malformed to read: nothing to show
        return []
    return [(label, form[name]) for name, label in TYPED_FIELDS.items() if form.get(name, "").strip()]


def _rollback() -> None:
    # A failed request may leave the session mid-transaction, or on a dead connection; the
    # error page must still render, so start clean.
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        db.session.remove()


def _page(message: str, status: int):
    _rollback()
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return {"error": message}, status
    return render_template("error.html", message=message, status=status, typed=_typed()), status


def _too_large(_error: Exception):
    """413: a request over the largest this route takes was refused unread, so nothing typed
    can be shown again; the page says so and links back to the form (never a dead end)."""
    _rollback()
    limit_mb = (request.max_content_length or 0) // (1024 * 1024)
    message = (f"Det du skickade var större än {limit_mb} MB, så det togs inte emot. Inget är sparat. "
               "Gå tillbaka och fyll i formuläret igen.")
    if request.endpoint == "texts.new":
        message += " " + UPLOAD_TOO_LARGE
        back = (url_for("texts.new"), "Tillbaka till Ny text")
    elif request.url_rule is not None and "GET" in (request.url_rule.methods or ()):
        back = (request.path, "Tillbaka till formuläret")  # the form posts to its own address
    else:
        back = None
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return {"error": message}, 413
    return render_template("error.html", message=message, status=413, typed=[], back=back), 413


def _database_unavailable(error: Exception):
    """503 in Swedish, rendered without the database (the page's menu needs the user: when the
    database cannot say who is logged in, the page shows no menu)."""
    current_app.logger.warning("database unavailable: %s", type(error).__name__)  # no SQL, no values
    _rollback()
    try:
        _ = current_user.is_authenticated  # loads the user here, where a failure can be caught
    except sa_exc.SQLAlchemyError:
        _rollback()
        g._login_user = login_manager.anonymous_user()
    response = _page(UNAVAILABLE_MESSAGE, 503)
    return response[0], 503, {"Retry-After": "30"}


def register(app: Flask) -> None:
    """Attach the Swedish error pages to ``app``."""
    app.register_error_handler(400, lambda e: _page("Något i formuläret stämmer inte. Försök igen.", 400))
    app.register_error_handler(403, lambda e: _page("Du har inte behörighet att se den här sidan.", 403))
    app.register_error_handler(404, lambda e: _page("Sidan finns inte.", 404))
    app.register_error_handler(405, lambda e: _page("Det går inte att göra så här.", 405))
    app.register_error_handler(429, lambda e: _page("För många försök på kort tid. Vänta en stund och försök igen.", 429))
    app.register_error_handler(413, _too_large)
    app.register_error_handler(500, lambda e: _page("Något gick fel hos oss. Försök igen om en stund.", 500))
    app.register_error_handler(503, lambda e: _page(UNAVAILABLE_MESSAGE, 503))
    app.register_error_handler(
        CSRFError, lambda e: _page("Formuläret hade gått ut. Ladda om sidan och försök igen.", 400)
    )
    app.register_error_handler(IllegalTransition, lambda e: _page(str(e), 409))
    app.register_error_handler(WorkflowError, lambda e: _page(str(e), e.status))
    for error in UNAVAILABLE:
        app.register_error_handler(error, _database_unavailable)
