"""User administration for admins: create, deactivate, set role."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review.models import Role, User
from klarsprak.review.services import audit
from klarsprak.web.access import role_required
from klarsprak.web.forms import UserForm, UserUpdateForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def create_user(username: str, display_name: str, role: str, password: str) -> User:
    """Create a user (also used by ``flask create-user`` and the demo data)."""
    if role not in {r.value for r in Role}:
        raise ValueError(f"okänd roll: {role}")
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise ValueError(f"användarnamnet {username} finns redan")
    user = User(username=username, display_name=display_name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit(None, "user_created", None, username=username, role=role)
    db.session.commit()
    return user


@bp.route("/anvandare", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def users():
    form = UserForm()
    if form.validate_on_submit():
        try:
            create_user(form.username.data.strip(), form.display_name.data.strip(), form.role.data, form.password.data)
            flash(f"Användaren {form.username.data} är skapad.")
            return redirect(url_for("admin.users"))
        except ValueError as exc:
            form.username.errors.append(str(exc).capitalize() + ".")
    people = db.session.scalars(select(User).order_by(User.username)).all()
    forms = {u.id: UserUpdateForm(prefix=f"u{u.id}", role=u.role, active="1" if u.active else "0") for u in people}
    return render_template("admin/users.html", form=form, people=people, forms=forms), (400 if form.errors else 200)


@bp.route("/anvandare/<int:user_id>", methods=["POST"])
@role_required(Role.ADMIN)
def update_user(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = UserUpdateForm(prefix=f"u{user.id}")
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id and (form.role.data != Role.ADMIN.value or form.active.data != "1"):
        flash("Du kan inte ta bort din egen administratörsroll eller stänga av dig själv.")
        return redirect(url_for("admin.users"))
    user.role = form.role.data
    user.active = form.active.data == "1"
    audit(current_user, "user_updated", None, user_id=user.id, role=user.role, active=user.active)
    db.session.commit()
    flash(f"{user.display_name} är uppdaterad.")
    return redirect(url_for("admin.users"))
