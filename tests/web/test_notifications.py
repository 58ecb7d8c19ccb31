"""Notifications (aviseringar): who is told what and when, the page and its authorisation, the
daily command, and e-mail through a local SMTP sink holding only masked text and a link."""

from __future__ import annotations

import datetime as dt
import logging
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from klarsprak.extensions import db
from klarsprak.review import notifications, personal_data, services
from klarsprak.review.models import Notification, NotificationSettings, Text, utcnow

NAME, PNR = "Tolvan Tolvansson", "19121212-1212"
SECRET_BODY = f"Vi har tagit emot ansökan från {NAME}, {PNR}. Bistånd beviljas med 6 450 kronor."


def decide(reviewer, text, decision):
    return services.decide(reviewer, text, vardat=3, enkelt=3, begripligt=3, summary="", decision=decision)


def notices_of(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


@pytest.fixture
def personal_text(make_user):
    """A text with a name and a personnummer in the title and the body, masked and sent."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = services.create_text(author, f"Beslut för {NAME} {PNR}", "beslut", "Den som har sökt", SECRET_BODY)
    personal_data.mask_all(author, text)
    services.submit(author, text)
    services.claim(reviewer, text)
    return author, reviewer, text


def test_changes_requested_notify_the_writer_with_the_masked_title(personal_text):
    author, reviewer, text = personal_text
    decide(reviewer, text, "changes")
    [notice] = notifications.notices_for(author)
    assert notice.kind == "changes_requested" and notice.heading == "Ändringar begärda" and not notice.read
    assert notice.title == text.revision().review_title and "[NAMN 1]" in notice.title
    assert NAME not in notice.title and PNR not in notice.title
    assert notice.path == f"/texter/{text.id}"
    assert notices_of(reviewer) == []  # nobody is told of their own step


def test_approval_notifies_the_writer(make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    decide(reviewer, text, "approve")
    assert [n.kind for n in notices_of(author)] == ["approved"]


def test_a_partial_approval_is_no_approval_yet(make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    services.decide(reviewer, text, vardat=3, enkelt=3, begripligt=3, summary="", decision="approve",
                    approvals_needed=2)
    assert notices_of(author) == []


def test_a_new_version_notifies_the_reviewer_who_asked_for_changes(make_user, make_text):
    author, asker, other = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text = make_text(author, reviewer=asker)
    decide(asker, text, "changes")
    services.new_version(author, text, "Vi har fått din ansökan. Du får bistånd.", text.lock_version)
    assert notices_of(asker) == []  # a draft is not back yet
    services.submit(author, text)
    assert [(n.kind, n.revision_number) for n in notices_of(asker)] == [("new_version", 2)]
    assert notices_of(other) == []
    # A first submit tells no reviewer anything.
    make_text(author, submit=True)
    assert len(notices_of(asker)) == 1


def test_a_refused_step_notifies_nobody(make_user, make_text):
    author, reviewer, stranger = make_user("skribent"), make_user("granskare"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    with pytest.raises(services.WorkflowError):
        decide(stranger, text, "changes")
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_the_page_lists_only_my_notices_and_reading_it_changes_nothing(login, make_user, make_text):
    author, other_author, reviewer = make_user("skribent"), make_user("skribent"), make_user("granskare")
    mine = make_text(author, title="Min text", reviewer=reviewer)
    theirs = make_text(other_author, title="Någon annans text", reviewer=reviewer)
    decide(reviewer, mine, "changes")
    decide(reviewer, theirs, "approve")
    client = login(author)
    page = client.get("/aviseringar")
    assert page.status_code == 200
    assert "Ändringar begärda" in page.text and "Min text" in page.text
    assert "Någon annans text" not in page.text and "Texten är godkänd" not in page.text
    assert "Aviseringar <strong>(1 oläst)</strong>" in page.text  # the menu's count
    client.get("/aviseringar")
    assert all(n.read_at is None for n in notices_of(author))  # no GET writes


def test_marking_read_works_only_on_my_own(login, make_user, make_text):
    author, other_author, reviewer = make_user("skribent"), make_user("skribent"), make_user("granskare")
    decide(reviewer, make_text(author, reviewer=reviewer), "changes")
    decide(reviewer, make_text(other_author, reviewer=reviewer), "changes")
    [mine], [theirs] = notices_of(author), notices_of(other_author)
    client = login(author)
    assert client.post(f"/aviseringar/{theirs.id}/last").status_code == 404
    assert client.post(f"/aviseringar/{theirs.id + 1000}/last").status_code == 404
    db.session.refresh(theirs)
    assert theirs.read_at is None
    response = client.post(f"/aviseringar/{mine.id}/last", follow_redirects=True)
    assert response.status_code == 200 and "Aviseringen är markerad som läst." in response.text
    db.session.refresh(mine)
    assert mine.read_at is not None and "Läst" in response.text and "(1 oläst)" not in response.text
    assert client.post(f"/aviseringar/{mine.id}/last").status_code == 302  # twice is fine


def test_mark_all_read_touches_only_mine(login, make_user, make_text):
    author, other_author, reviewer = make_user("skribent"), make_user("skribent"), make_user("granskare")
    for _ in range(2):
        decide(reviewer, make_text(author, reviewer=reviewer), "approve")
    decide(reviewer, make_text(other_author, reviewer=reviewer), "approve")
    response = login(author).post("/aviseringar/alla-lasta", follow_redirects=True)
    assert "2 aviseringar är markerade som lästa." in response.text
    assert all(n.read_at for n in notices_of(author))
    assert all(n.read_at is None for n in notices_of(other_author))


@pytest.mark.parametrize("method, path", [("get", "/aviseringar"), ("post", "/aviseringar/1/last"),
                                          ("post", "/aviseringar/alla-lasta"),
                                          ("post", "/aviseringar/installningar")])
def test_every_route_needs_a_login(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


@pytest.mark.parametrize("role", ["skribent", "granskare", "kommunikator", "admin"])
def test_every_role_has_the_page(login, make_user, role):
    assert "Du har inga aviseringar än." in login(make_user(role)).get("/aviseringar").text


@pytest.mark.parametrize("typed", ["inte en adress", "namn@", "namn@exempel", "a b@exempel.se", "x" * 250 + "@a.se"])
def test_a_bad_address_is_refused_in_swedish_and_kept(login, make_user, typed):
    user = make_user("granskare")
    response = login(user).post("/aviseringar/installningar", data={"email": typed, "daily_digest": "y"})
    assert response.status_code == 400
    assert "e-postadress" in response.text.lower() and "Traceback" not in response.text
    assert f'value="{typed}"' in response.text  # nothing typed is lost
    assert db.session.get(NotificationSettings, user.id) is None


def test_choices_are_saved_and_the_digest_is_for_reviewers_only(login, make_user):
    reviewer, writer = make_user("granskare"), make_user("skribent")
    response = login(reviewer).post("/aviseringar/installningar", data={"email": " gunnar@example.org ",
                                                                         "daily_digest": "y"})
    assert response.status_code == 302
    chosen = db.session.get(NotificationSettings, reviewer.id)
    assert (chosen.email, chosen.daily_digest) == ("gunnar@example.org", True)
    page = login(reviewer).get("/aviseringar").text
    assert 'value="gunnar@example.org"' in page and "checked" in page
    login(writer).post("/aviseringar/installningar", data={"email": "", "daily_digest": "y"})
    assert db.session.get(NotificationSettings, writer.id).daily_digest is False
    assert "sammanfattning varje dag" not in login(writer).get("/aviseringar").text


# --- The daily command -------------------------------------------------------------------------

def test_daily_returns_old_claims_and_tells_their_reviewer(app, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    old, fresh = make_text(author, reviewer=reviewer), make_text(author, title="Ny granskning", reviewer=reviewer)
    old.claimed_at = utcnow() - dt.timedelta(days=app.config["CLAIM_DAYS"] + 1)
    db.session.commit()
    result = notifications.run_daily()
    assert result.expired_claims == 1
    db.session.refresh(old)
    db.session.refresh(fresh)
    assert old.state == "vantar" and old.claimed_by_id is None and fresh.state == "under_granskning"
    assert [(n.kind, n.text_id) for n in notices_of(reviewer)] == [("claim_expired", old.id)]


def test_daily_reminds_once_of_a_claim_about_to_end(app, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    text.claimed_at = utcnow() - dt.timedelta(days=app.config["CLAIM_DAYS"] - 1, hours=1)
    db.session.commit()
    assert notifications.run_daily().claim_reminders == 1
    assert notifications.run_daily().claim_reminders == 0
    assert [n.kind for n in notices_of(reviewer)] == ["claim_reminder"]
    assert notifications.notices_for(reviewer)[0].path == f"/granska/{text.id}"


def test_daily_reminds_the_writer_once_of_changes_left_waiting(app, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    waiting, recent = make_text(author, reviewer=reviewer), make_text(author, reviewer=reviewer)
    decide(reviewer, waiting, "changes")
    decide(reviewer, recent, "changes")
    waiting.state_changed_at = utcnow() - dt.timedelta(days=app.config["REMINDER_DAYS"] + 2)
    db.session.commit()
    assert notifications.run_daily().changes_reminders == 1
    assert notifications.run_daily().changes_reminders == 0
    reminders = [n for n in notices_of(author) if n.kind == "changes_reminder"]
    assert [(n.text_id, n.count) for n in reminders] == [(waiting.id, app.config["REMINDER_DAYS"] + 2)]
    assert "för 9 dagar sedan" in notifications.notices_for(author)[0].sentence


def test_the_digest_goes_once_a_day_to_reviewers_who_asked(make_user, make_text):
    author, asked, silent = make_user("skribent"), make_user("granskare"), make_user("granskare")
    notifications.save_settings(asked, "", True)
    assert notifications.run_daily().digests == 0  # nothing waits: no digest
    make_text(author, submit=True)
    make_text(author, submit=True)
    own = make_text(asked, submit=True)  # a reviewer's own text is not theirs to review
    assert own.state == "vantar"
    assert notifications.run_daily().digests == 1
    assert notifications.run_daily().digests == 0  # once a day
    [digest] = notices_of(asked)
    assert (digest.kind, digest.count, digest.text_id) == ("digest", 2, None)
    assert notices_of(silent) == []
    assert notifications.notices_for(asked)[0].sentence == "2 texter väntar på granskning."
    tomorrow = utcnow() + dt.timedelta(days=1)
    assert notifications.run_daily(now=tomorrow).digests == 1


def test_the_command_runs_it_all_and_says_so(app, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    text.claimed_at = utcnow() - dt.timedelta(days=30)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["daily"])
    assert result.exit_code == 0, result.output
    assert "Granskningar som gick ut: 1." in result.output and "Sammanfattningar: 0." in result.output


# --- E-mail ------------------------------------------------------------------------------------

class Sink:
    """aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink(app):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_FROM="klarsprak@kommun.example",
                      PUBLIC_URL="https://klarsprak.kommun.example")
    yield sink
    controller.stop()


def test_a_mail_holds_only_the_masked_title_and_a_link(login, smtp_sink, personal_text):
    author, reviewer, text = personal_text
    notifications.save_settings(author, "sara@kommun.example", False)
    client = login(reviewer)
    response = client.post(f"/granska/{text.id}/beslut", data={
        "vardat": "3", "enkelt": "3", "begripligt": "3", "summary": f"Skriv inte {NAME} i rubriken.",
        "decision": "changes", "minutes": "20"})
    assert response.status_code == 302, response.text
    [(recipients, mail)] = smtp_sink.messages
    assert recipients == ["sara@kommun.example"]
    assert mail["Subject"] == "Klarspråk: Ändringar begärda" and mail["From"] == "klarsprak@kommun.example"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"Texten: {text.revision().review_title}" in body and "[NAMN 1]" in body
    assert f"https://klarsprak.kommun.example/texter/{text.id}" in body
    whole = mail.as_string()
    for original in (NAME, "Tolvan", "Tolvansson", PNR, "1212", "6 450", "rubriken"):
        assert original not in whole  # neither the title, the body nor the reviewer's summary


def test_nobody_without_an_address_gets_mail(smtp_sink, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    decide(reviewer, make_text(author, reviewer=reviewer), "approve")
    assert smtp_sink.messages == [] and len(notices_of(author)) == 1


def test_the_digest_mail_lists_masked_titles(smtp_sink, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(reviewer, "gunnar@kommun.example", True)
    text = services.create_text(author, f"Brev till {NAME}", "brev", "", SECRET_BODY)
    personal_data.mask_all(author, text)
    services.submit(author, text)
    assert notifications.run_daily().digests == 1
    [(recipients, mail)] = smtp_sink.messages
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert recipients == ["gunnar@kommun.example"] and "1 text väntar på granskning." in body
    assert f"– {text.revision().review_title}" in body and "https://klarsprak.kommun.example/granska/" in body
    assert NAME.split()[0] not in mail.as_string() and PNR not in mail.as_string()


def test_a_mail_server_that_is_down_loses_no_notice_and_logs_no_address(app, caplog, monkeypatch, make_user,
                                                                       make_text):
    # The fixture's migrations ran Alembic's fileConfig, which disables loggers that existed before.
    monkeypatch.setattr(notifications.log, "disabled", False)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nothing listens there
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    text = make_text(author, reviewer=reviewer)
    with caplog.at_level(logging.WARNING, logger="klarsprak.review.notifications"):
        decide(reviewer, text, "approve")
    assert db.session.get(Text, text.id).state == "godkand"
    assert [n.kind for n in notices_of(author)] == ["approved"]
    assert "0 of 1 sent" in caplog.text and "sara" not in caplog.text and "Beslut" not in caplog.text


def test_a_long_digest_lists_the_ten_oldest_and_says_how_many_more(smtp_sink, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(reviewer, "gunnar@kommun.example", True)
    for number in range(12):
        make_text(author, title=f"Text nummer {number:02d}", submit=True)
    assert notifications.run_daily().digests == 1
    body = smtp_sink.messages[0][1].get_body(preferencelist=("plain",)).get_content()
    assert "12 texter väntar på granskning." in body
    assert "– Text nummer 00" in body and "– Text nummer 09" in body and "Text nummer 10" not in body
    assert "– och 2 till" in body


def test_a_closed_account_gets_no_notice(make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = make_text(author, reviewer=reviewer)
    author.active = False
    db.session.commit()
    decide(reviewer, text, "approve")
    assert notices_of(author) == []


def test_a_new_version_held_for_the_reviewer_who_asked_is_in_only_their_digest(make_user, make_text):
    author, asker, other = make_user("skribent"), make_user("granskare"), make_user("granskare")
    for reviewer in (asker, other):
        notifications.save_settings(reviewer, "", True)
    text = make_text(author, reviewer=asker)
    decide(asker, text, "changes")
    services.new_version(author, text, "Vi har fått din ansökan. Du får bistånd.", text.lock_version)
    services.submit(author, text)
    make_text(author, title="Ny text för alla", submit=True)
    assert notifications.run_daily().digests == 2
    counts = {n.user_id: n.count for n in db.session.scalars(select(Notification).where(Notification.kind == "digest"))}
    assert counts == {asker.id: 2, other.id: 1}


# --- Mail the server did not take: kept, and sent again by the daily command ---------------------

def mail_of(notice_id: int) -> tuple[str | None, int]:
    db.session.expire_all()
    notice = db.session.get(Notification, notice_id)
    return notice.mail_state, notice.mail_tries


class Busy:
    """A mail server that answers every connection with "421 busy" and hangs up."""

    def __init__(self, port: int) -> None:
        import socketserver
        import threading

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.sendall(b"421 Service not available, try again later\r\n")

        socketserver.TCPServer.allow_reuse_address = True
        self.server = socketserver.TCPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def mail_server(app):
    """The mail server on one port, switched between "down" (nothing listens), "busy" (421 and
    hang up) and "up" (an aiosmtpd sink that keeps what it is given)."""

    class Server:
        def __init__(self) -> None:
            self.port = free_port()
            self.sink = Sink()
            self._running = None
            app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=self.port, SMTP_FROM="klarsprak@kommun.example",
                              PUBLIC_URL="https://klarsprak.kommun.example")

        def set(self, state: str) -> None:
            if self._running is not None:
                self._running.stop()
                self._running = None
            if state == "up":
                self._running = Controller(self.sink, hostname="127.0.0.1", port=self.port)
                self._running.start()
            elif state == "busy":
                self._running = Busy(self.port)

    server = Server()
    yield server
    server.set("down")


@pytest.mark.parametrize("trouble", ["down", "busy"])
def test_a_mail_the_server_did_not_take_is_sent_by_the_next_daily_run(app, mail_server, personal_text, trouble):
    author, reviewer, text = personal_text
    notifications.save_settings(author, "sara@kommun.example", False)
    mail_server.set(trouble)
    decide(reviewer, text, "changes")
    [notice] = notices_of(author)
    assert mail_of(notice.id) == ("pending", 1)  # kept as not sent
    assert notifications.run_daily().mail == notifications.MailRetry(waiting=1)  # still down: waits
    assert mail_of(notice.id) == ("pending", 2)
    mail_server.set("up")
    result = notifications.run_daily()
    assert result.mail == notifications.MailRetry(sent=1)
    assert mail_of(notice.id) == ("sent", 3)
    [(recipients, mail)] = mail_server.sink.messages
    assert recipients == ["sara@kommun.example"] and mail["Subject"] == "Klarspråk: Ändringar begärda"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"Texten: {text.revision().review_title}" in body and f"/texter/{text.id}" in body
    assert NAME not in mail.as_string() and PNR not in mail.as_string()  # still only the masked title
    notifications.run_daily()
    assert len(mail_server.sink.messages) == 1  # sent once, never again


def test_a_mail_taken_at_once_is_not_sent_again(mail_server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    mail_server.set("up")
    decide(reviewer, make_text(author, reviewer=reviewer), "approve")
    [notice] = notices_of(author)
    assert mail_of(notice.id) == ("sent", 1)
    assert notifications.run_daily().mail == notifications.MailRetry()
    assert len(mail_server.sink.messages) == 1


def test_the_tries_are_bounded_and_logged_without_personal_data(app, caplog, monkeypatch, mail_server, make_user,
                                                                 make_text):
    monkeypatch.setattr(notifications.log, "disabled", False)  # see the test above: Alembic's fileConfig
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    decide(reviewer, make_text(author, title="Beslut för Tolvan", reviewer=reviewer), "approve")
    [notice] = notices_of(author)
    with caplog.at_level(logging.INFO, logger="klarsprak.review.notifications"):
        results = [notifications.run_daily().mail for _ in range(notifications.MAIL_TRIES + 1)]
    assert results[:notifications.MAIL_TRIES - 2] == [notifications.MailRetry(waiting=1)] * (notifications.MAIL_TRIES - 2)
    assert results[notifications.MAIL_TRIES - 2] == notifications.MailRetry(failed=1)  # the last try
    assert results[-2:] == [notifications.MailRetry()] * 2  # given up: not tried again
    assert mail_of(notice.id) == ("failed", notifications.MAIL_TRIES)
    assert "0 still waiting, 1 given up" in caplog.text
    assert "sara" not in caplog.text and "kommun.example" not in caplog.text and "Tolvan" not in caplog.text
    mail_server.set("up")
    notifications.run_daily()
    assert mail_server.sink.messages == [] and [n.kind for n in notices_of(author)] == ["approved"]


def test_the_command_says_how_much_mail_went(app, mail_server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    decide(reviewer, make_text(author, reviewer=reviewer), "approve")  # the server is down
    mail_server.set("up")
    result = app.test_cli_runner().invoke(args=["daily"])
    assert result.exit_code == 0, result.output
    assert "Äldre e-post som skickades nu: 1. E-post som väntar på ett nytt försök: 0." in result.output
    assert len(mail_server.sink.messages) == 1


def test_without_smtp_the_command_says_nothing_of_mail(app, make_user):
    assert "e-post" not in app.test_cli_runner().invoke(args=["daily"]).output.lower()


def test_an_address_removed_before_the_retry_gets_no_mail(mail_server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    decide(reviewer, make_text(author, reviewer=reviewer), "approve")
    notifications.save_settings(author, "", False)
    mail_server.set("up")
    assert notifications.run_daily().mail == notifications.MailRetry(dropped=1)
    assert mail_server.sink.messages == []
    assert mail_of(notices_of(author)[0].id) == ("dropped", 1)


def test_a_digest_that_failed_gives_way_to_the_next_days(mail_server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(reviewer, "gunnar@kommun.example", True)
    make_text(author, title="Text som väntar", submit=True)
    assert notifications.run_daily().digests == 1  # the server is down
    mail_server.set("up")
    result = notifications.run_daily(now=utcnow() + dt.timedelta(days=1))
    assert result.digests == 1 and result.mail == notifications.MailRetry(dropped=1)
    [(_recipients, mail)] = mail_server.sink.messages  # one digest, today's
    assert "1 text väntar på granskning." in mail.get_body(preferencelist=("plain",)).get_content()


def test_a_digest_retried_the_same_day_lists_what_waits_now(mail_server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(reviewer, "gunnar@kommun.example", True)
    make_text(author, title="Första texten", submit=True)
    assert notifications.run_daily().digests == 1  # the server is down
    make_text(author, title="Andra texten", submit=True)
    mail_server.set("up")
    assert notifications.run_daily().mail == notifications.MailRetry(sent=1)
    body = mail_server.sink.messages[0][1].get_body(preferencelist=("plain",)).get_content()
    assert "2 texter väntar på granskning." in body and "– Första texten" in body and "– Andra texten" in body


class Choosy(Sink):
    """A sink that refuses one address for good (550), as a server does with a mistyped one."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # aiosmtpd's name
        if address.startswith("finns-inte@"):
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_refused_address_does_not_stop_the_other_mails(app, mail_server, make_user, make_text):
    mail_server.sink = Choosy()
    mail_server.set("up")
    author, kept, refused = make_user("skribent"), make_user("granskare"), make_user("granskare")
    notifications.save_settings(kept, "gunnar@kommun.example", True)
    notifications.save_settings(refused, "finns-inte@kommun.example", True)
    make_text(author, submit=True)
    assert notifications.run_daily().digests == 2  # two mails in one SMTP session
    assert [r for r, _mail in mail_server.sink.messages] == [["gunnar@kommun.example"]]
    states = {n.user_id: (n.mail_state, n.mail_tries) for n in db.session.scalars(select(Notification))}
    assert states == {kept.id: ("sent", 1), refused.id: ("pending", 1)}


def test_a_rolled_back_step_leaves_no_mail_to_retry(app, mail_server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    text = make_text(author, reviewer=reviewer)
    notifications.notify(db.session, author.id, "approved", text)
    db.session.flush()
    db.session.rollback()
    mail_server.set("up")
    assert notifications.unsent_mail() == [] and notifications.run_daily().mail == notifications.MailRetry()
    assert mail_server.sink.messages == []
