"""Operations figures, printed: the production server (gunicorn, as `make serve` starts it) under
concurrent page views on SQLite and PostgreSQL with 2 and 4 workers, and how long backup,
restore and copy-db take for a database of a few hundred texts.

Run: .venv/bin/python bench/ops_bench.py [--texts 300] [--seconds 10] [--clients 16]
Loopback only; PostgreSQL from scripts/test-postgres.sh (a throwaway cluster)."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from dev_server import free_port, postgres_databases, serving

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "ett-långt-lösenord-för-mätningen"
BODY = ("Vi har fått din ansökan om ekonomiskt bistånd. Du får svar inom två veckor. "
        "Ring oss om du har frågor om beslutet eller vill lämna fler uppgifter.")
BIN = ROOT / ".venv" / "bin"

def seed(url: str, instance: Path, texts: int) -> None:
    """Migrate ``url`` and add a writer with ``texts`` texts (timed apart, not part of the figures)."""
    from flask_migrate import upgrade

    from klarsprak import create_app
    from klarsprak.extensions import db
    from klarsprak.review import accounts, services

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance),
                      "SECRET_KEY": "bench", "PERSONAL_DATA_KEY": "bench"})
    with app.app_context():
        with contextlib.redirect_stderr(io.StringIO()):  # the migrations' log lines, not figures
            upgrade()
        writer = accounts.create_user("handlaggare", "Hanna", "skribent", PASSWORD)
        for number in range(texts):
            services.create_text(writer, f"Beslut {number}", "beslut", "Den som har sökt", BODY)
        db.session.remove()
        db.engine.dispose()


class Client:
    """One browser: logs in over HTTP/1.1 keep-alive and then reads pages (the cookie handled
    by hand: production cookies are Secure, so a cookie jar would not send them over http)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-Proto": "https", "Cookie": self.cookie}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, text

    def log_in(self) -> None:
        from urllib.parse import urlencode

        _status, page = self.request("GET", "/logga-in")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/logga-in", urlencode(
            {"csrf_token": token, "username": "handlaggare", "password": PASSWORD}))
        assert status == 302, status


def serve_and_measure(url: str, instance: Path, workers: int, clients: int, seconds: float) -> dict:
    port = free_port()
    environment = {"KLARSPRAK_ENV": "production", "SECRET_KEY": "bench", "PERSONAL_DATA_KEY": "bench",
                   "DATABASE_URL": url, "KLARSPRAK_INSTANCE": str(instance), "WEB_CONCURRENCY": str(workers),
                   "PORT": str(port), "PROXY_COUNT": "1", "RATELIMIT_ENABLED": "0"}
    log = instance / f"gunicorn-{workers}-{uuid.uuid4().hex[:6]}.log"
    with serving([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], environment, port, log):
        latencies: list[float] = []
        failures = [0]
        lock = threading.Lock()
        paths = ["/texter", "/texter/1", "/losenord"]
        stop = [0.0]
        # The clock starts when the last client is warm, before any of them goes on.
        ready = threading.Barrier(clients + 1, action=lambda: stop.__setitem__(0, time.perf_counter() + seconds))

        def browse() -> None:
            # Warm-up, not measured: log in (scrypt) and load each page once (every worker loads
            # the language model on its first analysis).
            try:
                client = Client(port)
                client.log_in()
                for path in paths:
                    client.request("GET", path)
            except BaseException:
                ready.abort()  # the run is void; main() raises BrokenBarrierError
                raise
            ready.wait()
            index = 0
            while time.perf_counter() < stop[0]:
                started = time.perf_counter()
                status, _ = client.request("GET", paths[index % len(paths)])
                elapsed = time.perf_counter() - started
                index += 1
                with lock:
                    latencies.append(elapsed)
                    if status >= 500:
                        failures[0] += 1

        threads = [threading.Thread(target=browse) for _ in range(clients)]
        for thread in threads:
            thread.start()
        ready.wait(timeout=600)
        began = stop[0] - seconds
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    latencies.sort()
    if failures[0]:
        print(log.read_text(encoding="utf-8")[-2000:], file=sys.stderr)
    return {"requests": len(latencies), "per_second": len(latencies) / wall, "failures": failures[0],
            "p50": statistics.median(latencies) * 1000, "p95": latencies[int(len(latencies) * 0.95)] * 1000,
            "p99": latencies[int(len(latencies) * 0.99)] * 1000, "max": latencies[-1] * 1000}


def cli(url: str, instance: Path, *args: str) -> float:
    environment = {**os.environ, "DATABASE_URL": url, "KLARSPRAK_INSTANCE": str(instance), "SECRET_KEY": "bench",
                   "PERSONAL_DATA_KEY": "bench"}
    environment.pop("KLARSPRAK_ENV", None)
    started = time.perf_counter()
    subprocess.run([str(BIN / "flask"), "--app", "klarsprak", *args], cwd=ROOT, env=environment, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=16)
    options = parser.parse_args()
    # The databases and backups hold nothing to keep: removed when the bench ends.
    with tempfile.TemporaryDirectory(prefix="klarsprak-ops-bench-") as work, postgres_databases() as postgres_database:
        measure(Path(work), options, postgres_database)


def measure(work: Path, options: argparse.Namespace, postgres_database: Callable[[], str]) -> None:
    engines = {"SQLite": f"sqlite:///{work / 'bench.sqlite'}", "PostgreSQL": postgres_database()}
    print(f"Production server (gunicorn, sync workers), {options.clients} clients reading pages "
          f"as a logged-in writer for {options.seconds:.0f} s, {options.texts} texts, {os.cpu_count()} CPUs:")
    for engine, url in engines.items():
        seed(url, work, options.texts)
        for workers in (2, 4):
            figures = serve_and_measure(url, work, workers, options.clients, options.seconds)
            print(f"  {engine:<10} {workers} workers: {figures['per_second']:6.0f} requests/s, "
                  f"p50 {figures['p50']:5.0f} ms, p95 {figures['p95']:5.0f} ms, p99 {figures['p99']:5.0f} ms, "
                  f"max {figures['max']:5.0f} ms, "
                  f"{figures['failures']} of {figures['requests']} failed (5xx)")
    print("Database commands (flask --app klarsprak …, wall time including start-up):")
    for engine, url in engines.items():
        backup = work / f"backup-{engine}"
        seconds = cli(url, work, "backup", "--to", str(backup))
        print(f"  backup  {engine:<10} {seconds:5.1f} s, {backup.stat().st_size / 1e3:,.0f} kB")
        empty = f"sqlite:///{work / 'restored.sqlite'}" if engine == "SQLite" else postgres_database()
        print(f"  restore {engine:<10} {cli(empty, work, 'restore', str(backup)):5.1f} s")
    target = postgres_database()
    print(f"  copy-db SQLite -> PostgreSQL {cli(engines['SQLite'], work, 'copy-db', '--to', target):5.1f} s")


if __name__ == "__main__":
    main()
