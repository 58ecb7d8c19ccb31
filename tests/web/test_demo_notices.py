"""The demo's notices (``flask seed-demo``): the half year of history leaves people with the
notices it would have, read as people read them, with only the last few days' still unread."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import notifications
from klarsprak.review.models import Notification, User, utcnow
from klarsprak.web.demo_history import UNREAD_DAYS


def test_the_demo_has_read_its_older_notices_and_not_its_newest(app, client):
    before = utcnow()
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    notices = db.session.scalars(select(Notification)).all()
    kinds = {n.kind for n in notices}
    assert {"changes_requested", "approved", "new_version"} <= kinds  # the history's steps told people
    recent_since = before - dt.timedelta(days=UNREAD_DAYS)
    old = [n for n in notices if n.created_at < recent_since]
    recent = [n for n in notices if n.created_at >= recent_since]
    assert old and recent
    assert all(n.read_at is not None for n in old)
    assert all(n.read_at is None for n in recent)  # the newest are still news
    # Read after they came, within two days, and never in the future.
    assert all(n.created_at <= n.read_at <= n.created_at + dt.timedelta(hours=48) for n in old)
    assert all(n.read_at <= utcnow() for n in old)
    delays = {round((n.read_at - n.created_at).total_seconds()) for n in old}
    assert len(delays) > len(old) // 2  # people read at different times, not all at once
    writer = db.session.scalar(select(User).where(User.username == "skribent"))
    unread = notifications.unread_count(writer)
    assert 0 < unread < len([n for n in notices if n.user_id == writer.id])
