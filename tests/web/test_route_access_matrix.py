"""Who may open what, decided for every GET route of the app and checked route by route.

The routes come from the app's URL map (as in the secrecy-gate crawl), each opened by an
anonymous visitor, the text's author, another writer, the text's reviewer, another reviewer, a
kommunikatör and an admin, on a text sent to review and on a draft. What each gets (ok,
forbidden, missing, sent to the login page, redirected) must match the decisions written down in
``data/access_matrix.tsv``: a route added without a decision there fails this test, and so does
a route whose answer changes. After a deliberate change, regenerate the file with
``KLARSPRAK_WRITE_ACCESS_MATRIX=1 pytest tests/web/test_route_access_matrix.py -k sqlite`` and read
the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

from secrecy_world import named_routes

MATRIX = Path(__file__).parent / "data" / "access_matrix.tsv"
VISITORS = ("anonymous", "author", "skribent", "reviewer", "granskare", "kommunikator", "admin")


def outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        return "login" if "/logga-in" in response.headers.get("Location", "") else "redirect"
    return {403: "forbidden", 404: "missing"}.get(response.status_code,
                                                  "ok" if response.status_code < 300 else str(response.status_code))


def observed(app, login, world) -> dict[tuple[str, str], str]:
    """(endpoint, rule with named ids) -> one outcome per visitor, tab-separated."""
    rows: dict[tuple[str, str], list[str]] = {}
    for visitor in VISITORS:
        client = app.test_client()
        if visitor != "anonymous":
            client = login(world[visitor])
        for endpoint, named, path in named_routes(app, world):
            with client.get(path) as response:
                rows.setdefault((endpoint, named), []).append(outcome(response))
    return {key: "\t".join(values) for key, values in rows.items()}


def test_every_get_route_has_an_authorisation_decision(app, login, world):
    found = observed(app, login, world)
    if os.environ.get("KLARSPRAK_WRITE_ACCESS_MATRIX"):
        lines = ["endpoint\tpath\t" + "\t".join(VISITORS)]
        lines += [f"{endpoint}\t{path}\t{found[endpoint, path]}" for endpoint, path in sorted(found)]
        MATRIX.write_text("\n".join(lines) + "\n", encoding="utf-8")
    decided = {}
    for line in MATRIX.read_text(encoding="utf-8").splitlines()[1:]:
        endpoint, path, rest = line.split("\t", 2)
        decided[endpoint, path] = rest
    undecided = sorted(set(found) - set(decided))
    assert not undecided, f"routes without an authorisation decision in {MATRIX.name}: {undecided}"
    changed = {key: (decided[key], found[key]) for key in found if decided[key] != found[key]}
    assert not changed, f"answers differ from the decisions ({' / '.join(VISITORS)}): {changed}"


def test_the_decisions_keep_the_principles(app, login, world):
    """Read the decisions as a whole: nobody but the author reaches the author's own pages of a
    draft, nobody anonymous reaches anything but the public pages, and only admins reach admin."""
    rows = [line.split("\t") for line in MATRIX.read_text(encoding="utf-8").splitlines()[1:]]
    column = {visitor: 2 + k for k, visitor in enumerate(VISITORS)}
    public = {"auth.login", "static", "health", "errors.help", "help.reviewing"}
    for row in rows:
        endpoint = row[0]
        if endpoint not in public:
            assert row[column["anonymous"]] in ("login", "missing"), row
        if endpoint.startswith("admin."):
            assert all(row[column[v]] != "ok" for v in VISITORS if v != "admin"), row
    assert len(rows) >= 30
