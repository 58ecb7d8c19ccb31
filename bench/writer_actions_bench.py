"""The writer's one-click actions, in SQLite, in-process (Flask's test client): "Använd
förslaget", "Ändra alla" and "Ångra", each as the POST (which now analyses the changed text to
find the place to come back to) and the GET of the page it leads to (which finds that analysis
cached). Every round uses a new body, so no analysis is cached from an earlier round. Prints
median and p95 per step; bounded (a fixed number of rounds).
"""

from __future__ import annotations

import html
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 12
PASSWORD = "bench-lösenord-123"
# A letter of about 2,100 characters with "inkomma" 24 times, so "Ändra alla" has work.
PARAGRAPH = ("Vi har erhållit din ansökan om ekonomiskt bistånd för månaden. Du ska inkomma med intyg "
             "från arbetsförmedlingen. Du kan inkomma med papper eller digitalt. Vi ber dig inkomma med "
             "underlag senast den sista dagen i månaden. Handläggaren återkommer när ärendet är utrett. ")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    from flask_migrate import upgrade

    from klarsprak import create_app
    from klarsprak.extensions import db
    from klarsprak.review import services
    from klarsprak.review.accounts import create_user

    timings: dict[str, list[float]] = {}

    def timed(client, step: str, url: str, data: dict | None = None):
        """One request, timed: a POST with ``data``, else a GET."""
        start = time.perf_counter()
        response = client.post(url, data=data) if data is not None else client.get(url)
        timings.setdefault(step, []).append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 302), (step, response.status_code)
        return response

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "INSTANCE_PATH": folder, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
        with app.app_context():
            upgrade()
            writer = create_user("skribent", "Skribent", "skribent", PASSWORD)
            client = app.test_client()
            client.post("/logga-in", data={"username": "skribent", "password": PASSWORD})
            body = PARAGRAPH * 8
            text = services.create_text(writer, "Beslut", "beslut", "", body)
            client.get(f"/texter/{text.id}")  # the language model loads once, outside the figures
            for round_ in range(ROUNDS):
                fresh = body + f"\n\nÄrende {round_ + 1000}."  # a body no earlier round analysed
                services.save_draft(writer, text, fresh, None, text.lock_version)
                client.get(f"/texter/{text.id}")
                start = fresh.index("erhållit")
                applied = timed(client, "Använd förslaget: POST", f"/texter/{text.id}/anvand-forslag", {
                    "start": start, "end": start + 8, "original": "erhållit", "replacement": "fått",
                    "lock_version": text.lock_version})
                page = timed(client, "Använd förslaget: sidan", applied.headers["Location"]).text
                form = re.search(r'action="/texter/\d+/angra">(.*?)</form>', page, re.DOTALL).group(1)
                fields = {k: html.unescape(v) for k, v in re.findall(r'name="(\w+)" value="([^"]*)"', form)}
                undone = timed(client, "Ångra: POST", f"/texter/{text.id}/angra", fields)
                timed(client, "Ångra: sidan", undone.headers["Location"])
                db.session.refresh(text)
                everywhere = timed(client, "Ändra alla: POST", f"/texter/{text.id}/andra-alla", {
                    "rule": "jargon.svarta-listan", "original": "inkomma", "replacement": "komma in",
                    "lock_version": text.lock_version})
                timed(client, "Ändra alla: sidan", everywhere.headers["Location"])
                db.session.refresh(text)
    print(f"Writer's one-click actions, {len(body)} characters, {ROUNDS} rounds (ms):")
    for step, samples in timings.items():
        print(f"  {step:<26} median {statistics.median(samples):7.1f}   p95 {p95(samples):7.1f}")


if __name__ == "__main__":
    main()
