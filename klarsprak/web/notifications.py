"""Aviseringar: each person's own notices, marking them read, and their e-mail and digest choices.

Every route reads or changes only the logged-in person's rows; a notice of someone else is 404,
as if it did not exist. No GET writes: reading the page leaves the notices unread until the
person says so.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms import BooleanField, StringField

from klarsprak.review import notifications
from klarsprak.review.errors import WorkflowError
from klarsprak.review.models import Role
from klarsprak.web.forms import ActionForm, Form

bp = Blueprint("notifications", __name__, url_prefix="/aviseringar")


class NotificationSettingsForm(Form):
    email = StringField("Din e-postadress (frivillig)")
    daily_digest = BooleanField("Skicka mig en sammanfattning varje dag av texterna som väntar på granskning")


@bp.app_context_processor
def unread_notifications() -> dict:
    """The menu's count of unread notices, asked only when a page shows the menu."""

    def count() -> int:
        return notifications.unread_count(current_user) if current_user.is_authenticated else 0

    return {"unread_notifications": count}


def _page(form: NotificationSettingsForm | None = None, status: int = 200):
    chosen = notifications.settings_for(current_user)
    if form is None:
        form = NotificationSettingsForm(data={"email": chosen.email, "daily_digest": chosen.daily_digest})
    notices = notifications.notices_for(current_user)
    return render_template("notifications/index.html", notices=notices, unread=sum(not n.read for n in notices),
                           form=form, action=ActionForm(), reviewer=current_user.role_enum == Role.REVIEWER,
                           smtp=bool(current_app.config.get("SMTP_HOST"))), status


@bp.route("")
@login_required
def index():
    """The person's notices, newest first, and their choices."""
    return _page()


@bp.route("/<int:notification_id>/last", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not notifications.mark_read(current_user, notification_id):
        abort(404)
    flash("Aviseringen är markerad som läst.")
    return redirect(url_for("notifications.index"))


@bp.route("/alla-lasta", methods=["POST"])
@login_required
def mark_all_read():
    if not ActionForm().validate_on_submit():
        abort(400)
    count = notifications.mark_all_read(current_user)
    flash(f"{count} {'avisering är markerad' if count == 1 else 'aviseringar är markerade'} som lästa."
          if count else "Du hade inga olästa aviseringar.")
    return redirect(url_for("notifications.index"))


@bp.route("/installningar", methods=["POST"])
@login_required
def save_settings():
    """Store the address and the digest choice; a refused address is shown again, kept."""
    form = NotificationSettingsForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        notifications.save_settings(current_user, form.email.data or "", bool(form.daily_digest.data))
    except WorkflowError as exc:
        form.email.errors = [str(exc)]
        return _page(form, exc.status)
    flash("Dina val är sparade.")
    return redirect(url_for("notifications.index"))
