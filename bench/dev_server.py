"""What the web benches share: a server on loopback (Flask's or gunicorn), ready when ``/halsa``
answers and stopped when the block ends, and throwaway PostgreSQL databases on the test cluster
(``scripts/test-postgres.sh``), dropped when the block ends."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(server: subprocess.Popen, port: int, log: Path | None = None, seconds: float = 180) -> None:
    """Return when ``GET /halsa`` on ``port`` answers 200; stop the bench with the end of the
    server's log if the server exits or does not answer within ``seconds`` (gunicorn's workers
    load the language models before they answer: several at once on a busy machine take long)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/halsa")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    server.kill()
    server.wait()
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log and log.exists() else ""
    raise SystemExit(f"the server on port {port} did not start: {tail}")


@contextmanager
def serving(command: list[str], env: dict[str, str], port: int,
            log: Path | None = None) -> Iterator[subprocess.Popen]:
    """Run ``command`` (a server listening on ``port``) from the repository with ``os.environ``
    and ``env``; yields the process once it answers. Its stderr goes to ``log`` (a pipe nobody read
    would fill up and stall the workers), else nowhere."""
    stderr = log.open("w") if log else subprocess.DEVNULL
    server = subprocess.Popen(command, env=dict(os.environ, **env), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=stderr)
    try:
        wait_until_up(server, port, log)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if log:
            stderr.close()


@contextmanager
def flask_server(env: dict[str, str], port: int) -> Iterator[int]:
    """Run ``flask --app klarsprak run`` with ``env`` on 127.0.0.1:``port``; yields the port."""
    with serving([sys.executable, "-m", "flask", "--app", "klarsprak", "run", "--port", str(port), "--no-reload"],
                 env, port):
        yield port


@contextmanager
def postgres_databases(prefix: str = "klarsprak_bench") -> Iterator[Callable[[], str]]:
    """Yields ``new_database()``: each call creates an empty database on the test cluster and
    returns its URL. Every one made is dropped when the block ends, whatever happened."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    cluster = subprocess.run([str(ROOT / "scripts" / "test-postgres.sh")], capture_output=True, text=True,
                             check=True).stdout.strip()
    admin = create_engine(cluster, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def new_database() -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(cluster).set(database=name).render_as_string(hide_password=False)

    try:
        yield new_database
    finally:
        with admin.connect() as connection:
            for name in made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
