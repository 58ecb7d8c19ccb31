"""A Flask server on loopback for the web benches: started on a free-ish port, ready when
``/halsa`` answers, stopped when the block ends."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def flask_server(env: dict[str, str], port: int) -> Iterator[int]:
    """Run ``flask --app klarsprak run`` with ``env`` on 127.0.0.1:``port``; yields the port."""
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "klarsprak", "run", "--port", str(port), "--no-reload"],
        env=dict(os.environ, **env), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/halsa")
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)
