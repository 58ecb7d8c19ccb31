"""User administration for admins: create, deactivate, set role."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import accounts
from klarsprak.review.audit import ACTION_LABELS, DETAIL_LABELS
from klarsprak.review.models import AuditEvent, Role, User
from klarsprak.review.services import WorkflowError
from klarsprak.web.access import role_required
from klarsprak.web.forms import PasswordResetForm, UserForm, UserUpdateForm

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
    forms = {u.id: UserUpdateForm(prefix=f"u{u.id}", role=u.role, active="1" if u.active else "0", unit=u.unit)
             for u in people}
    return render_template("admin/users.html", form=form, people=people, forms=forms), (400 if form.errors else 200)


@bp.route("/anvandare/<int:user_id>", methods=["POST"])
@role_required(Role.ADMIN)
def update_user(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = UserUpdateForm(prefix=f"u{user.id}")
    if not form.validate_on_submit():
        errors = [e for field in form.errors.values() for e in field]
        if not errors or "csrf_token" in form.errors:
            abort(400)
        flash(" ".join(errors), "error")  # e.g. a unit name too long: say so, on the list
        return redirect(url_for("admin.users"))
    try:
        accounts.update_user(current_user, user, form.role.data, form.active.data == "1")
        accounts.set_unit(current_user, user, form.unit.data or "")
        flash(f"{user.display_name} är uppdaterad.")
    except WorkflowError as exc:
        flash(str(exc), "error")
    return redirect(url_for("admin.users"))


@bp.route("/anvandare/<int:user_id>/losenord", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reset_password(user_id: int):
    """Give someone a new password to hand over in person; their sessions end."""
    user = db.get_or_404(User, user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(current_user, user, form.new.data)
        except WorkflowError as exc:
            form.new.errors.append(str(exc))
        else:
            flash(f"{user.display_name} har fått ett nytt lösenord. Lämna det personligen, inte i e-post.")
            return redirect(url_for("admin.users"))
    return render_template("admin/password.html", form=form, person=user), (400 if form.errors else 200)


AUDIT_PAGE = 100


@bp.route("/logg")
@role_required(Role.ADMIN)
def audit_log():
    """The audit log, newest first, filtered by action, person or text; ids and kinds only."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    action = request.args.get("handelse", "")
    if action:
        query = query.where(AuditEvent.action == action)
    person = request.args.get("person", type=int)
    if person:
        query = query.where(AuditEvent.user_id == person)
    text_id = request.args.get("text", type=int)
    if text_id:
        query = query.where(AuditEvent.text_id == text_id)
    page = max(1, request.args.get("sida", 1, type=int))
    events = db.session.scalars(query.limit(AUDIT_PAGE + 1).offset((page - 1) * AUDIT_PAGE)).all()
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    people = {u.id: u for u in db.session.scalars(select(User))}
    return render_template("admin/audit.html", events=events[:AUDIT_PAGE], more=len(events) > AUDIT_PAGE,
                           page=page, actions=actions, people=people, action=action, person=person,
                           text_id=text_id, labels=ACTION_LABELS, detail_labels=DETAIL_LABELS)
