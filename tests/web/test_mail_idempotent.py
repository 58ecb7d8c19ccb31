"""Mail is never sent twice: a stable Message-ID per notice, and each try claimed ("sending") before
the send, so a second daily run, a second sender at the same time (even while the first is handing
the mail to the server), or a retry after the server took a mail whose sending could not be
recorded, never makes a new mail (through a local aiosmtpd sink). A claim left by a sender that
died is taken again once it is old, and only once."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import event, select, update
from sqlalchemy.exc import OperationalError
from test_notifications import NAME, PNR, Sink, decide, free_port

from klarsprak.extensions import db
from klarsprak.review import notifications, personal_data, services
from klarsprak.review.models import Notification, Text, User, utcnow

MESSAGE_ID = re.compile(r"<notification-(\d+)\.(\d{14})@kommun\.example>")


class MailServer:
    """An aiosmtpd sink on one port that can be switched off ("down": nothing listens)."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.sink = Sink()
        self._controller: Controller | None = None
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=self.port, SMTP_FROM="Klarspråk <klarsprak@kommun.example>",
                          PUBLIC_URL="https://klarsprak.kommun.example")

    def up(self) -> None:
        if self._controller is None:
            self._controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_ids(self) -> list[str]:
        return [mail["Message-ID"] for _recipients, mail in self.sink.messages]


@pytest.fixture
def server(app):
    mail_server = MailServer(app)
    yield mail_server
    mail_server.down()


def twice_at_once(app, work):
    """Run ``work`` in two threads released together, each in its own app context and session;
    their results (a thread's exception would vanish, so it fails the test here)."""
    start, results, errors = threading.Barrier(2), [], []

    def run() -> None:
        with app.app_context():
            try:
                start.wait()
                results.append(work())
            except Exception as exc:
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def state_of(notice_id: int) -> tuple[str | None, int]:
    db.session.expire_all()
    notice = db.session.get(Notification, notice_id)
    return notice.mail_state, notice.mail_tries


def the_notice(user) -> Notification:
    [notice] = db.session.scalars(select(Notification).where(Notification.user_id == user.id))
    return notice


def fail_recording_the_sends():
    """Make the database refuse the UPDATE that records a send, as when it goes away (or the
    process dies) between the SMTP server taking the mail and the commit. Returns the undo."""
    engine = db.engine

    def refuse(_connection, _cursor, statement, _parameters, _context, _executemany):
        # The claim before the send also sets mail_state, and is the one that stamps the claim.
        setting = statement.partition(" WHERE ")[0]
        if setting.startswith("UPDATE notifications SET mail_state") and "mail_claimed_at" not in setting:
            raise OperationalError(statement, {}, Exception("the database went away"))

    event.listen(engine, "before_cursor_execute", refuse)
    return lambda: event.remove(engine, "before_cursor_execute", refuse)


def age_the_claim(notice_id: int, minutes: int) -> None:
    """Move the claim of ``notice_id`` back ``minutes``, as if its sender had claimed it then."""
    db.session.execute(update(Notification).where(Notification.id == notice_id).values(
        mail_claimed_at=utcnow() - dt.timedelta(minutes=minutes)))
    db.session.commit()


def inside_the_send_of(app, monkeypatch, first, second) -> dict:
    """Run ``first`` and ``second`` at once (:func:`twice_at_once`): ``second`` starts only once
    ``first`` has claimed its mail and is handing it to the SMTP server, and ``first``'s send
    waits until ``second`` is done. That is the window in which both could send the same mail.
    Their results by name: {"first": ..., "second": ...}."""
    claimed, second_done, lock = threading.Event(), threading.Event(), threading.Lock()
    roles: dict[int, str] = {}
    real_send = notifications.send_mail

    def held_send(smtp, messages):
        if roles.get(threading.get_ident()) == "first":
            claimed.set()
            second_done.wait(timeout=30)  # a bound in case of a bug, not a timing assertion
        return real_send(smtp, messages)

    monkeypatch.setattr(notifications, "send_mail", held_send)

    def work():
        with lock:
            role = "second" if "first" in roles.values() else "first"
            roles[threading.get_ident()] = role
        if role == "first":
            return role, first()
        claimed.wait(timeout=30)
        try:
            return role, second()
        finally:
            second_done.set()

    results = dict(twice_at_once(app, work))
    assert claimed.is_set(), "the first sender never reached the SMTP server"
    return results


def test_a_daily_run_during_the_steps_own_send_leaves_the_mail_to_it(app, monkeypatch, server, make_user,
                                                                     make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    reviewer_id, text_id = reviewer.id, make_text(author, reviewer=reviewer).id
    server.up()

    def step():  # the reviewer approves: the mail goes after the commit, from this request
        return decide(db.session.get(User, reviewer_id), db.session.get(Text, text_id), "approve")

    results = inside_the_send_of(app, monkeypatch, step, notifications.run_daily)
    assert len(server.sink.messages) == 1
    assert results["second"].mail == notifications.MailRetry()  # the mail being sent is not listed
    assert state_of(the_notice(author).id) == ("sent", 1)
    assert notifications.run_daily().mail == notifications.MailRetry()
    assert len(server.sink.messages) == 1


def three_unsent_mails(server, make_user, make_text) -> list:
    """Three approvals decided while the mail server was down, then the server back up."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    for number in range(3):
        decide(reviewer, make_text(author, title=f"Text {number}", reviewer=reviewer), "approve")
    unsent = notifications.unsent_mail()
    assert len(unsent) == 3
    server.up()
    return unsent


def test_a_retry_during_another_runs_send_leaves_the_mails_to_it(app, monkeypatch, server, make_user, make_text):
    unsent = three_unsent_mails(server, make_user, make_text)
    results = inside_the_send_of(app, monkeypatch, lambda: notifications.retry_mail(unsent),
                                 lambda: notifications.retry_mail(unsent))
    assert len(server.sink.messages) == 3 and len(set(server.message_ids())) == 3
    assert results["first"] == notifications.MailRetry(sent=3)
    assert results["second"] == notifications.MailRetry(elsewhere=3)
    assert {state_of(notice_id) for notice_id in unsent} == {("sent", 2)}


def test_a_claim_left_by_a_sender_that_died_is_retried_once(app, server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    decide(reviewer, make_text(author, reviewer=reviewer), "approve")  # the server is down: tries 1
    notice_id = the_notice(author).id
    server.up()
    # A run claimed the second try and died before the send (or before recording it).
    assert notifications._claim_tries(db.engine, [(notice_id, 1)], utcnow()) == {notice_id}
    assert state_of(notice_id) == ("sending", 2)
    age_the_claim(notice_id, minutes=1)  # a young claim: its sender may still be sending
    assert notifications.unsent_mail() == []
    assert notifications.run_daily().mail == notifications.MailRetry() and server.sink.messages == []
    age_the_claim(notice_id, minutes=11)  # older than MAIL_CLAIM_STALE: its sender is gone
    assert notifications.unsent_mail() == [notice_id]
    results = twice_at_once(app, lambda: notifications.retry_mail([notice_id]))  # two runs take it at once
    assert sorted(r.sent for r in results) == [0, 1]
    [mail_id] = server.message_ids()
    assert int(MESSAGE_ID.fullmatch(mail_id).group(1)) == notice_id
    assert state_of(notice_id) == ("sent", 3)
    assert notifications.run_daily().mail == notifications.MailRetry()
    assert len(server.sink.messages) == 1


def test_a_dead_senders_last_try_is_given_up(server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    decide(reviewer, make_text(author, reviewer=reviewer), "approve")  # the server is down
    notice_id = the_notice(author).id
    db.session.execute(update(Notification).where(Notification.id == notice_id).values(
        mail_tries=notifications.MAIL_TRIES - 1))
    db.session.commit()
    assert notifications._claim_tries(db.engine, [(notice_id, notifications.MAIL_TRIES - 1)], utcnow()) \
        == {notice_id}
    age_the_claim(notice_id, minutes=11)
    server.up()
    assert notifications.run_daily().mail == notifications.MailRetry(failed=1)
    assert server.sink.messages == [] and state_of(notice_id) == ("failed", notifications.MAIL_TRIES)


def test_the_daily_command_run_twice_sends_each_mail_once(app, server, make_user, make_text):
    author, reviewer, other = make_user("skribent"), make_user("granskare"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    notifications.save_settings(other, "gunnar@kommun.example", True)
    decide(reviewer, make_text(author, reviewer=reviewer), "approve")  # the server is down: kept
    make_text(author, title="Text som väntar", submit=True)
    server.up()
    runner = app.test_cli_runner()
    for _run in range(2):
        result = runner.invoke(args=["daily"])
        assert result.exit_code == 0, result.output
    subjects = sorted(mail["Subject"] for _recipients, mail in server.sink.messages)
    assert subjects == ["Klarspråk: Texten är godkänd", "Klarspråk: Texter som väntar på granskning"]
    ids = server.message_ids()
    assert len(set(ids)) == 2 and all(MESSAGE_ID.fullmatch(value) for value in ids)
    states = {n.kind: (n.mail_state, n.mail_tries) for n in db.session.scalars(select(Notification))}
    assert states == {"approved": ("sent", 2), "digest": ("sent", 1)}


def test_the_message_id_is_the_notice_and_holds_no_personal_data(server, make_user):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "tolvan.tolvansson@kommun.example", False)
    text = services.create_text(author, f"Beslut för {NAME} {PNR}", "beslut", "Den som har sökt",
                                f"Vi har tagit emot ansökan från {NAME}, {PNR}.")
    personal_data.mask_all(author, text)
    services.submit(author, text)
    services.claim(reviewer, text)
    server.up()
    decide(reviewer, text, "changes")
    [value] = server.message_ids()
    notice = the_notice(author)
    match = MESSAGE_ID.fullmatch(value)
    assert match and int(match.group(1)) == notice.id
    # The same value made afresh from the stored notice: what every retry sends.
    assert value == notifications.message_id(notice.id, notice.created_at, "kommun.example")
    for personal in ("Tolvan", "tolvan", "Tolvansson", "19121212", "1212", "sara", "Beslut"):
        assert personal not in value


def test_a_send_that_could_not_be_recorded_is_retried_with_the_same_message_id(app, server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    server.up()
    undo = fail_recording_the_sends()
    try:
        decide(reviewer, make_text(author, reviewer=reviewer), "approve")
    finally:
        undo()
    notice = the_notice(author)
    assert len(server.sink.messages) == 1 and state_of(notice.id) == ("sending", 1)  # taken, not recorded
    assert notifications.run_daily().mail == notifications.MailRetry()  # its sender may still record it
    age_the_claim(notice.id, minutes=11)
    assert notifications.run_daily().mail == notifications.MailRetry(sent=1)
    first, again = server.message_ids()
    assert first == again and MESSAGE_ID.fullmatch(first)  # the receiver sees a copy, not a new mail
    assert state_of(notice.id) == ("sent", 2)
    notifications.run_daily()
    assert len(server.sink.messages) == 2  # recorded now: never sent again


def test_a_retry_that_could_not_be_recorded_is_retried_with_the_same_message_id(server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    decide(reviewer, make_text(author, reviewer=reviewer), "approve")  # the server is down
    notice = the_notice(author)
    server.up()
    undo = fail_recording_the_sends()
    try:
        assert notifications.run_daily().mail == notifications.MailRetry(waiting=1)
    finally:
        undo()
    assert state_of(notice.id) == ("sending", 2)
    age_the_claim(notice.id, minutes=11)
    assert notifications.run_daily().mail == notifications.MailRetry(sent=1)
    first, again = server.message_ids()
    assert first == again and int(MESSAGE_ID.fullmatch(first).group(1)) == notice.id


def test_a_try_another_process_took_is_left_to_it(server, make_user, make_text):
    author, reviewer = make_user("skribent"), make_user("granskare")
    notifications.save_settings(author, "sara@kommun.example", False)
    decide(reviewer, make_text(author, reviewer=reviewer), "approve")  # the server is down
    notice = the_notice(author)
    server.up()
    # Another daily run took the next try (and is sending it) after this one listed the mail.
    assert notifications._claim_tries(db.engine, [(notice.id, 1)], utcnow()) == {notice.id}
    result = notifications.retry_mail([notice.id])
    assert result == notifications.MailRetry(elsewhere=1) and server.sink.messages == []
    assert "en annan körning skickade samtidigt: 1" in notifications._describe_mail(result)
    assert state_of(notice.id) == ("sending", 2)
    # Nor can a second claim take it while that one is fresh, whatever count it saw.
    assert notifications._claim_tries(db.engine, [(notice.id, 2)], utcnow()) == set()


def test_two_daily_runs_at_once_send_each_mail_once(app, server, make_user, make_text):
    unsent = three_unsent_mails(server, make_user, make_text)
    results = twice_at_once(app, lambda: notifications.retry_mail(unsent))
    assert sorted(server.message_ids()) == sorted(set(server.message_ids())) and len(server.sink.messages) == 3
    assert sum(r.sent for r in results) == 3  # the other run found them sent, or their tries taken
    assert {state_of(notice_id) for notice_id in unsent} == {("sent", 2)}


@pytest.mark.parametrize(("sender", "public_url", "domain"), [
    ("klarsprak@kommun.example", "", "kommun.example"),
    ("Klarspråk <Klarsprak@Kommun.Example>", "", "kommun.example"),
    ("klarsprak", "https://klarsprak.kommun.example/", "klarsprak.kommun.example"),
    ("", "", "localhost"),
])
def test_the_message_id_domain_is_the_senders(sender, public_url, domain):
    smtp = notifications.SmtpSettings("127.0.0.1", 25, sender, "", "", "", public_url)
    assert smtp.domain == domain
    made = dt.datetime(2026, 12, 3, 6, 15, 0, 123456)
    assert notifications.message_id(7, made, smtp.domain) == f"<notification-7.20261203061500@{domain}>"
    aware = made.replace(tzinfo=dt.timezone(dt.timedelta(hours=1))) + dt.timedelta(hours=1)
    assert notifications.message_id(7, aware, smtp.domain) == f"<notification-7.20261203061500@{domain}>"


def test_two_daily_commands_at_once_make_one_digest_and_one_mail(app, server, make_user, make_text):
    author, reader = make_user("skribent"), make_user("granskare")
    notifications.save_settings(reader, "gunnar@kommun.example", True)
    make_text(author, title="Text som väntar", submit=True)
    server.up()
    results = twice_at_once(app, notifications.run_daily)  # as two hosts' cron lines in the same minute
    assert sorted(result.digests for result in results) == [0, 1]  # the second found today's made
    assert [n.kind for n in db.session.scalars(select(Notification))] == ["digest"]
    assert len(server.sink.messages) == 1
