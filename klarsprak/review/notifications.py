"""Notifications (aviseringar): who hears of what in the review, in the app and by e-mail.

The workflow services do not call this module: they write audit events, and a session hook
(as in :mod:`klarsprak.review.reporting`) turns the new events into notices in the same
transaction, so a refused action notifies nobody. Changes requested and approval reach the
writer, a new version the reviewer who asked for it, an expired claim its reviewer. The
time-driven notices (reminders, the reviewers' daily digest) come from :func:`run_daily`,
which ``flask --app klarsprak daily`` runs.

A notice holds ids, a kind and a count. What a person reads is made when it is shown or mailed,
with the text's masked title from the reviewers' projection: never an original, not even for
the author, because e-mail leaves our systems. E-mail is sent after the commit, through
``smtplib`` when ``SMTP_HOST`` is set. A notice with a mail is stored as ``mail_state``
"pending" in the step's own transaction and becomes "sent" once the server took it; a mail the
server did not take (down, timed out, refused) stays pending and :func:`run_daily` tries it again,
at most :data:`MAIL_TRIES` times in all. The log says how many, never an address or a title.

Mail is never sent twice. Each try is claimed before the send, by a conditional UPDATE in a
transaction of its own that makes the row "sending" with the time of the claim, and only a
"pending" row can be claimed: so of two senders at once (the step's commit and a daily run, or
two daily runs) exactly one sends it, and nobody claims a mail another process is sending. The
outcome ("sent" once the server took it, else "pending" again) is recorded for that claim only.
A claim older than :func:`mail_claim_stale` is a sender that died, and the next run takes it
again. Each mail carries a ``Message-ID`` made from the notice (:func:`message_id`): if the
server took a mail but recording that failed (the database went away, the process died), the
later send has the same Message-ID and the receiving server or mail reader sees a copy of a mail
it has, not a new one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import re
import smtplib
import ssl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import and_, case, event, exists, func, inspect, or_, select, update
from sqlalchemy import text as sql
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.errors import WorkflowError
from klarsprak.review.models import (
    AuditEvent,
    Notification,
    NotificationSettings,
    Review,
    Revision,
    Role,
    Text,
    User,
    utcnow,
)
from klarsprak.review.reporting import unsent_title_for
from klarsprak.review.states import TextState
from klarsprak.review.views import unsent_title

log = logging.getLogger(__name__)

MAX_EMAIL = 254
PAGE_LIMIT = 100  # the newest notices on the page; older ones stay stored
DIGEST_TITLES = 10  # masked titles listed in a digest mail
_PENDING_MAIL = "klarsprak_pending_notification_mail"  # session.info key: mails to send at commit
# Tries per mail: the send after the step, then once per run of the daily command. Bounded, so a
# mail the server refuses for good (a mistyped address) stops being tried after a few days.
MAIL_TRIES = 5
# A claimed mail ("sending") whose sender has not recorded the outcome after this long is taken
# to be the claim of a process that died, and may be claimed again. Far longer than a send takes
# (one SMTP session, 10 s timeouts; 1,000 mails in under 2 s to a local server). The default of
# the MAIL_CLAIM_TIMEOUT setting (minutes), which mail_claim_stale() reads.
MAIL_CLAIM_STALE = dt.timedelta(minutes=10)


def mail_claim_stale() -> dt.timedelta:
    """How old a "sending" claim is when its sender counts as dead: ``MAIL_CLAIM_TIMEOUT`` minutes
    (config.py checks the value), or :data:`MAIL_CLAIM_STALE` outside an app."""
    if not has_app_context():
        return MAIL_CLAIM_STALE
    minutes = current_app.config.get("MAIL_CLAIM_TIMEOUT", MAIL_CLAIM_STALE.seconds // 60)
    return dt.timedelta(minutes=int(minutes))

# What each kind of notice says, in plain Swedish (the heading, and the sentence).
KIND_LABELS: dict[str, str] = {
    "changes_requested": "Ändringar begärda",
    "approved": "Texten är godkänd",
    "new_version": "Ny version att granska",
    "claim_reminder": "Din granskning går snart ut",
    "claim_expired": "Din granskning gick ut",
    "changes_reminder": "Påminnelse: texten väntar på dina ändringar",
    "digest": "Texter som väntar på granskning",
}


def _sentence(kind: str, count: int) -> str:
    if kind == "changes_requested":
        return "Granskaren vill att du ändrar texten. Läs kommentarerna och skriv en ny version."
    if kind == "approved":
        return "Granskaren har godkänt texten."
    if kind == "new_version":
        return "Skribenten har skickat en ny version av en text som du bad om ändringar i."
    if kind == "claim_reminder":
        return "Du granskar den här texten. I morgon går den tillbaka till listan om du inte har granskat klart."
    if kind == "claim_expired":
        return "Du hann inte granska klart. Texten är tillbaka i listan Att granska."
    if kind == "changes_reminder":
        return f"Granskaren bad om ändringar för {count} dagar sedan. Texten väntar på en ny version."
    return f"{count} {'text väntar' if count == 1 else 'texter väntar'} på granskning."


# Where each notice leads: the writer to the text, a reviewer to the reading view or the queue.
_TARGETS: dict[str, str] = {
    "changes_requested": "texts.show", "approved": "texts.show", "changes_reminder": "texts.show",
    "claim_reminder": "review.read", "new_version": "review.queue", "claim_expired": "review.queue",
    "digest": "review.queue",
}


def masked_title(text: Text | None) -> str:
    """The title as reviewers see it: the projection of the newest version sent, or the kind and
    number of a text never sent. The same for every reader, the author included."""
    if text is None:
        return ""
    shared = text.shared_revision()
    return (shared.review_title if shared is not None else None) or unsent_title(text)


def target_path(kind: str, text_id: int | None) -> str:
    """The page a notice leads to (a path, no host)."""
    endpoint = _TARGETS[kind]
    values = {"text_id": text_id} if endpoint != "review.queue" else {}
    # The URL map, not url_for: the daily command runs with no request and no SERVER_NAME.
    return current_app.url_map.bind("localhost").build(endpoint, values)


@dataclass(frozen=True)
class Notice:
    """A notice as its reader sees it."""

    id: int
    kind: str
    heading: str
    sentence: str
    title: str
    path: str
    created_at: dt.datetime
    read: bool


def _shared_title():
    """The masked title of a text's newest version sent, as a correlated subquery: loading each
    text's versions would read every body (up to 100,000 characters each) to show one title."""
    return (select(Revision.review_title).where(Revision.text_id == Text.id, Revision.review_body.is_not(None))
            .order_by(Revision.number.desc()).limit(1).correlate(Text).scalar_subquery())


def notices_for(user: User, limit: int = PAGE_LIMIT) -> list[Notice]:
    """``user``'s own notices, newest first, each with its text's masked title as it is now."""
    rows = db.session.execute(
        select(Notification, Text.kind, _shared_title()).outerjoin(Text, Text.id == Notification.text_id)
        .where(Notification.user_id == user.id).order_by(Notification.id.desc()).limit(limit)
    ).all()
    notices = []
    for notice, kind, title in rows:
        if notice.text_id is not None and not title:
            title = unsent_title_for(kind, notice.text_id)
        notices.append(Notice(notice.id, notice.kind, KIND_LABELS[notice.kind], _sentence(notice.kind, notice.count),
                              title or "", target_path(notice.kind, notice.text_id), notice.created_at,
                              notice.read_at is not None))
    return notices


def unread_count(user: User) -> int:
    """How many of ``user``'s notices are unread (the count in the menu)."""
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_read(user: User, notification_id: int) -> bool:
    """Mark one of ``user``'s notices read; False when it is not theirs (or does not exist)."""
    result = db.session.execute(update(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False))
    mine = result.rowcount == 1 or db.session.scalar(select(exists().where(
        Notification.id == notification_id, Notification.user_id == user.id)))
    db.session.commit()
    return bool(mine)


def mark_all_read(user: User) -> int:
    """Mark every unread notice of ``user`` read; how many."""
    result = db.session.execute(update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount


def settings_for(user: User) -> NotificationSettings:
    """``user``'s choices (defaults, unsaved, when they never chose)."""
    return db.session.get(NotificationSettings, user.id) or NotificationSettings(
        user_id=user.id, email="", daily_digest=False)


def check_email(value: str) -> str:
    """An e-mail address, trimmed, or "" for none; a Swedish error when it is not one."""
    value = value.strip()
    if not value:
        return ""
    message = f"”{value[:60]}” ser inte ut som en e-postadress. Skriv den som namn@exempel.se."
    if len(value) > MAX_EMAIL:
        raise WorkflowError(f"E-postadressen får vara högst {MAX_EMAIL} tecken.", 400)
    try:
        address = Address(addr_spec=value)
    except (ValueError, IndexError):
        raise WorkflowError(message, 400) from None
    if not address.username or "." not in address.domain or any(c.isspace() for c in value):
        raise WorkflowError(message, 400)
    return value


def save_settings(user: User, email: str, daily_digest: bool) -> NotificationSettings:
    """Store ``user``'s address and digest choice; only reviewers get a digest."""
    email = check_email(email)
    chosen = db.session.get(NotificationSettings, user.id) or NotificationSettings(user_id=user.id)
    chosen.email = email
    chosen.daily_digest = bool(daily_digest) and user.role_enum == Role.REVIEWER
    db.session.add(chosen)
    db.session.commit()
    return chosen


# --- Notices from the audit log ---------------------------------------------------------------

TRIGGERS = ("request_changes", "approve", "submit", "claim_expired")


def _recipients(session: Session, audit_event: AuditEvent, text: Text) -> list[tuple[int, str]]:
    """(user id, kind) of everyone an audit event concerns."""
    action = audit_event.action
    if action == "request_changes":
        return [(text.author_id, "changes_requested")]
    if action == "approve":
        return [(text.author_id, "approved")]
    if action == "claim_expired":
        reviewer = audit_event.detail.get("reviewer_id")
        return [(int(reviewer), "claim_expired")] if reviewer else []
    # A submit of version 2 or later: the reviewer who last asked for changes hears it is back.
    version = audit_event.revision_number or 1
    if version < 2:
        return []
    asked = session.scalar(select(Review.reviewer_id).where(
        Review.text_id == text.id, Review.decision == "changes", Review.revision_number < version)
        .order_by(Review.id.desc()).limit(1))
    return [(asked, "new_version")] if asked else []


@event.listens_for(Session, "before_flush")
def _notify_from_the_audit_log(session: Session, _context, _instances) -> None:
    """Each new audit event of :data:`TRIGGERS` becomes notices in the same transaction."""
    events = [e for e in session.new if isinstance(e, AuditEvent) and e.text_id and e.action in TRIGGERS]
    if not events:
        return
    with session.no_autoflush:
        for audit_event in events:
            text = session.get(Text, audit_event.text_id)
            if text is None:
                continue
            for user_id, kind in _recipients(session, audit_event, text):
                if user_id != audit_event.user_id:  # nobody is told of their own step
                    notify(session, user_id, kind, text, at=audit_event.at)


def notify(session: Session, user_id: int, kind: str, text: Text | None = None, *, count: int = 0,
           titles: Iterable[str] = (), at: dt.datetime | None = None) -> Notification | None:
    """Add a notice for ``user_id`` to ``session`` and, when SMTP is set and the person gave an
    address, a mail to send once the transaction commits. None for a closed account."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    notice = Notification(user_id=user_id, text_id=text.id if text else None,
                          revision_number=text.current_version if text else None, kind=kind, count=count,
                          created_at=at or utcnow())
    session.add(notice)
    smtp = _smtp_settings()
    if smtp is not None:
        chosen = session.get(NotificationSettings, user_id)
        if chosen is not None and chosen.email:
            notice.mail_state = "pending"  # until the server has taken it: then "sent"
            message = _message(smtp, chosen.email, kind, count, masked_title(text) if text else "", list(titles),
                               target_path(kind, text.id if text else None))
            # The id comes with the flush; the Message-ID is set at the send, after the commit.
            session.info.setdefault(_PENDING_MAIL, []).append((smtp, notice, notice.created_at, message))
    return notice


# --- E-mail -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    tls: str  # "starttls", "ssl" or ""
    user: str
    password: str
    public_url: str

    @property
    def domain(self) -> str:
        """The right-hand side of our Message-IDs: the domain of ``SMTP_FROM`` (else of
        ``PUBLIC_URL``), the domain the mails come from, as RFC 5322 advises."""
        address = parseaddr(self.sender)[1]
        for candidate in (address.rpartition("@")[2] if "@" in address else "",
                          urlsplit(self.public_url).hostname or ""):
            cleaned = re.sub(r"[^A-Za-z0-9.-]", "", candidate).strip(".-")
            if cleaned:
                return cleaned.lower()
        return "localhost"


def _smtp_settings() -> SmtpSettings | None:
    if not has_app_context() or not current_app.config.get("SMTP_HOST"):
        return None
    config = current_app.config
    public_url = config.get("PUBLIC_URL") or (request.host_url.rstrip("/") if has_request_context() else "")
    return SmtpSettings(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25),
                        config.get("SMTP_FROM") or "klarsprak@localhost", config.get("SMTP_TLS") or "",
                        config.get("SMTP_USER") or "", config.get("SMTP_PASSWORD") or "", public_url)


def message_id(notice_id: int, created_at: dt.datetime, domain: str) -> str:
    """The Message-ID of a notice's mail, the same at every try: ``<notification-ID.STAMP@domain>``.

    Only the notice's id and the second it was made (UTC), never a name, an address or a title.
    The stamp keeps two notices apart that got the same id in different lives of the database
    (a restore from an older backup), which a receiving server would otherwise take as copies."""
    if created_at.tzinfo is not None:
        created_at = created_at.astimezone(dt.UTC).replace(tzinfo=None)
    return f"<notification-{notice_id}.{created_at:%Y%m%d%H%M%S}@{domain}>"


def _message(smtp: SmtpSettings, to: str, kind: str, count: int, title: str, titles: list[str],
             path: str) -> EmailMessage:
    """A plain-text mail: the kind, one sentence, the masked title(s) and a link. Nothing else."""
    message = EmailMessage()
    message["Subject"] = f"Klarspråk: {KIND_LABELS[kind]}"
    message["From"] = smtp.sender
    message["To"] = to
    lines = ["Hej!", "", _sentence(kind, count), ""]
    if title:
        lines += [f"Texten: {title}", ""]
    if titles:
        shown = titles[:DIGEST_TITLES]
        more = count - len(shown)
        lines += [*(f"– {t}" for t in shown), *([f"– och {more} till"] if more > 0 else []), ""]
    lines += [f"Öppna Klarspråk: {smtp.public_url}{path}", "",
              "Du får det här brevet för att du har skrivit din e-postadress under Aviseringar i Klarspråk."]
    message.set_content("\n".join(lines))
    return message


def send_mail(smtp: SmtpSettings, messages: list[EmailMessage]) -> list[bool]:
    """Send ``messages`` in one SMTP session; for each, whether the server took it. A mail the
    server refuses does not stop the others; a lost connection stops the rest. Failures are
    logged by their kind only (no address, no title)."""
    taken = [False] * len(messages)
    failures: list[str] = []
    try:
        connection = (smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=10, context=ssl.create_default_context())
                      if smtp.tls == "ssl" else smtplib.SMTP(smtp.host, smtp.port, timeout=10))
        with connection:
            if smtp.tls == "starttls":
                connection.starttls(context=ssl.create_default_context())
            if smtp.user:
                connection.login(smtp.user, smtp.password)
            for index, message in enumerate(messages):
                try:
                    connection.send_message(message)
                    taken[index] = True
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                    failures.append(type(exc).__name__)  # this mail only: the session goes on
    except (OSError, smtplib.SMTPException) as exc:
        failures.append(type(exc).__name__)
    if failures:
        log.warning("notification mail: %d of %d sent (%s)", sum(taken), len(messages),
                    ", ".join(sorted(set(failures))))
    return taken


def _own_transaction(bind: Engine | Connection):
    """A transaction of its own for the mail's bookkeeping: the step's has ended (a connection
    that tests hold open gets a savepoint)."""
    return bind.begin() if isinstance(bind, Engine) else bind.begin_nested()


def _claimable(stale_before: dt.datetime):
    """The mails a sender may claim: waiting ("pending"), or claimed by a sender that has not
    finished since ``stale_before`` and so died ("sending", an old claim)."""
    return or_(Notification.mail_state == "pending",
               and_(Notification.mail_state == "sending", Notification.mail_claimed_at < stale_before))


def _claim_tries(bind: Engine | Connection, seen: list[tuple[int, int]], claimed_at: dt.datetime) -> set[int] | None:
    """Take the next try of each (notice id, tries seen) that may be claimed, committed before
    the send: the row becomes "sending", stamped ``claimed_at``.

    The UPDATE holds only while the row is still claimable and its count is the one seen, so when
    two processes want to send the same mail, one takes the try and the other leaves it; and a
    mail another process is sending right now ("sending", a fresh claim) is never taken. A claim
    older than :func:`mail_claim_stale` is a sender that died: it may be taken again. A try taken
    counts even if the process dies before the send: the tries stay bounded. If the database
    cannot be written, nothing is taken and nothing sent (None): the mails wait, since a send
    that could not be counted could not be bounded either."""
    taken: set[int] = set()
    stale_before = claimed_at - mail_claim_stale()
    try:
        with _own_transaction(bind) as connection:
            for notice_id, tries in seen:
                if tries >= MAIL_TRIES:
                    continue  # a dead sender's last try: retry_mail gives it up
                result = connection.execute(update(Notification).where(
                    Notification.id == notice_id, Notification.mail_tries == tries, _claimable(stale_before))
                    .values(mail_state="sending", mail_claimed_at=claimed_at, mail_tries=tries + 1))
                if result.rowcount == 1:
                    taken.add(notice_id)
    except SQLAlchemyError as exc:
        log.warning("notification mail: could not take %d tries (%s)", len(seen), type(exc).__name__)
        return None
    return taken


def _record_outcomes(bind: Engine | Connection, outcomes: list[tuple[int, bool]], claimed_at: dt.datetime) -> None:
    """Store how each try claimed at ``claimed_at`` went: "sent" once the server took the mail,
    else "pending" again, or "failed" after the last of :data:`MAIL_TRIES`. Only rows still
    under this claim change: a claim that went stale and was taken again belongs to its new
    sender."""
    sent = [notice_id for notice_id, ok in outcomes if ok]
    unsent = [notice_id for notice_id, ok in outcomes if not ok]
    ours = (Notification.mail_state == "sending", Notification.mail_claimed_at == claimed_at)
    statements = []
    if sent:
        statements.append(update(Notification).where(Notification.id.in_(sent), *ours).values(mail_state="sent"))
    if unsent:
        statements.append(update(Notification).where(Notification.id.in_(unsent), *ours)
                          .values(mail_state=case((Notification.mail_tries >= MAIL_TRIES, "failed"), else_="pending")))
    if not statements:
        return
    try:
        with _own_transaction(bind) as connection:
            for statement in statements:
                connection.execute(statement)
    except SQLAlchemyError as exc:
        # The mails stay "sending"; once the claim is stale a later run sends them again, with
        # the same Message-ID, so the receiver sees a copy of a mail it has. None is lost.
        log.warning("notification mail: could not record %d sends (%s)", len(outcomes), type(exc).__name__)


def _send_claimed(bind: Engine | Connection, smtp: SmtpSettings,
                  mails: list[tuple[int, int, dt.datetime, EmailMessage]]) -> dict[int, bool] | None:
    """Claim a try of each (notice id, tries seen, created at, message), send those claimed with
    their Message-ID, and record the outcome: notice id -> taken by the server, for the tries this
    process took; None when the database could not be written (nothing was sent)."""
    claimed_at = utcnow()
    claimed = _claim_tries(bind, [(notice_id, tries) for notice_id, tries, _at, _m in mails], claimed_at)
    if claimed is None:
        return None
    to_send = [(notice_id, created_at, message) for notice_id, _tries, created_at, message in mails
               if notice_id in claimed]
    for notice_id, created_at, message in to_send:
        del message["Message-ID"]
        message["Message-ID"] = message_id(notice_id, created_at, smtp.domain)
    taken = send_mail(smtp, [message for _id, _at, message in to_send])
    outcomes = [(notice_id, ok) for (notice_id, _at, _m), ok in zip(to_send, taken, strict=True)]
    _record_outcomes(bind, outcomes, claimed_at)
    return dict(outcomes)


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING_MAIL, [])
    if not pending:
        return
    by_server: dict[SmtpSettings, list[tuple[int, int, dt.datetime, EmailMessage]]] = {}
    for smtp, notice, created_at, message in pending:
        # The identity survives the commit's expiry, so reading it needs no query; a new notice
        # has had no try yet.
        by_server.setdefault(smtp, []).append((inspect(notice).identity[0], 0, created_at, message))
    for smtp, mails in by_server.items():
        _send_claimed(session.get_bind(), smtp, mails)


@event.listens_for(Session, "after_soft_rollback")
def _forget_mail_of_a_rollback(session: Session, _previous_transaction) -> None:
    session.info.pop(_PENDING_MAIL, None)  # the notices were rolled back: so are their mails


@dataclass(frozen=True)
class MailRetry:
    """What one retry of the unsent mail did (counts only)."""

    sent: int = 0
    waiting: int = 0  # not taken again; tried again at the next run
    failed: int = 0  # not taken at the last try: given up
    dropped: int = 0  # no longer wanted: no address, a closed account, a newer digest, nothing waiting
    elsewhere: int = 0  # being sent at the same time by another process, which took the try


def unsent_mail() -> list[int]:
    """Ids of the notices whose mail is still to be sent, oldest first: waiting, or claimed by a
    sender that died (a claim older than :func:`mail_claim_stale`)."""
    return list(db.session.scalars(select(Notification.id).where(_claimable(utcnow() - mail_claim_stale()))
                                   .order_by(Notification.id)))


def retry_mail(notice_ids: Iterable[int], now: dt.datetime | None = None) -> MailRetry:
    """Try again to send the mail of ``notice_ids`` (still waiting, or left by a sender that
    died), made afresh from the notice as :func:`notify` makes it: the person's address now, the
    masked title now, and for a digest what waits now (a digest with a newer one after it is not
    sent). A mail another process is sending is left to it. Nothing happens while SMTP is not
    set: the mails wait."""
    smtp = _smtp_settings()
    ids = list(notice_ids)
    if smtp is None or not ids:
        return MailRetry()
    now = now or utcnow()
    stale_before = utcnow() - mail_claim_stale()  # the real clock: claims are stamped with it
    notices = db.session.scalars(select(Notification).where(
        Notification.id.in_(ids), _claimable(stale_before)).order_by(Notification.id)).all()
    # Claimed since they were listed (the step's own send, or another run): being sent elsewhere.
    elsewhere = 0 if len(notices) == len(ids) else db.session.scalar(
        select(func.count()).select_from(Notification).where(
            Notification.id.in_(ids), Notification.mail_state == "sending",
            Notification.mail_claimed_at >= stale_before)) or 0
    held: dict[int, int] | None = None
    mails: list[tuple[int, int, dt.datetime, EmailMessage]] = []
    ended: dict[str, list[tuple[int, int]]] = {"dropped": [], "failed": []}
    for notice in notices:
        if notice.mail_tries >= MAIL_TRIES:  # a dead sender had taken the last try
            ended["failed"].append((notice.id, notice.mail_tries))
            continue
        user = db.session.get(User, notice.user_id)
        chosen = db.session.get(NotificationSettings, notice.user_id)
        text = db.session.get(Text, notice.text_id) if notice.text_id is not None else None
        count, titles = notice.count, []
        if notice.kind == "digest" and user is not None:
            newer = db.session.scalar(select(exists().where(
                Notification.user_id == notice.user_id, Notification.kind == "digest", Notification.id > notice.id)))
            if held is None:
                held = held_for_reviewers(int(current_app.config["CLAIM_DAYS"]), now)
            count, titles = (0, []) if newer else waiting_titles(user, held)
        if user is None or not user.active or chosen is None or not chosen.email or (
                notice.kind == "digest" and count == 0):
            ended["dropped"].append((notice.id, notice.mail_tries))
            continue
        message = _message(smtp, chosen.email, notice.kind, count, masked_title(text) if text else "",
                           titles, target_path(notice.kind, notice.text_id))
        mails.append((notice.id, notice.mail_tries, notice.created_at, message))
    ends = dict.fromkeys(ended, 0)
    for state, seen in ended.items():
        for notice_id, tries in seen:
            # Conditional, as a claim is: a mail another process claimed meanwhile is its own.
            ends[state] += db.session.execute(update(Notification).where(
                Notification.id == notice_id, Notification.mail_tries == tries, _claimable(stale_before))
                .values(mail_state=state).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    tried = _send_claimed(db.session.get_bind(), smtp, mails) if mails else {}
    db.session.expire_all()  # the rows changed underneath the session
    if tried is None:  # the database refused the claims: nothing went, everything waits
        result = MailRetry(waiting=len(mails), failed=ends["failed"], dropped=ends["dropped"])
    else:
        states = list(db.session.scalars(select(Notification.mail_state).where(
            Notification.id.in_(list(tried))))) if tried else []
        # "sending" still: the outcome could not be recorded, so it waits for its claim to age.
        result = MailRetry(sent=states.count("sent"), waiting=states.count("pending") + states.count("sending"),
                           failed=states.count("failed") + ends["failed"], dropped=ends["dropped"],
                           elsewhere=len(mails) - len(tried) + elsewhere)
    log.log(logging.WARNING if result.waiting or result.failed else logging.INFO,
            "notification mail retried: %d sent, %d still waiting, %d given up, %d no longer wanted, "
            "%d sent by another process", result.sent, result.waiting, result.failed, result.dropped,
            result.elsewhere)
    return result


# --- The daily command's work ----------------------------------------------------------------

@dataclass(frozen=True)
class DailyResult:
    expired_claims: int
    claim_reminders: int
    changes_reminders: int
    digests: int
    mail: MailRetry | None = None  # None when SMTP is not set


# Any number, the same in every process: the PostgreSQL advisory lock of the daily command.
DAILY_LOCK_KEY = 0x6B6C6172  # "klar"


@contextmanager
def one_daily_run_at_a_time() -> Iterator[None]:
    """Hold the database's lock for the daily command; a second run waits for the first.

    Two runs at once (two hosts' cron lines, or cron and a person) would otherwise both see that
    today's digest or reminder is not made yet, and both make it: two notices, two mails. Then
    the second finds the first's work done. PostgreSQL: a session advisory lock on a connection
    of its own (no transaction held open); SQLite, on one host by nature: a lock on a file beside
    the database (``flock``, released by the system if the process dies)."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sql("SELECT pg_advisory_lock(:key)"), {"key": DAILY_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(sql("SELECT pg_advisory_unlock(:key)"), {"key": DAILY_LOCK_KEY})
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield  # a database of this process alone: nobody else to wait for
        return
    with open(Path(database).with_name(Path(database).name + ".daily-lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def run_daily(now: dt.datetime | None = None) -> DailyResult:
    """The time-driven work, in order: claims older than ``CLAIM_DAYS`` go back to the queue
    (their reviewers are notified through the audit log), reminders to reviewers whose claim
    ends within a day and to writers whose text has waited ``REMINDER_DAYS`` for changes, the
    digest to reviewers who asked for it, and last the mail that earlier runs or steps could not
    send. Safe to run twice a day, or twice at once (:func:`one_daily_run_at_a_time`): nothing is
    made or sent twice."""
    with one_daily_run_at_a_time():
        return _run_daily(now)


def _run_daily(now: dt.datetime | None) -> DailyResult:
    config = current_app.config
    now = now or utcnow()
    unsent = unsent_mail()  # before today's notices: their mail is sent at the commit below
    expired = services.expire_claims(int(config["CLAIM_DAYS"]))
    claim_reminders = _remind_claims(int(config["CLAIM_DAYS"]), now)
    changes_reminders = _remind_changes(int(config.get("REMINDER_DAYS", 7)), now)
    digests = _digests(int(config["CLAIM_DAYS"]), now)
    db.session.commit()
    mail = retry_mail(unsent, now) if _smtp_settings() is not None else None
    return DailyResult(expired, claim_reminders, changes_reminders, digests, mail)


def _already(user_id: int, text_id: int | None, kind: str, since: dt.datetime) -> bool:
    return bool(db.session.scalar(select(exists().where(
        Notification.user_id == user_id, Notification.text_id == text_id, Notification.kind == kind,
        Notification.created_at >= since))))


def _remind_claims(claim_days: int, now: dt.datetime) -> int:
    """A reviewer whose claim expires within a day hears it once per claim."""
    soon = now - dt.timedelta(days=max(claim_days - 1, 0))
    held = db.session.scalars(select(Text).where(
        Text.state == TextState.IN_REVIEW.value, Text.claimed_at.is_not(None), Text.claimed_at < soon)).all()
    count = 0
    for text in held:
        if text.claimed_by_id and not _already(text.claimed_by_id, text.id, "claim_reminder", text.claimed_at):
            count += notify(db.session, text.claimed_by_id, "claim_reminder", text, at=now) is not None
    return count


def _remind_changes(days: int, now: dt.datetime) -> int:
    """A writer whose text has waited ``days`` in "ändringar begärda" hears it once per request."""
    limit = now - dt.timedelta(days=days)
    waiting = db.session.scalars(select(Text).where(
        Text.state == TextState.CHANGES_REQUESTED.value, Text.state_changed_at < limit)).all()
    count = 0
    for text in waiting:
        if not _already(text.author_id, text.id, "changes_reminder", text.state_changed_at):
            age = (now - text.state_changed_at).days
            count += notify(db.session, text.author_id, "changes_reminder", text, count=age, at=now) is not None
    return count


def _waiting_conditions(user: User) -> tuple:
    """Texts ``user`` could take from the queue (as the queue lists them)."""
    approved_by_me = exists().where(Review.text_id == Text.id, Review.revision_number == Text.current_version,
                                    Review.reviewer_id == user.id, Review.decision == "approve")
    return Text.state == TextState.WAITING.value, Text.author_id != user.id, ~approved_by_me


def held_for_reviewers(claim_days: int, now: dt.datetime) -> dict[int, int]:
    """Waiting new versions that go back first to the reviewer who asked for the changes
    (``services.returned_to_many``, for ``claim_days`` after they were sent): text id -> reviewer."""
    if claim_days <= 0:
        return {}
    recent = db.session.scalars(select(Text.id).where(
        Text.state == TextState.WAITING.value, Text.current_version > 1,
        Text.submitted_at >= now - dt.timedelta(days=claim_days))).all()
    return services.returned_to_many(list(recent))


def waiting_titles(user: User, held: dict[int, int], limit: int = DIGEST_TITLES + 1) -> tuple[int, list[str]]:
    """How many texts wait for ``user``, and the masked titles of the oldest ``limit``; a text
    ``held`` for another reviewer is not waiting for ``user``, as in the queue."""
    conditions = _waiting_conditions(user)
    others = [text_id for text_id, holder in held.items() if holder != user.id]
    if others:
        conditions = (*conditions, Text.id.not_in(others))
    count = db.session.scalar(select(func.count()).select_from(Text).where(*conditions)) or 0
    rows = db.session.execute(select(Text.kind, Text.id, _shared_title()).where(*conditions)
                              .order_by(Text.submitted_at.asc(), Text.id.asc()).limit(limit)).all()
    return count, [title or unsent_title_for(kind, text_id) for kind, text_id, title in rows]


def _digests(claim_days: int, now: dt.datetime) -> int:
    """Each reviewer who chose the digest gets one a day while texts wait."""
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    readers = db.session.scalars(select(User).join(NotificationSettings, NotificationSettings.user_id == User.id)
                                 .where(NotificationSettings.daily_digest.is_(True), User.active.is_(True),
                                        User.role == Role.REVIEWER.value)).all()
    held = held_for_reviewers(claim_days, now) if readers else {}
    count = 0
    for reader in readers:
        if _already(reader.id, None, "digest", start_of_day):
            continue
        waiting, titles = waiting_titles(reader, held)
        if waiting:
            count += notify(db.session, reader.id, "digest", count=waiting, titles=titles, at=now) is not None
    return count


def describe(result: DailyResult) -> str:
    """The daily command's summary line, in Swedish."""
    return (f"Granskningar som gick ut: {result.expired_claims}. Påminnelser till granskare: "
            f"{result.claim_reminders}. Påminnelser till skribenter: {result.changes_reminders}. "
            f"Sammanfattningar: {result.digests}." + _describe_mail(result.mail))


def _describe_mail(mail: MailRetry | None) -> str:
    if mail is None:
        return ""
    return (f" Äldre e-post som skickades nu: {mail.sent}. E-post som väntar på ett nytt försök: {mail.waiting}. "
            f"E-post som inte gick att skicka efter {MAIL_TRIES} försök: {mail.failed}."
            + (f" E-post som en annan körning skickade samtidigt: {mail.elsewhere}." if mail.elsewhere else ""))
