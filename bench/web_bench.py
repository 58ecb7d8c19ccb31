"""``make bench`` part two: the queue page and a text page under load, with 10,000 texts and
100,000 comments in SQLite, served over loopback by a separate server process; also the writer's
page of a text with 10,000 comments and "Mina texter" of a writer with 10,000 texts (both a page
at a time), with the size of the page.

The load loop is bounded (a fixed number of requests, one connection, a time limit) and talks
only to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

from dev_server import flask_server

ROOT = Path(__file__).resolve().parent.parent
TEXTS, COMMENTS, REQUESTS, TIME_LIMIT = 10_000, 100_000, 300, 120.0
LONG_REVIEW = 10_000  # comments on text 2, the writer's
PASSWORD = "bench-lösenord-123"
SAMPLE = ("Vi har fått din ansökan om ekonomiskt bistånd för januari. Du får 6 450 kronor till hyran. "
          "Pengarna kommer till ditt konto så snart som möjligt. Du får inte pengar till tandvården. "
          "Det beror på att vi inte har fått något kostnadsförslag från tandläkaren. ") * 6


def build_database(url: str) -> tuple[int, int]:
    """Fill the database; return (a waiting text id, its author's id)."""
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from klarsprak import create_app
    from klarsprak.extensions import db
    from klarsprak.review.accounts import create_user
    from klarsprak.review.models import Comment, Revision, Text

    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(Path(url.removeprefix("sqlite:///")).parent)})
    with app.app_context():
        upgrade()
        writer = create_user("skribent", "Skribent", "skribent", PASSWORD)
        reviewer = create_user("granskare", "Granskare", "granskare", PASSWORD)
        rng = random.Random(42)
        states = ["utkast", "vantar", "under_granskning", "andringar_begarda", "godkand", "arkiverad"]
        now = time.time()
        import datetime as dt

        texts = [{"id": i, "title": f"Text {i}", "kind": "brev", "audience": "", "author_id": writer.id,
                  "state": rng.choice(states), "current_version": 1, "lock_version": 1,
                  "submitted_at": dt.datetime.fromtimestamp(now - rng.randint(0, 10**7)),
                  "created_at": dt.datetime.fromtimestamp(now - 10**7),
                  "updated_at": dt.datetime.fromtimestamp(now - rng.randint(0, 10**7))}
                 for i in range(1, TEXTS + 1)]
        db.session.execute(insert(Text), texts)
        db.session.execute(insert(Revision), [{"text_id": i, "number": 1, "body": SAMPLE, "author_id": writer.id}
                                              for i in range(1, TEXTS + 1)])
        db.session.execute(insert(Comment), [
            {"text_id": rng.randint(1, TEXTS), "revision_number": 1, "author_id": reviewer.id,
             "body": "Jag förstår inte den här meningen.", "exact": "Vi har fått din ansökan",
             "prefix": "", "suffix": " om", "start": 0, "end": 23, "anchored": True, "status": "open"}
            for _ in range(COMMENTS)])
        db.session.execute(insert(Comment), [
            {"text_id": 2, "revision_number": 1, "author_id": reviewer.id, "body": f"Kommentar {n}.",
             "exact": "Vi har fått din ansökan", "prefix": "", "suffix": " om", "start": 0, "end": 23,
             "anchored": True, "status": "open"} for n in range(LONG_REVIEW)])
        db.session.execute(db.text("UPDATE texts SET state='utkast' WHERE id=2"))
        db.session.execute(db.text("UPDATE texts SET state='vantar' WHERE id=1"))
        db.session.commit()
        return 1, writer.id


def login(connection: http.client.HTTPConnection, username: str) -> str:
    connection.request("GET", "/logga-in")
    page = connection.getresponse()
    cookie = page.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.read().decode()).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": PASSWORD})
    connection.request("POST", "/logga-in", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                    "Cookie": cookie})
    response = connection.getresponse()
    response.read()
    assert response.status == 302, response.status
    return response.getheader("Set-Cookie").split(";")[0]


def measure(port: int, username: str, path: str) -> tuple[list[float], int]:
    """Response times in ms after a warm-up, and the size of the page in bytes."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookie = login(connection, username)
    timings = []
    deadline = time.monotonic() + TIME_LIMIT
    for i in range(REQUESTS + 20):
        if time.monotonic() > deadline:
            break
        start = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        size = len(response.read())
        assert response.status == 200, (path, response.status)
        if i >= 20:  # the first requests warm up caches and the language model
            timings.append(1000 * (time.perf_counter() - start))
    connection.close()
    return timings, size


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        t0 = time.perf_counter()
        text_id, _ = build_database(url)
        print(f"klarsprak web bench: {TEXTS:,} texts, {COMMENTS:,} comments in SQLite "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        port = 5600 + os.getpid() % 300
        with flask_server({"DATABASE_URL": url, "SECRET_KEY": "bench", "KLARSPRAK_INSTANCE": folder}, port):
            for label, user, path in (
                    ("queue page (/granska/)", "granskare", "/granska/"),
                    (f"text page (/texter/{text_id})", "skribent", f"/texter/{text_id}"),
                    (f"writer's page, {LONG_REVIEW:,} comments (/texter/2)", "skribent", "/texter/2"),
                    (f"writer's page, last comment page (/texter/2?kommentarsida={LONG_REVIEW // 20})", "skribent",
                     f"/texter/2?kommentarsida={LONG_REVIEW // 20}"),
                    (f"Mina texter, {TEXTS:,} texts (/texter)", "skribent", "/texter")):
                timings, size = measure(port, user, path)
                timings.sort()
                p95 = timings[int(0.95 * (len(timings) - 1))]
                print(f"  {label}: {len(timings)} requests, p50 {statistics.median(timings):.1f} ms, "
                      f"p95 {p95:.1f} ms, {size / 1000:.0f} kB   (target p95 < 100 ms)")


if __name__ == "__main__":
    main()
