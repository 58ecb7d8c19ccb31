"""Log in and out (Flask-Login; passwords hashed with scrypt)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review.models import User
from klarsprak.web.forms import ActionForm, LoginForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only local paths, so a link cannot send someone to another site after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/logga-in", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if user is not None and user.active and user.check_password(form.password.data):
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("texts.home"))
        form.password.errors.append("Fel användarnamn eller lösenord.")
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@bp.route("/logga-ut", methods=["POST"])
@login_required
def logout():
    if ActionForm().validate_on_submit():
        logout_user()
        flash("Du är utloggad.")
    return redirect(url_for("auth.login"))


def current() -> User:
    """The logged-in user (for type checkers and readability in views)."""
    return current_user._get_current_object()  # type: ignore[attr-defined]
