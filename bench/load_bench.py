"""``make bench``: the production server under load (issue 10).

gunicorn (several workers) on a fresh PostgreSQL database on the test cluster, then the same on
SQLite, each with 10,000 texts, driven by locust headless over 127.0.0.1: 20 users (writers,
reviewers, communicators; two arrive each second) waiting 1-3 s between requests, 60 % page views (Mina texter, a text,
the queue, the reading view, the overview), 25 % quick checks of a 500-word letter, 15 % writes
(new texts sent to review, claims, comments). Every write answered 2xx/3xx is looked up in the
database afterwards. Prints throughput and percentiles per kind, and checks the targets: no 5xx,
no lost write, p95 < 200 ms for page views and < 300 ms for analyses.

Rate limits (Flask-Limiter) are switched off for the run (RATELIMIT_ENABLED=0): 20 users from
one address would otherwise hit the per-address limits meant for one person.

    .venv/bin/python bench/load_bench.py [--seconds 60] [--users 20] [--workers 4] [--engines postgresql,sqlite]

This file is also the locustfile (locust loads it with KLARSPRAK_LOAD_BENCH=locust set).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from dev_server import free_port, postgres_databases, serving

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-lösenord-123"
TEXTS = 10_000
WRITERS, ACTIVE_WRITERS, REVIEWERS, COMMUNICATORS = 50, 10, 8, 2
TARGETS_MS = {"view": 200, "analysis": 300}
STARTUP_SECONDS = 10  # reported apart as well (not left out of the targets)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Bodies of the seeded texts: a few variants, as real texts share their templates (the server
# caches an analysis per body, so a text page is cheap after its first view).
VARIANTS = [f"Vi har tagit emot din ansökan om ekonomiskt bistånd för {month}. Du får 6 450 kronor till hyran. "
            "Pengarna kommer till ditt konto så snart som möjligt. Ring oss om du har frågor. " * 3
            for month in ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti")]


def samples_dir() -> Path:
    shared = ROOT.parent / "shared" / "samples"
    return shared if shared.exists() else ROOT / "tests" / "data" / "samples"


def letter(words: int = 500) -> str:
    """A 500-word letter from the sample decisions (stiff and plain versions)."""
    parts = [(samples_dir() / name).read_text(encoding="utf-8") for name in
             ("beslut-ekonomiskt-bistand-krangligt.txt", "beslut-ekonomiskt-bistand-klarsprak.txt")]
    tokens = " ".join(itertools.islice(itertools.cycle("\n\n".join(parts).split(" ")), words))
    return tokens.rstrip(",;") + "."


# --------------------------------------------------------------------------------------------
# The locust side: loaded by locust in its own process (it patches the standard library with
# gevent, which the driver below must not be subjected to).
# --------------------------------------------------------------------------------------------

if os.environ.get("KLARSPRAK_LOAD_BENCH") == "locust":
    from locust import HttpUser, between, events, task

    LETTER = letter()
    RECORDS: list[tuple[str, float, int, float]] = []  # (name, milliseconds, status, seconds since start)
    STARTED = time.monotonic()
    WRITES: list[tuple[str, str, str]] = []  # (kind, key, username) of every acknowledged write
    ACCOUNTS = {role: itertools.count() for role in ("skribent", "granskare", "kommunikator")}

    @events.request.add_listener
    def _record(name, response_time, response=None, exception=None, **_kwargs):
        status = getattr(response, "status_code", 0) if exception is None or response is not None else 0
        RECORDS.append((name, response_time, status or 0, time.monotonic() - STARTED))

    @events.quitting.add_listener
    def _dump(**_kwargs):
        Path(os.environ["KLARSPRAK_LOAD_OUT"]).write_text(json.dumps({"records": RECORDS, "writes": WRITES}))

    class Person(HttpUser):
        abstract = True
        wait_time = between(1, 3)
        role = "skribent"

        def on_start(self) -> None:
            self.username = f"{self.role}-{next(ACCOUNTS[self.role])}"
            page = self.client.get("/logga-in", name="setup: login page")
            self.client.post("/logga-in", data={"csrf_token": CSRF.search(page.text).group(1),
                                                "username": self.username, "password": PASSWORD},
                             name="setup: login", allow_redirects=False)
            self.csrf = CSRF.search(self.client.get("/snabbkoll", name="setup: form").text).group(1)

        def post(self, path: str, name: str, **data):
            return self.client.post(path, data={"csrf_token": self.csrf, **data}, name=name, allow_redirects=False)

        @task(25)
        def quick_check(self) -> None:
            self.post("/snabbkoll", "analysis: snabbkoll 500 words", text=LETTER)

    class Writer(Person):
        weight = ACTIVE_WRITERS
        role = "skribent"

        def on_start(self) -> None:
            super().on_start()
            page = self.client.get("/texter", name="view: mina texter").text
            self.own = [int(i) for i in re.findall(r'href="/texter/(\d+)"', page)][:50] or [1]

        @task(30)
        def my_texts(self) -> None:
            self.client.get("/texter", name="view: mina texter")

        @task(30)
        def a_text(self) -> None:
            self.client.get(f"/texter/{random.choice(self.own)}", name="view: text page")

        @task(15)
        def new_text_sent_to_review(self) -> None:
            key = uuid.uuid4().hex[:12]
            made = self.post("/texter/ny", "write: new text", title=f"Last {key}", kind="brev", audience="",
                             body=random.choice(VARIANTS))
            if made.status_code in (302, 303):
                WRITES.append(("text", key, self.username))
                text_id = int(made.headers["Location"].rstrip("/").rsplit("/", 1)[1])
                sent = self.post(f"/texter/{text_id}/skicka", "write: submit", lock_version="1")
                if sent.status_code in (302, 303):
                    WRITES.append(("submit", key, self.username))

    class Reviewer(Person):
        weight = REVIEWERS
        role = "granskare"
        claimed: int | None = None
        comments_here = 0

        @task(30)
        def queue(self) -> None:
            self.client.get("/granska/", name="view: queue")

        @task(30)
        def read(self) -> None:
            if self.claimed is None:
                self.queue()
            else:
                self.client.get(f"/granska/{self.claimed}", name="view: reading view")

        @task(15)
        def review(self) -> None:
            if self.claimed is None or self.comments_here >= 3:
                waiting = re.findall(r'action="/granska/(\d+)/ta"', self.client.get("/granska/", name="view: queue").text)
                if not waiting:
                    return
                text_id = int(random.choice(waiting[:20]))
                taken = self.post(f"/granska/{text_id}/ta", "write: claim")
                if taken.status_code in (302, 303):
                    WRITES.append(("claim", str(text_id), self.username))
                    self.claimed, self.comments_here = text_id, 0
                return
            key = uuid.uuid4().hex[:12]
            said = self.post(f"/granska/{self.claimed}/kommentar", "write: comment", body=f"Oklart ord {key}.")
            if said.status_code in (302, 303):
                WRITES.append(("comment", key, self.username))
                self.comments_here += 1

    class Communicator(Person):
        weight = COMMUNICATORS
        role = "kommunikator"

        def on_start(self) -> None:
            super().on_start()
            found = self.client.get("/oversikt", name="setup: overview").status_code == 200
            self.overview = "/oversikt" if found else "/alla-texter"

        @task(60)
        def overview_page(self) -> None:
            self.client.get(self.overview, name="view: overview")


# --------------------------------------------------------------------------------------------
# The driver: a database, the seed, gunicorn, locust, the checks.
# --------------------------------------------------------------------------------------------

def seed(url: str, instance: Path) -> float:
    """Migrate and fill the database: accounts, and 10,000 texts in every state (bulk inserts)."""
    started = time.perf_counter()
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from klarsprak import create_app
    from klarsprak.extensions import db
    from klarsprak.review.accounts import create_user
    from klarsprak.review.models import Revision, Text, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        with contextlib.redirect_stderr(io.StringIO()):  # the migrations' log lines
            upgrade()
        template = create_user("skribent-0", "Skribent 0", "skribent", PASSWORD)
        people = [{"username": f"{role}-{i}", "display_name": f"{role.capitalize()} {i}", "role": role,
                   "password_hash": template.password_hash, "active": True}
                  for role, count in (("skribent", WRITERS), ("granskare", REVIEWERS), ("kommunikator", COMMUNICATORS))
                  for i in range(count) if (role, i) != ("skribent", 0)]
        db.session.execute(insert(User), people)
        writers = db.session.scalars(db.select(User.id).where(User.role == "skribent").order_by(User.id)).all()
        rng = random.Random(10)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        states = ["utkast"] * 3 + ["vantar"] * 3 + ["andringar_begarda", "godkand", "godkand", "arkiverad"]
        texts, revisions = [], []
        for i in range(1, TEXTS + 1):
            state, body = rng.choice(states), rng.choice(VARIANTS)
            sent = state != "utkast"
            texts.append({"id": i, "title": f"Beslut {i}", "kind": "beslut", "audience": "", "state": state,
                          "author_id": writers[i % WRITERS], "current_version": 1, "lock_version": 1,
                          "submitted_at": now - dt.timedelta(minutes=rng.randint(1, 10**5)) if sent else None,
                          "created_at": now - dt.timedelta(days=60), "updated_at": now - dt.timedelta(minutes=i)})
            revisions.append({"text_id": i, "number": 1, "body": body, "author_id": writers[i % WRITERS],
                              "review_title": f"Beslut {i}" if sent else None, "review_audience": "" if sent else None,
                              "review_body": body if sent else None})
        db.session.execute(insert(Text), texts)
        db.session.execute(insert(Revision), revisions)
        if url.startswith("postgresql"):  # rows inserted with their ids: move the sequence on
            db.session.execute(db.text("SELECT setval('texts_id_seq', (SELECT max(id) FROM texts))"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return time.perf_counter() - started


def gunicorn(url: str, instance: Path, workers: int, port: int, log: Path):
    """gunicorn as ``make serve`` configures it (gunicorn.conf.py: each worker loads the models
    before its first request), with ``workers`` sync workers on 127.0.0.1:``port``, rate limits
    off. Development mode: production cookies are Secure, which locust would not send over http."""
    env = {"DATABASE_URL": url, "KLARSPRAK_INSTANCE": str(instance), "RATELIMIT_ENABLED": "0",
           "SECRET_KEY": "load-bench", "PERSONAL_DATA_KEY": "load-bench", "KLARSPRAK_ENV": "development"}
    return serving([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                    "klarsprak:create_app()"], env, port, log)


def warm_up(base: str, workers: int) -> None:
    """Load the language model in every worker before measuring (the first analysis does)."""
    body = letter()

    def one() -> None:
        session, token = signed_in(base, "kommunikator-0")
        for _ in range(3):
            session.post(f"{base}/snabbkoll", data={"csrf_token": token, "text": body})

    threads = [threading.Thread(target=one) for _ in range(workers * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)


def signed_in(base: str, username: str):
    """A requests session logged in as ``username``, and its CSRF token."""
    import requests

    session = requests.Session()
    page = session.get(f"{base}/logga-in")
    session.post(f"{base}/logga-in", data={"csrf_token": CSRF.search(page.text).group(1), "username": username,
                                           "password": PASSWORD})
    return session, CSRF.search(session.get(f"{base}/snabbkoll").text).group(1)


def unloaded(base: str, repeats: int = 10) -> dict[str, float]:
    """Median milliseconds of each kind of request sent one at a time: the service time, to set
    the loaded figures against (the difference is queueing for CPU)."""
    writer, _ = signed_in(base, "skribent-1")
    reviewer, _ = signed_in(base, "granskare-0")
    communicator, token = signed_in(base, "kommunikator-0")
    body = letter()
    calls = {"view: mina texter": lambda: writer.get(f"{base}/texter"),
             "view: text page": lambda: writer.get(f"{base}/texter/1"),
             "view: queue": lambda: reviewer.get(f"{base}/granska/"),
             "view: overview": lambda: communicator.get(f"{base}/oversikt"),
             "analysis: snabbkoll 500 words": lambda: communicator.post(f"{base}/snabbkoll",
                                                                        data={"csrf_token": token, "text": body})}
    medians = {}
    for name, call in calls.items():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        medians[name] = sorted(times)[len(times) // 2]
    return medians


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time used so far by gunicorn's workers (Linux /proc): a figure that other processes
    on the machine do not change, unlike the latencies."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    total = 0.0
    for pid in children.read_text().split() if children.exists() else []:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return total


SPAWN_RATE = 2  # users a second


def run_locust(base: str, users: int, seconds: int, out: Path) -> None:
    env = {**os.environ, "KLARSPRAK_LOAD_BENCH": "locust", "KLARSPRAK_LOAD_OUT": str(out)}
    # Users arrive two a second, as people open the app over a morning rather than in the same
    # second: twenty scrypt logins at once queue every page view behind them on two CPUs.
    subprocess.run([str(BIN / "locust"), "-f", __file__, "--headless", "-u", str(users), "-r", str(SPAWN_RATE),
                    "-t", f"{seconds}s", "--stop-timeout", "10", "--host", base, "--only-summary",
                    "--loglevel", "WARNING"], env=env, check=False, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def verify_writes(url: str, instance: Path, writes: list[list[str]]) -> tuple[int, list[str]]:
    """Look every acknowledged write up in the database: how many were checked, which are missing."""
    from sqlalchemy import select

    from klarsprak import create_app
    from klarsprak.extensions import db
    from klarsprak.review.models import AuditEvent, Comment, Text, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance)})
    missing = []
    with app.app_context():
        ids = dict(db.session.execute(select(User.username, User.id)).all())
        titles = dict(db.session.execute(select(Text.title, Text.id).where(Text.title.like("Last %"))).all())
        submitted = set(db.session.scalars(select(AuditEvent.text_id).where(AuditEvent.action == "submit")))
        claims = set(db.session.execute(select(AuditEvent.text_id, AuditEvent.user_id)
                                        .where(AuditEvent.action == "claim")).all())
        comments = {body.split()[-1].rstrip(".") for body in
                    db.session.scalars(select(Comment.body).where(Comment.body.like("Oklart ord %")))}
        for kind, key, username in writes:
            if kind == "text":
                found = f"Last {key}" in titles
            elif kind == "submit":
                found = titles.get(f"Last {key}") in submitted
            elif kind == "claim":
                found = (int(key), ids[username]) in claims
            else:
                found = key in comments
            if not found:
                missing.append(f"{kind} {key}")
        db.engine.dispose()
    return len(writes), missing


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def report(engine: str, workers: int, seconds: int, users: int, seeded: float, data: dict, checked: int,
           missing: list[str]) -> bool:
    records = [(name, ms, status) for name, ms, status, _at in data["records"] if not name.startswith("setup")]
    kinds = {"view": [], "analysis": [], "write": []}
    for name, ms, _status in records:
        kinds[name.split(":")[0]].append(ms)
    server_errors = sum(1 for _n, _ms, status in records if status >= 500 or status == 0)
    failed: dict[tuple[str, int], int] = {}
    for name, _ms, status in records:
        if status >= 400 or status == 0:
            failed[(name, status)] = failed.get((name, status), 0) + 1
    refused = sum(1 for _n, _ms, status in records if 400 <= status < 500)
    print(f"\n== {engine}: gunicorn -w {workers}, {users} users for {seconds} s, {TEXTS:,} texts "
          f"(seeded in {seeded:.1f} s)".replace(",", " "))
    print(f"  requests {len(records)}, throughput {len(records) / seconds:.1f} req/s; "
          f"5xx or no answer: {server_errors}; 4xx (refused, e.g. a claim someone else won): {refused}")
    if failed:
        print("    not 2xx/3xx: " + ", ".join(f"{name} {status or 'no answer'} x{n}"
                                          for (name, status), n in sorted(failed.items())))
    by_name: dict[str, list[float]] = {}
    for name, ms, _status in records:
        by_name.setdefault(name, []).append(ms)
    for name, values in sorted(by_name.items()):
        print(f"    {name:34} n={len(values):5}  p50 {percentile(values, .5):6.0f} ms  "
              f"p95 {percentile(values, .95):6.0f} ms  p99 {percentile(values, .99):6.0f} ms  max {max(values):6.0f} ms")
    ok = server_errors == 0 and not missing
    for kind, values in kinds.items():
        share = len(values) / max(1, len(records))
        p95 = percentile(values, 0.95)
        target = TARGETS_MS.get(kind)
        verdict = "" if target is None else f" (target < {target} ms: {'met' if p95 < target else 'MISSED'})"
        ok = ok and (target is None or p95 < target)
        print(f"  {kind:9} {share:5.1%} of requests  p50 {percentile(values, .5):6.0f} ms  p95 {p95:6.0f} ms  "
              f"p99 {percentile(values, .99):6.0f} ms{verdict}")
    # Where the slowest page views fall: every user logs in (scrypt) in the first seconds at once.
    first = min((at for *_rest, at in data["records"]), default=0.0) + STARTUP_SECONDS
    early = [ms for name, ms, _s, at in data["records"] if name.startswith("view") and at < first]
    later = [ms for name, ms, _s, at in data["records"] if name.startswith("view") and at >= first]
    print(f"  page views in the first {STARTUP_SECONDS} s (users arriving and logging in): n={len(early)} p95 "
          f"{percentile(early, .95):.0f} ms; after: n={len(later)} p95 {percentile(later, .95):.0f} ms")
    print(f"  writes acknowledged {checked}, found in the database {checked - len(missing)}, lost {len(missing)}"
          + (f": {missing[:5]}" if missing else ""))
    return ok


def run(engine: str, args: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory(prefix=f"klarsprak-load-{engine}-") as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        if engine == "sqlite":
            url = f"sqlite:///{workdir / 'load.sqlite'}"
        else:
            url = stack.enter_context(postgres_databases("klarsprak_load"))()
        seeded = seed(url, workdir / "instance")
        server_log, port = workdir / "gunicorn.log", free_port()
        server = stack.enter_context(gunicorn(url, workdir / "instance", args.workers, port, server_log))
        base = f"http://127.0.0.1:{port}"
        warm_up(base, args.workers)
        alone = unloaded(base)
        out = workdir / "locust.json"
        load_before, cpu_before = os.getloadavg()[0], server_cpu_seconds(server)
        run_locust(base, args.users, args.seconds, out)
        load_after, cpu_used = os.getloadavg()[0], server_cpu_seconds(server) - cpu_before
        data = json.loads(out.read_text())
        checked, missing = verify_writes(url, workdir / "instance", data["writes"])
        ok = report(engine, args.workers, args.seconds, args.users, seeded, data, checked, missing)
        print("  one request at a time (median): " + ", ".join(f"{name.split(': ')[1]} {ms:.0f} ms"
                                                             for name, ms in alone.items()))
        measured = sum(1 for name, *_rest in data["records"] if not name.startswith("setup"))
        print(f"  server CPU: {cpu_used:.1f} s for {measured} requests, {1000 * cpu_used / max(1, measured):.0f} ms "
              f"per request (gunicorn workers; the database's own CPU not counted)")
        print(f"  machine: {os.cpu_count()} CPUs, load average {load_before:.1f} before the run and "
              f"{load_after:.1f} after (other processes included)")
        problems = [line for line in server_log.read_text().splitlines()
                    if "ERROR" in line or "WARNING" in line or "Error" in line]
        if problems:
            print(f"  server log: {len(problems)} error lines, e.g. " + " | ".join(problems[:3]))
        return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="how long locust runs (default 60)")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (default 20)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--engines", default="postgresql,sqlite", help="postgresql, sqlite or both (default)")
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 1 <= args.seconds <= 1800:
        parser.error("--users 1-200 and --seconds 1-1800: the run stays bounded")
    results = [run(engine.strip(), args) for engine in args.engines.split(",")]
    print("\nTargets met." if all(results) else "\nTargets missed (see above).")


if __name__ == "__main__":
    main()
