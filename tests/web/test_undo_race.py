"""Two tabs keeping an undo for the same text at the same moment (``services.keep_undo``): the
text has one undo row at most (a unique text_id), so the second insert fails. The writer's
change is saved all the same, the other tab's undo stands, and this tab is told what happened
without an "Ångra" that could only fail.

The other tab's row is put in between keep_undo's DELETE of the old undo and its INSERT. On
PostgreSQL it comes from a second connection that commits, as another worker would. SQLite lets
no second writer in there (the DELETE holds the database's write lock until the commit), so on
SQLite the row comes through the same session at that point: the same unique-key conflict."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import insert, select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import UndoChange, utcnow

BODY = "Vi har erhållit din ansökan. Du kan få bistånd."
OTHER_TAB = [[0, "Vi", "Vi"]]  # what the other tab's undo would put back


@pytest.fixture
def other_tab_in_between(monkeypatch):
    """The first time keep_undo runs (and only then), the other tab's undo for the same text is stored
    right after the old undo is deleted and before this one is inserted."""
    real_keep, real_drop = services.keep_undo, services.drop_undo
    state = {"armed": False, "fired": 0}

    def drop_then_other_tab(text):
        real_drop(text)
        if not state["armed"]:
            return
        state["armed"] = False
        row = {"text_id": text.id, "author_id": text.author_id, "revision_number": text.current_version,
               "lock_version": text.lock_version, "changes_json": json.dumps(OTHER_TAB), "created_at": utcnow()}
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as other:  # its own connection and transaction, committed
                other.execute(insert(UndoChange).values(row))
        else:
            db.session.execute(insert(UndoChange).values(row))
        state["fired"] += 1

    def keep_with_a_race(*args, **kwargs):
        state["armed"] = state["fired"] == 0  # one race; later calls run as usual
        return real_keep(*args, **kwargs)

    monkeypatch.setattr(services, "drop_undo", drop_then_other_tab)
    monkeypatch.setattr(services, "keep_undo", keep_with_a_race)
    return state


def kept_rows() -> list[UndoChange]:
    db.session.expire_all()
    return list(db.session.scalars(select(UndoChange)))


def test_keep_undo_gives_way_to_an_undo_stored_at_the_same_moment(make_user, make_text, other_tab_in_between):
    author = make_user("skribent")
    text = make_text(author, body=BODY)
    services.save_draft(author, text, BODY.replace("erhållit", "fått"), None, text.lock_version)
    assert services.keep_undo(author, text, [(7, "erhållit", "fått")]) is None  # no crash: "that one stands"
    assert other_tab_in_between["fired"] == 1
    db.session.refresh(text)
    assert text.revision().body == BODY.replace("erhållit", "fått")  # the saved change is not lost
    rows = kept_rows()
    if db.engine.dialect.name == "postgresql":  # the other tab's undo, committed, stands
        assert [(r.text_id, json.loads(r.changes_json)) for r in rows] == [(text.id, OTHER_TAB)]
    else:  # the conflicting row went with the rolled-back transaction; nothing half-written
        assert rows == []
    # The session is usable again afterwards: the next undo is kept as usual.
    services.save_draft(author, text, BODY, None, text.lock_version)
    undo_id = services.keep_undo(author, text, [(7, "fått", "erhållit")])
    assert undo_id is not None and [r.id for r in kept_rows()] == [undo_id]


def test_the_writer_is_told_the_change_is_made_and_offered_no_undo_that_would_fail(
        login, make_user, make_text, other_tab_in_between):
    author = make_user("skribent")
    text = make_text(author, body=BODY)
    client = login(author)
    start = BODY.index("erhållit")
    response = client.post(f"/texter/{text.id}/anvand-forslag", data={
        "start": start, "end": start + len("erhållit"), "original": "erhållit", "replacement": "fått",
        "lock_version": text.lock_version})
    assert response.status_code == 302 and other_tab_in_between["fired"] == 1
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "”erhållit” är utbytt mot ”fått”." in page.text
    assert not re.search(rf'action="/texter/{text.id}/angra"', page.text)  # this tab's undo was not kept
    db.session.refresh(text)
    assert text.revision().body == BODY.replace("erhållit", "fått")
