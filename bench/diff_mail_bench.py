"""Two costs of issue 11's small parts, printed: the word-level "what changed" (diff_html) on
texts of 10,000 to 100,000 characters with one word in thirty changed, and one run of the daily
command's mail retry with 1,000 unsent mails to a local SMTP sink (aiosmtpd), in SQLite.
Bounded: a fixed number of runs.
"""

from __future__ import annotations

import random
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES, RUNS, MAILS = (10_000, 50_000, 100_000), 5, 1_000


def texts(size: int, rng: random.Random) -> tuple[str, str]:
    vocabulary = ["".join(rng.choice("abcdefghijklmnoprstuvyåäö") for _ in range(rng.randint(2, 10)))
                  for _ in range(4_000)]
    words: list[str] = []
    while sum(map(len, words)) + len(words) < size:
        words.append(rng.choice(vocabulary) + ("." if rng.random() < 0.07 else ""))
    changed = list(words)
    for index in rng.sample(range(len(words)), len(words) // 30):
        changed[index] = rng.choice(vocabulary)
    return " ".join(words), " ".join(changed)


def bench_diff() -> None:
    from klarsprak.web.diffing import diff_html

    rng = random.Random(11)
    for size in SIZES:
        old, new = texts(size, rng)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            html = diff_html(old, new)
            times.append(time.perf_counter() - start)
        print(f"diff_html, {len(old):,} characters, {html.count('<ins>'):,} changes: median "
              f"{statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms ({RUNS} runs)")


def bench_retry() -> None:
    from aiosmtpd.controller import Controller
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from klarsprak import create_app
    from klarsprak.extensions import db
    from klarsprak.review import notifications, services
    from klarsprak.review.accounts import create_user
    from klarsprak.review.models import Notification, utcnow

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
            Sink.count += 1
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "INSTANCE_PATH": folder, "SECRET_KEY": "bench", "SMTP_HOST": "127.0.0.1",
                          "SMTP_PORT": port, "PUBLIC_URL": "https://klarsprak.kommun.example"})
        controller = Controller(Sink(), hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with app.app_context():
                upgrade()
                writer = create_user("skribent", "Sara", "skribent", "bench-lösenord-123")
                notifications.save_settings(writer, "sara@kommun.example", False)
                text = services.create_text(writer, "Beslut om bistånd", "beslut", "", "Du får bistånd.")
                db.session.execute(insert(Notification), [
                    {"user_id": writer.id, "text_id": text.id, "kind": "approved", "count": 0, "created_at": utcnow(),
                     "mail_state": "pending", "mail_tries": 1} for _ in range(MAILS)])
                db.session.commit()
                start = time.perf_counter()
                result = notifications.retry_mail(notifications.unsent_mail())
                elapsed = time.perf_counter() - start
                print(f"retry_mail, {MAILS:,} unsent mails to a local sink: {elapsed:.2f} s "
                      f"({result.sent:,} sent, {Sink.count:,} received)")
                db.session.remove()
                db.engine.dispose()
        finally:
            controller.stop()


if __name__ == "__main__":
    bench_diff()
    bench_retry()
