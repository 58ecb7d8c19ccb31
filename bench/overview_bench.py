"""The kommunikatör's overview with 10,000 texts in SQLite: p95 of the page (unfiltered, sorted
by days in state, and searched), and the time to stream the CSV of all 10,000 texts. Served
over loopback by a separate server process, like ``web_bench.py``; bounded (a fixed number of
requests, one connection, a time limit).

Targets (issue 11): overview p95 < 150 ms, CSV of 10,000 texts < 2 s.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dev_server import flask_server
from web_bench import PASSWORD, login  # (the bench folder is not a package)

ROOT = Path(__file__).resolve().parent.parent
TEXTS, REQUESTS, TIME_LIMIT = 10_000, 100, 120.0
STATES = ["utkast", "vantar", "under_granskning", "andringar_begarda", "godkand", "arkiverad"]
BODY = "Vi har fått din ansökan om ekonomiskt bistånd. Du får pengar till hyran. " * 10


def build_database(url: str) -> None:
    """10,000 texts by 20 writers in 5 units, each with its versions, 3-6 audit events and,
    for texts past review, a decision by one of 10 reviewers."""
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from klarsprak import create_app
    from klarsprak.extensions import db
    from klarsprak.review.accounts import create_user
    from klarsprak.review.models import AuditEvent, Review, Revision, Text, User

    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(Path(url.removeprefix("sqlite:///")).parent)})
    with app.app_context():
        upgrade()
        create_user("kommunikator", "Kommunikatör", "kommunikator", PASSWORD)
        rng = random.Random(42)
        db.session.execute(insert(User), [
            {"username": f"{role}{i}", "display_name": f"{role.capitalize()} {i}", "role": role, "password_hash": "!",
             "active": True, "unit": f"Enhet {i % 5}" if role == "skribent" else ""}
            for role, count in (("skribent", 20), ("granskare", 10)) for i in range(count)])
        writers = list(range(2, 22))
        reviewers = list(range(22, 32))
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        texts, revisions, events, reviews = [], [], [], []
        for i in range(1, TEXTS + 1):
            state = rng.choice(STATES)
            start = now - dt.timedelta(days=rng.uniform(1, 360))
            author, reviewer = rng.choice(writers), rng.choice(reviewers)
            sent = state != "utkast"
            texts.append({"id": i, "title": f"Text {i}", "kind": rng.choice(["brev", "beslut", "kallelse"]),
                          "audience": "", "author_id": author, "state": state, "current_version": 1,
                          "lock_version": 1, "claimed_by_id": reviewer if state == "under_granskning" else None,
                          "submitted_at": start if sent else None, "created_at": start, "updated_at": start})
            revisions.append({"text_id": i, "number": 1, "body": BODY, "author_id": author,
                              "review_title": f"Beslut nr {i} om [NAMN 1]" if sent else None,
                              "review_audience": "" if sent else None, "review_body": BODY if sent else None})
            actions = ["create"] + (["submit"] if sent else [])
            if state in ("under_granskning", "andringar_begarda", "godkand", "arkiverad"):
                actions += ["claim", "comment"]
            if state in ("andringar_begarda", "godkand", "arkiverad"):
                actions.append("approve" if state != "andringar_begarda" else "request_changes")
                reviews.append({"text_id": i, "revision_number": 1, "reviewer_id": reviewer, "vardat": 4,
                                "enkelt": 4, "begripligt": 4, "summary": "", "decision": "approve"
                                if state != "andringar_begarda" else "changes", "minutes": 45,
                                "created_at": start + dt.timedelta(days=len(actions))})
            texts[-1]["state_changed_at"] = start + dt.timedelta(days=len(actions) - 1)
            for step, action in enumerate(actions):
                events.append({"at": start + dt.timedelta(days=step), "user_id": author, "text_id": i,
                               "revision_number": 1, "action": action, "detail_json": json.dumps({})})
        db.session.execute(insert(Text), texts)
        db.session.execute(insert(Revision), revisions)
        db.session.execute(insert(AuditEvent), events)
        db.session.execute(insert(Review), reviews)
        db.session.commit()
        print(f"  {len(events):,} audit events, {len(reviews):,} decisions")


def timed_get(connection: http.client.HTTPConnection, cookie: str, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    size = len(response.read())
    assert response.status == 200, (path, response.status)
    return 1000 * (time.perf_counter() - start), size


def measure(port: int, path: str) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookie = login(connection, "kommunikator")
    timings = []
    deadline = time.monotonic() + TIME_LIMIT
    for i in range(REQUESTS + 10):
        if time.monotonic() > deadline:
            break
        elapsed, _size = timed_get(connection, cookie, path)
        if i >= 10:  # the first requests warm caches
            timings.append(elapsed)
    connection.close()
    return sorted(timings)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        t0 = time.perf_counter()
        print(f"klarsprak overview bench: {TEXTS:,} texts in SQLite")
        build_database(url)
        print(f"  built in {time.perf_counter() - t0:.1f} s")
        port = 5900 + os.getpid() % 90
        with flask_server({"DATABASE_URL": url, "SECRET_KEY": "bench", "KLARSPRAK_INSTANCE": folder,
                   "RATELIMIT_ENABLED": "0"}, port):
            for label, path in (("overview (/oversikt)", "/oversikt"),
                                ("sorted by days in state, page 50", "/oversikt?sortera=dagar&sida=50"),
                                ("filtered and searched", "/oversikt?status=godkand&q=nr+12&sortera=rubrik")):
                timings = measure(port, path)
                p95 = timings[int(0.95 * (len(timings) - 1))]
                print(f"  {label}: {len(timings)} requests, p50 {statistics.median(timings):.1f} ms, "
                      f"p95 {p95:.1f} ms   (target p95 < 150 ms)")
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            cookie = login(connection, "kommunikator")
            runs = [timed_get(connection, cookie, "/oversikt/texter.csv") for _ in range(5)]
            best = min(t for t, _ in runs)
            print(f"  CSV of all {TEXTS:,} texts (/oversikt/texter.csv): {runs[0][1] / 1024:.0f} KiB, "
                  f"best of 5 {best / 1000:.2f} s, worst {max(t for t, _ in runs) / 1000:.2f} s   (target < 2 s)")
            connection.close()


if __name__ == "__main__":
    main()
