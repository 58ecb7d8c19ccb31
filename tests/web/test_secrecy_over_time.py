"""The secrecy gate over time and at rest: withdrawing from review, retention (purge), erasure on
request, the database file, keys and logs."""

from __future__ import annotations

import datetime as dt
import json
import stat
import threading

import pytest
from sqlalchemy import select
from sqlalchemy import text as sql

from klarsprak import create_app
from klarsprak.config import instance_secret
from klarsprak.extensions import db
from klarsprak.review import personal_data, services
from klarsprak.review.models import AuditEvent, PersonalDataDecision, Text, UndoChange, utcnow

BODY = "Hej Tolvan Tolvansson!\n\nVi har beviljat din ansökan. Ring 070-123 45 67 om du undrar."
TITLE = "Beslut för Tolvan Tolvansson 19121212-1212"


@pytest.fixture
def sent(make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, body=BODY, title=TITLE)
    personal_data.mask_all(author, text)
    services.submit(author, text)
    return text, author, reviewer


def test_a_title_with_personal_data_stops_the_text_until_decided(login, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author, body="Vi har beviljat din ansökan.", title=TITLE)
    client = login(author)
    page = client.get(f"/texter/{text.id}").text
    assert "Det som är kvar står i rubriken." in page
    assert "Så här ser granskaren texten" in page and "Beslut för [NAMN 1] [PERSONNUMMER 1]" in page
    refused = client.post(f"/texter/{text.id}/skicka", data={"lock_version": text.lock_version})
    assert refused.status_code == 409 and "i rubriken" in refused.text
    client.post(f"/texter/{text.id}/maskera-alla")
    db.session.refresh(text)
    assert client.post(f"/texter/{text.id}/skicka", data={"lock_version": text.lock_version}).status_code == 302
    queue = login(make_user("granskare")).get("/granska/").text
    assert "Beslut för [NAMN 1] [PERSONNUMMER 1]" in queue and "Tolvan" not in queue


def test_the_author_withdraws_a_text_and_the_reviewers_copy_is_gone(login, sent):
    text, author, reviewer = sent
    services.claim(reviewer, text)
    assert login(reviewer).get(f"/granska/{text.id}").status_code == 200
    response = login(author).post(f"/texter/{text.id}/ta-tillbaka", follow_redirects=True)
    assert response.status_code == 200 and "Du har tagit tillbaka texten" in response.text
    db.session.refresh(text)
    revision = text.revision()
    assert text.state == "utkast" and text.claimed_by_id is None
    assert (revision.review_title, revision.review_audience, revision.review_body) == (None, None, None)
    assert login(reviewer).get(f"/granska/{text.id}").status_code == 403
    assert f"/granska/{text.id}" not in login(reviewer).get("/granska/").text
    actions = [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.text_id == text.id))]
    assert actions[-1] == "withdraw"


def test_only_the_author_withdraws_and_only_from_review(login, make_user, sent):
    text, author, _reviewer = sent
    assert login(make_user("kommunikator")).post(f"/texter/{text.id}/ta-tillbaka").status_code == 403
    services.withdraw(author, text)
    assert login(author).post(f"/texter/{text.id}/ta-tillbaka").status_code == 409  # a draft already


def test_purge_is_off_until_retention_days_is_set(app):
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code != 0 and "RETENTION_DAYS är inte satt" in result.output


def _approve(text, reviewer):
    services.claim(reviewer, text)
    services.decide(reviewer, text, vardat=4, enkelt=4, begripligt=4, summary="", decision="approve")


def test_purge_removes_originals_of_texts_approved_long_ago(app, login, make_user, make_text, sent):
    old, author, reviewer = sent
    recent = make_text(author, body=BODY.replace("Tolvan", "Märta"), title="Nytt beslut")
    personal_data.mask_all(author, recent)
    services.submit(author, recent)
    _approve(old, reviewer)
    # A year and more later (the audit log says when each text was approved; it cannot be edited):
    assert services.purge_expired(365, now=utcnow() + dt.timedelta(days=400)) == 1
    _approve(recent, reviewer)
    assert services.purge_expired(365, now=utcnow() + dt.timedelta(days=10)) == 0
    db.session.expire_all()
    assert "Tolvan" not in old.title + old.revision().body and old.purged_at is not None
    assert old.revision().body == old.revision().review_body and "[NAMN 1]" in old.title
    assert db.session.scalars(select(PersonalDataDecision).where(PersonalDataDecision.text_id == old.id)).all() == []
    assert "Märta" in recent.revision().body and recent.purged_at is None
    # The trail stays, and says what happened; the author now sees the masked copy too.
    actions = [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.text_id == old.id))]
    assert "approve" in actions and actions[-1] == "erase_originals"
    page = login(author).get(f"/texter/{old.id}", follow_redirects=True).text
    assert "[NAMN 1]" in page and "Tolvan" not in page


def test_the_purge_command_reports_what_it_did(app, sent):
    app.config["RETENTION_DAYS"] = 30
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0 and "för 0 texter (äldre än 30 dagar)" in result.output


def test_erase_on_request_masks_a_text_never_sent(app, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author, body=BODY, title=TITLE)
    result = app.test_cli_runner().invoke(args=["erase", str(text.id)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert "Tolvan" not in text.title + text.revision().body and "19121212" not in text.title
    assert app.test_cli_runner().invoke(args=["erase", "999"]).exit_code != 0


def _undoable(client, text) -> None:
    """Use a suggestion on ``text``, so that the server keeps the replaced words for "Ångra"."""
    start = text.revision().body.index("erhållit")
    answer = client.post(f"/texter/{text.id}/anvand-forslag", data={
        "start": start, "end": start + len("erhållit"), "original": "erhållit", "replacement": "fått",
        "lock_version": text.lock_version})
    assert answer.status_code == 302
    assert db.session.scalar(select(UndoChange.text_id).where(UndoChange.text_id == text.id)) == text.id


def test_erase_and_purge_remove_the_words_kept_for_undo(app, login, make_user, make_text):
    author = make_user("skribent")
    client = login(author)
    asked, archived = (make_text(author, body="Tolvan Tolvansson, vi har erhållit din ansökan.", title=t)
                       for t in ("Beslut 1", "Beslut 2"))
    for text in (asked, archived):
        _undoable(client, text)
    assert app.test_cli_runner().invoke(args=["erase", str(asked.id)]).exit_code == 0
    assert db.session.scalars(select(UndoChange.text_id)).all() == [archived.id]
    services.archive(author, archived)  # archiving alone keeps it (the writer may restore the text)
    assert db.session.scalars(select(UndoChange.text_id)).all() == [archived.id]
    assert services.purge_expired(30, now=utcnow() + dt.timedelta(days=40)) == 1
    assert db.session.scalars(select(UndoChange)).all() == []


def test_the_database_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "data" / "klarsprak.sqlite"
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "INSTANCE_PATH": str(tmp_path / "i"), "TESTING": True})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_sql_errors_carry_no_typed_values(app):
    with pytest.raises(Exception) as caught:
        db.session.execute(sql("insert into nothing_here values (:v)"), {"v": "Tolvan Tolvansson"})
    db.session.rollback()
    assert "Tolvan" not in str(caught.value)


def test_rotating_the_secret_key_keeps_the_writers_decisions(app, make_user, make_text):
    author = make_user("skribent")
    text = make_text(author, body=BODY)
    personal_data.mask_all(author, text)
    app.config["SECRET_KEY"] = "a new secret after an incident"
    assert personal_data.undecided(text) == []
    app.config["PERSONAL_DATA_KEY"] = "another key"  # the decisions are bound to their own key
    assert personal_data.undecided(text) != []


def test_workers_starting_at_once_share_one_generated_key(tmp_path, monkeypatch):
    monkeypatch.delenv("PERSONAL_DATA_KEY", raising=False)
    keys: list[str] = []
    threads = [threading.Thread(target=lambda: keys.append(instance_secret(tmp_path, "PERSONAL_DATA_KEY", "k")))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1 and len(keys[0]) == 64
    assert stat.S_IMODE((tmp_path / "k").stat().st_mode) == 0o600


def test_the_audit_log_holds_ids_and_kinds_never_text(sent):
    text, _author, _reviewer = sent
    details = [json.loads(e.detail_json) for e in db.session.scalars(select(AuditEvent))]
    assert not [d for d in details if "Tolvan" in json.dumps(d, ensure_ascii=False)]
    assert not any("title" in d for d in details)
    assert db.session.get(Text, text.id).title == TITLE  # the author's own copy is untouched
