"""Notifications with many rows, in SQLite, in-process (Flask's test client): the menu's unread
count and the /aviseringar page for a person with 20,000 notices, and ``run_daily`` with
10,000 waiting texts and 50 reviewers who chose the digest. Prints the figures; bounded (a
fixed number of requests).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEXTS, NOTICES, DIGEST_READERS, REQUESTS = 10_000, 20_000, 50, 50
PASSWORD = "bench-lösenord-123"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from klarsprak import create_app
    from klarsprak.extensions import db
    from klarsprak.review import notifications
    from klarsprak.review.accounts import create_user
    from klarsprak.review.models import Notification, NotificationSettings, Revision, Text, User

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "INSTANCE_PATH": folder, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
        with app.app_context():
            upgrade()
            writer = create_user("skribent", "Skribent", "skribent", PASSWORD)
            db.session.execute(insert(User), [{"username": f"granskare{i}", "display_name": f"Granskare {i}",
                                               "role": "granskare", "password_hash": "!", "active": True}
                                              for i in range(DIGEST_READERS)])
            readers = db.session.scalars(select(User.id).where(User.role == "granskare")).all()
            db.session.execute(insert(NotificationSettings), [{"user_id": r, "email": "", "daily_digest": True}
                                                              for r in readers])
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            db.session.execute(insert(Text), [
                {"id": i, "title": f"Text {i}", "kind": "beslut", "audience": "", "author_id": writer.id,
                 "state": "vantar", "current_version": 1, "lock_version": 1,
                 "submitted_at": now - dt.timedelta(minutes=i), "created_at": now, "updated_at": now,
                 "state_changed_at": now} for i in range(1, TEXTS + 1)])
            db.session.execute(insert(Revision), [
                {"text_id": i, "number": 1, "body": "Vi har fått din ansökan.", "review_title": f"Beslut {i} [NAMN 1]",
                 "review_audience": "", "review_body": "Vi har fått din ansökan.", "author_id": writer.id,
                 "created_at": now, "updated_at": now} for i in range(1, TEXTS + 1)])
            db.session.execute(insert(Notification), [
                {"user_id": writer.id, "text_id": 1 + i % TEXTS, "revision_number": 1,
                 "kind": ("changes_requested", "approved")[i % 2], "count": 0,
                 "created_at": now - dt.timedelta(minutes=i), "read_at": now if i % 2 else None}
                for i in range(NOTICES)])
            db.session.commit()

            timings = []
            for _ in range(REQUESTS):
                start = time.perf_counter()
                notifications.unread_count(writer)
                timings.append(time.perf_counter() - start)
            print(f"unread count, {NOTICES:,} notices ({NOTICES // 2:,} unread): "
                  f"p95 {p95(timings) * 1000:.2f} ms")

            start = time.perf_counter()
            result = notifications.run_daily()
            daily = time.perf_counter() - start
            print(f"run_daily, {TEXTS:,} waiting texts, {DIGEST_READERS} digest readers: {daily:.2f} s "
                  f"({result.digests} digests)")
            db.session.remove()

        client = app.test_client()
        response = client.post("/logga-in", data={"username": "skribent", "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        timings = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            response = client.get("/aviseringar")
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200
        print(f"/aviseringar (the newest 100 of {NOTICES:,}): p95 {p95(timings) * 1000:.1f} ms, "
              f"median {statistics.median(timings) * 1000:.1f} ms")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
