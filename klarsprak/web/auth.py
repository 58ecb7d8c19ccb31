"""Log in and out (Flask-Login; passwords hashed with scrypt; failed tries throttled)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import accounts
from klarsprak.review.errors import WorkflowError
from klarsprak.review.models import User
from klarsprak.web.forms import ActionForm, LoginForm, PasswordChangeForm

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only a path of this app, so a link cannot send someone to another site after login.
    Control characters are refused outright: browsers drop tabs and newlines, so
    "/\\t/evil.example" would become "//evil.example"."""
    if not target or any(ord(c) < 32 or ord(c) == 127 for c in target) or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def client_address() -> str:
    """The caller's address (behind a proxy, ProxyFix makes this the real client)."""
    return request.remote_addr or ""


@bp.route("/logga-in", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        known = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if accounts.throttled(known, client_address()):
            form.password.errors.append("För många försök på kort tid. Vänta en minut och försök igen.")
            return render_template("auth/login.html", form=form), 429
        user = accounts.authenticate(form.username.data, form.password.data, client_address())
        if user is not None:
            session.clear()  # a fresh session (and CSRF token) at login: no fixation
            login_user(user)
            session["login_at"] = session["seen_at"] = accounts.utcnow().timestamp()
            return redirect(safe_next(request.args.get("next")) or url_for("texts.home"))
        form.password.errors.append("Fel användarnamn eller lösenord.")
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@bp.route("/logga-ut", methods=["POST"])
@login_required
def logout():
    if ActionForm().validate_on_submit():
        accounts.end_sessions(current_user._get_current_object())  # type: ignore[attr-defined]
        logout_user()
        session.clear()
        flash("Du är utloggad.")
    return redirect(url_for("auth.login"))


@bp.route("/losenord", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password; every other session of this user ends, this one goes on."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if form.new.data != form.repeat.data:
            form.repeat.errors.append("Lösenorden är inte lika. Skriv samma nya lösenord två gånger.")
        else:
            user = current_user._get_current_object()  # type: ignore[attr-defined]
            try:
                accounts.change_password(user, form.current.data, form.new.data)
            except WorkflowError as exc:
                form.new.errors.append(str(exc))
            else:
                login_user(user)  # this browser keeps its session, with the new session version
                flash("Ditt lösenord är bytt. Du är utloggad på alla andra ställen.")
                return redirect(url_for("texts.home"))
    return render_template("auth/password.html", form=form), (400 if form.errors else 200)
