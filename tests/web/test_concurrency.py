"""Concurrent requests with real parallel connections: each thread has its own test client, so
its own app context, session and database connection (on SQLite and on PostgreSQL).

Where the outcome depends on who is first, the first request is held inside its transaction
(just before it writes its audit event, with its locks taken) while the second one runs: without
the row lock in the services, the second would pass its checks on what it read and both would
take effect. Exactly one effect, a 409 page in Swedish for the other, nothing lost."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import AuditEvent, Comment, Review, Text, utcnow
from klarsprak.review.states import TextState

PASSWORD = "rätt-lösenord-123"  # what the make_user fixture gives every user

HOLD_SECONDS = 0.5


def signed_in(app, user):
    """A test client of its own, logged in as ``user``."""
    client = app.test_client()
    response = client.post("/logga-in", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def hold_first(monkeypatch):
    """Run ``first`` and, once it is inside its transaction, ``second``; return both responses."""
    real_audit = services.audit
    inside = threading.Event()

    def audit(*args, **kwargs):
        if threading.current_thread().name == "first" and not inside.is_set():
            inside.set()
            time.sleep(HOLD_SECONDS)  # holding its locks: the second request runs meanwhile
        return real_audit(*args, **kwargs)

    monkeypatch.setattr(services, "audit", audit)

    def run(first: Callable, second: Callable):
        results: dict[str, object] = {}

        def call(name: str, action: Callable) -> None:
            if name == "second":
                inside.wait(timeout=5)
            results[name] = action()

        threads = [threading.Thread(target=call, args=(name, action), name=name)
                   for name, action in (("first", first), ("second", second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        inside.clear()
        return results["first"], results["second"]

    return run


def at_once(*actions: Callable) -> list:
    """Start every action at the same moment, each in its own thread; their results in order."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def call(i: int) -> None:
        barrier.wait()
        results[i] = actions[i]()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def events(text_id: int, action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.text_id == text_id, AuditEvent.action == action))


def fresh(text_id: int) -> Text:
    db.session.expire_all()
    return db.session.get(Text, text_id)


def test_two_reviewers_claiming_at_once(app, make_user, make_text, hold_first):
    author, anna, bo = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text_id = make_text(author, submit=True).id
    first, second = signed_in(app, anna), signed_in(app, bo)
    won, lost = hold_first(lambda: first.post(f"/granska/{text_id}/ta"),
                           lambda: second.post(f"/granska/{text_id}/ta"))
    assert won.status_code == 302 and won.location.endswith(f"/granska/{text_id}")
    assert lost.status_code == 409
    assert "Någon annan granskar redan den här texten" in lost.text and "Att granska" in lost.text
    assert fresh(text_id).claimed_by_id == anna.id
    assert events(text_id, "claim") == 1


def test_claims_in_a_crowd_have_one_winner(app, make_user, make_text):
    author = make_user("skribent")
    reviewers = [make_user("granskare") for _ in range(4)]
    text_id = make_text(author, submit=True).id
    clients = [signed_in(app, r) for r in reviewers]
    responses = at_once(*[lambda c=c: c.post(f"/granska/{text_id}/ta") for c in clients])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302, 409, 409, 409]
    winner = reviewers[[r.status_code for r in responses].index(302)]
    assert fresh(text_id).claimed_by_id == winner.id and events(text_id, "claim") == 1


def test_double_clicked_submit_sends_once(app, make_user, make_text, hold_first):
    author = make_user("skribent")
    text = make_text(author)
    text_id, lock = text.id, text.lock_version
    client_a, client_b = signed_in(app, author), signed_in(app, author)  # two clicks, two connections
    click = {"lock_version": lock}
    first, second = hold_first(lambda: client_a.post(f"/texter/{text_id}/skicka", data=click),
                               lambda: client_b.post(f"/texter/{text_id}/skicka", data=click))
    assert first.status_code == 302
    assert second.status_code == 409
    assert "Det är redan gjort" in second.text and "Väntar på granskning" in second.text
    text = fresh(text_id)
    assert text.state == TextState.WAITING.value and text.revision().review_body is not None
    assert events(text_id, "submit") == 1


def test_double_clicked_submit_at_the_same_moment(app, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author)
    text_id, click = text.id, {"lock_version": text.lock_version}
    clients = [signed_in(app, author), signed_in(app, author)]
    responses = at_once(*[lambda c=c: c.post(f"/texter/{text_id}/skicka", data=click) for c in clients])
    assert sorted(r.status_code for r in responses) == [302, 409]
    assert events(text_id, "submit") == 1


def decision(verdict: str, summary: str) -> dict[str, str]:
    return {"vardat": "4", "enkelt": "3", "begripligt": "4", "summary": summary, "decision": verdict, "minutes": "10"}


def test_one_reviewer_deciding_twice_at_once(app, make_user, make_text, hold_first):
    """Approve in one tab and ask for changes in another: one decision counts."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text_id = make_text(author, reviewer=reviewer).id
    tab_a, tab_b = signed_in(app, reviewer), signed_in(app, reviewer)
    first, second = hold_first(
        lambda: tab_a.post(f"/granska/{text_id}/beslut", data=decision("approve", "Texten är tydlig.")),
        lambda: tab_b.post(f"/granska/{text_id}/beslut", data=decision("changes", "Skriv om början.")))
    assert first.status_code == 302
    assert second.status_code == 409 and "Du granskar inte den här texten längre" in second.text
    assert "Skriv om början." in second.text  # what was typed is on the page, to copy
    reviews = db.session.scalars(select(Review).where(Review.text_id == text_id)).all()
    assert [(r.decision, r.summary) for r in reviews] == [("approve", "Texten är tydlig.")]
    assert fresh(text_id).state == TextState.APPROVED.value
    assert events(text_id, "approve") == 1 and events(text_id, "request_changes") == 0


def test_two_reviewers_deciding_at_once(app, make_user, make_text):
    """Anna's claim ran out and Bo took the text; both send their decision at the same moment.
    Bo's counts; Anna hears why, with her summary kept."""
    app.config["APPROVALS_NEEDED"] = 2
    author, anna, bo = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text = make_text(author, reviewer=anna)
    text.claimed_at = utcnow().replace(year=2000)
    db.session.commit()
    services.expire_claims(days=7)
    services.claim(bo, text)
    text_id = text.id
    clients = [signed_in(app, anna), signed_in(app, bo)]
    anna_says, bo_says = at_once(
        lambda: clients[0].post(f"/granska/{text_id}/beslut", data=decision("approve", "Annas omdöme.")),
        lambda: clients[1].post(f"/granska/{text_id}/beslut", data=decision("approve", "Bos omdöme.")))
    assert bo_says.status_code == 302
    assert anna_says.status_code == 409 and "Annas omdöme." in anna_says.text
    reviews = db.session.scalars(select(Review).where(Review.text_id == text_id)).all()
    assert [r.reviewer_id for r in reviews] == [bo.id]
    assert fresh(text_id).state == TextState.WAITING.value  # one approval of the two needed


@pytest.mark.parametrize("comment_first", [True, False], ids=["comment-first", "author-first"])
def test_author_writes_a_new_draft_while_the_reviewer_comments(app, make_user, make_text, hold_first,
                                                               comment_first):
    """The author takes the text back and writes a new draft while the reviewer comments. A
    comment that is accepted was made while the text was in review, before it was taken back; a
    refused one is a 409 that shows the comment again. Every acknowledged write is stored."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text_id = make_text(author, reviewer=reviewer).id
    writer, reader = signed_in(app, author), signed_in(app, reviewer)
    new_body = "Du har fått bistånd. Ring oss om du undrar något."

    def comment():
        return reader.post(f"/granska/{text_id}/kommentar", data={"body": "Vad betyder erhållit?"})

    def take_back_and_rewrite():
        taken_back = writer.post(f"/texter/{text_id}/ta-tillbaka")
        page = writer.get(f"/texter/{text_id}").text  # the edit form, as the author now sees it
        lock = re.search(r'name="lock_version"[^>]*value="(\d+)"', page).group(1)
        saved = writer.post(f"/texter/{text_id}/spara", data={"title": "Beslut om bistånd", "audience": "",
                                                             "body": new_body, "lock_version": lock})
        return taken_back, saved

    if comment_first:
        commented, (taken_back, saved) = hold_first(comment, take_back_and_rewrite)
    else:
        (taken_back, saved), commented = hold_first(take_back_and_rewrite, comment)
    assert taken_back.status_code == 302 and saved.status_code == 302
    text = fresh(text_id)
    assert text.state == TextState.DRAFT.value and text.revision().body == new_body
    stored = db.session.scalars(select(Comment).where(Comment.text_id == text_id)).all()
    if comment_first:
        assert commented.status_code == 302
        assert [c.body for c in stored] == ["Vad betyder erhållit?"]
    else:
        assert commented.status_code == 409
        assert "Du granskar inte den här texten längre" in commented.text
        assert "Vad betyder erhållit?" in commented.text  # kept on the page to copy
        assert stored == []
    # The audit log tells the same story: no comment after the text was taken back.
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.text_id == text_id)
                                 .order_by(AuditEvent.id)).all()
    after_withdraw = actions[actions.index("withdraw"):]
    assert "comment" not in after_withdraw
    assert actions.count("comment") == len(stored)
