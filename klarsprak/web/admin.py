"""User administration for admins: create, deactivate, set role."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import accounts
from klarsprak.review.models import Role, User
from klarsprak.review.services import WorkflowError
from klarsprak.web.access import role_required
from klarsprak.web.forms import UserForm, UserUpdateForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/anvandare", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def users():
    form = UserForm()
    if form.validate_on_submit():
        try:
            accounts.create_user(form.username.data.strip(), form.display_name.data.strip(), form.role.data,
                                 form.password.data, actor=current_user)
            flash(f"Användaren {form.username.data} är skapad.")
            return redirect(url_for("admin.users"))
        except WorkflowError as exc:
            form.username.errors.append(str(exc))
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
    try:
        accounts.update_user(current_user, user, form.role.data, form.active.data == "1")
        flash(f"{user.display_name} är uppdaterad.")
    except WorkflowError as exc:
        flash(str(exc), "error")
    return redirect(url_for("admin.users"))
