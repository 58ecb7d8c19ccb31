"""Error pages in Swedish; never a traceback to the user."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from klarsprak.extensions import db
from klarsprak.review.services import WorkflowError
from klarsprak.review.states import IllegalTransition


def _page(message: str, status: int):
    # A failed request may leave the session mid-transaction; the error page must still render
    # (it reads the current user), so start clean.
    db.session.rollback()
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return {"error": message}, status
    return render_template("error.html", message=message), status


def register(app: Flask) -> None:
    app.register_error_handler(400, lambda e: _page("Något i formuläret stämmer inte. Försök igen.", 400))
    app.register_error_handler(403, lambda e: _page("Du har inte behörighet att se den här sidan.", 403))
    app.register_error_handler(404, lambda e: _page("Sidan finns inte.", 404))
    app.register_error_handler(405, lambda e: _page("Det går inte att göra så här.", 405))
    app.register_error_handler(429, lambda e: _page("För många försök på kort tid. Vänta en stund och försök igen.", 429))
    app.register_error_handler(413, lambda e: _page("Filen eller texten är för stor. Gränsen är 2 MB för en fil. Gå tillbaka och försök igen.", 413))
    app.register_error_handler(500, lambda e: _page("Något gick fel hos oss. Försök igen om en stund.", 500))
    app.register_error_handler(
        CSRFError, lambda e: _page("Formuläret hade gått ut. Ladda om sidan och försök igen.", 400)
    )
    app.register_error_handler(IllegalTransition, lambda e: _page(str(e), 409))
    app.register_error_handler(WorkflowError, lambda e: _page(str(e), e.status))
