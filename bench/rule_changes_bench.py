"""What the local rule changes cost (issue 11, "Word lists and rules in the app"), on SQLite:
the version query every analysis makes, the rebuild of the analyzer after a change (once per
worker process), and the check of an example sentence when an entry is saved. Bounded: a fixed
number of repetitions. Prints its figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

VERSION_QUERIES, REBUILDS, SAVES = 2_000, 3, 5


def main() -> None:
    from flask_migrate import upgrade

    from klarsprak import create_app
    from klarsprak.analysis.engine import default_analyzer
    from klarsprak.extensions import db
    from klarsprak.review import rule_changes
    from klarsprak.review.accounts import create_user

    folder = Path(tempfile.mkdtemp(prefix="klarsprak-rules-bench-"))
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}"})
    default_analyzer().analyze("Vi har fått din ansökan.")  # the pipeline loaded, as in a warm worker
    with app.app_context():
        upgrade()
        user = create_user("kommunikator", "Kommunikatör", "kommunikator", "ett långt lösenord för bänken")
        for word in ("insats", "boendestöd", "kontaktperson"):
            rule_changes.add_accepted(user, word, f"Du får {word} från oss.")
        times = []
        for _ in range(VERSION_QUERIES):
            start = time.perf_counter()
            rule_changes.cache_key()
            times.append(time.perf_counter() - start)
        times.sort()
        print(f"rule set version per analysis: median {statistics.median(times) * 1e3:.3f} ms, "
              f"p95 {times[int(len(times) * 0.95)] * 1e3:.3f} ms ({VERSION_QUERIES} queries)")
        start = time.perf_counter()
        rule_changes.save_entry(user, "jargon.svarta-listan", "bibehålla", ["behålla"], "",
                                "Du får bibehålla ditt bistånd.")
        saved = time.perf_counter() - start
        switches = []
        for number in range(SAVES):
            start = time.perf_counter()
            rule_changes.switch(user, "passive.s-passive", number % 2 == 1)
            switches.append(time.perf_counter() - start)
        print(f"saving an entry with its example checked by the engine: {saved:.2f} s; "
              f"switching a rule: median {statistics.median(switches) * 1e3:.1f} ms")
        rebuilds = []
        for _ in range(REBUILDS):
            rule_changes._analyzers.clear()  # as a worker that has not yet seen the change
            start = time.perf_counter()
            rule_changes.current_analyzer()
            rebuilds.append(time.perf_counter() - start)
        print(f"rebuilding the analyzer after a change (once per worker): median {statistics.median(rebuilds):.2f} s, "
              f"max {max(rebuilds):.2f} s ({REBUILDS} runs)")
        body = "Du får bibehålla ditt bistånd under hela året. Ansökan ska skickas in senast den första maj. " * 20
        start = time.perf_counter()
        analyzer = rule_changes.current_analyzer()
        analyzer.analyze(body)
        local = time.perf_counter() - start
        start = time.perf_counter()
        default_analyzer().analyze(body)
        shipped = time.perf_counter() - start
        print(f"one analysis of {len(body.split())} words: local rule set {local:.2f} s, shipped rules {shipped:.2f} s")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
