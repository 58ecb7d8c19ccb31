"""Demo history for ``seed-demo``: half a year of texts reviewed by the two demo reviewers, so
that the kommunikatör's overview, charts and fee basis have something to show after `make run`.

The audit log cannot be changed afterwards, so the history is written directly with the times
it would have had: each text is created, sent, taken, commented on, sent back with changes,
rewritten in plainer Swedish, sent again and approved; a few stop on the way (waiting, some of
them for long, in review, changes requested, drafts, archived). Readability and finding counts
are stored by the submit events themselves (:mod:`klarsprak.review.reporting`), and so are the
notices (:mod:`klarsprak.review.notifications`); people have read all but the last week's
notices, as they would have. The texts hold no personal data; the reviewers' copies are masked
all the same.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass

from sqlalchemy import func, select, update

from klarsprak.extensions import db
from klarsprak.privacy.masking import mask
from klarsprak.review import reporting  # noqa: F401  (its submit hook stores the figures)
from klarsprak.review.analysis import personal_data_in, report_for
from klarsprak.review.models import (
    AuditEvent,
    Comment,
    Dismissal,
    Notification,
    Review,
    Revision,
    Role,
    Text,
    User,
    utcnow,
)
from klarsprak.review.personal_data import value_hash

# (kind, title, first version, approved version): the first is stiff, the second plain.
TEXTS = [
    ("beslut", "Beslut om ekonomiskt bistånd för {month}",
     "Socialnämnden har erhållit Er ansökan om ekonomiskt bistånd. Beslut har fattats i enlighet med "
     "4 kap. 1 § socialtjänstlagen. Ansökan beviljas avseende hyra. Beträffande tandvård avslås ansökan "
     "då kostnadsförslag ej har inkommit.",
     "Vi har fått din ansökan om ekonomiskt bistånd. Du får pengar till hyran. Du får inte pengar till "
     "tandvården, eftersom vi inte har fått något kostnadsförslag från tandläkaren."),
    ("kallelse", "Kallelse till uppföljningsmöte ({month})",
     "Ni kallas härmed till ett uppföljningsmöte. Mötet kommer att genomföras i enlighet med den "
     "upprättade planen. Vid förhinder ska detta meddelas handläggaren snarast.",
     "Välkommen till ett möte där vi följer upp din plan. Kan du inte komma? Ring din handläggare så "
     "snart du kan."),
    ("brev", "Brev om ändrade öppettider ({month})",
     "Med anledning av att verksamheten omorganiseras kommer öppettiderna att förändras. Förändringen "
     "träder i kraft fr.o.m. nästa månad. Eventuella frågor kan ställas till receptionen.",
     "Vi ändrar våra öppettider från och med nästa månad. Det beror på att vi organiserar om arbetet. "
     "Har du frågor? Fråga oss i receptionen."),
    ("webbtext", "Webbtext om hemtjänst ({month})",
     "Hemtjänst kan beviljas den som ej själv kan tillgodose sina behov. Ansökan om hemtjänst ska "
     "inlämnas till biståndshandläggaren. Handläggning sker skyndsamt.",
     "Du kan få hemtjänst om du inte klarar vardagen själv. Skicka din ansökan till en "
     "biståndshandläggare. Vi svarar dig så snart vi kan."),
    ("mall", "Mall för beslut om färdtjänst ({month})",
     "Beslut om färdtjänst har fattats. Tillståndet gäller under förutsättning att sökanden "
     "ej erhåller annat stöd för resor. Beslutet kan överklagas hos förvaltningsrätten.",
     "Du får färdtjänst. Det gäller så länge du inte får annat stöd för dina resor. Du kan överklaga "
     "beslutet till förvaltningsrätten."),
]
COMMENTS = [("forstar_inte", "Jag förstår inte ordet. Skriv ett vanligare ord."),
            ("oklart_vem", "Vem ska göra vad här?"),
            ("forstar", "Den här meningen är tydlig.")]
# Earlier writers, so that the overview has units to filter by; closed accounts (no login).
WRITERS = [("skribent", "Sara Skribent", "Försörjningsstöd"),
           ("demo-barn", "Hassan Handläggare", "Barn och familj"),
           ("demo-aldre", "Lena Lindqvist", "Äldreomsorg")]
REVIEWERS = ("granskare", "granskare2")
UNREAD_DAYS = 7  # the last week's notices are still unread; older ones were read within two days
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


@dataclass
class _Clock:
    """The time in the story of one text; each step moves it on."""

    now: dt.datetime

    def after(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


def has_history() -> bool:
    """True when a review is already stored (the history, or real use): then nothing is added."""
    return bool(db.session.scalar(select(func.count()).select_from(Review)))


def _user(username: str, name: str, role: Role, unit: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, display_name=name, role=role.value, active=False, unit=unit)
        user.set_password(random.SystemRandom().randbytes(24).hex())  # nobody knows it; the account is closed
        db.session.add(user)
        db.session.flush()
    user.unit = user.unit or unit
    return user


def _event(at: dt.datetime, user: User | None, text: Text, version: int, action: str, **detail) -> None:
    db.session.add(AuditEvent(at=at, user_id=user.id if user else None, text_id=text.id, revision_number=version,
                              action=action, detail_json=json.dumps(detail)))
    text.updated_at = at
    db.session.flush()  # one at a time, in order: a submit event stores the version's figures


def _send(text: Text, writer: User, version: int, clock: _Clock) -> None:
    at = clock.after(hours=3)
    revision = next(r for r in text.revisions if r.number == version)
    revision.review_title = mask(text.title, personal_data_in(text.title))
    revision.review_audience = mask(text.audience, personal_data_in(text.audience))
    revision.review_body = mask(revision.body, personal_data_in(revision.body))
    text.state, text.submitted_at, text.current_version = "vantar", at, version
    text.claimed_by_id = text.claimed_at = None
    _event(at, writer, text, version, "submit")


def _claim(text: Text, reviewer: User, version: int, clock: _Clock, rng: random.Random,
           within_hours: float = 80) -> None:
    at = clock.after(hours=rng.uniform(1, within_hours))
    text.state, text.claimed_by_id, text.claimed_at = "under_granskning", reviewer.id, at
    _event(at, reviewer, text, version, "claim")


def _review(text: Text, reviewer: User, version: int, decision: str, clock: _Clock, rng: random.Random) -> None:
    for verdict, body in rng.sample(COMMENTS, rng.randint(1, 3) if decision == "changes" else rng.randint(0, 1)):
        at = clock.after(minutes=rng.uniform(5, 25))
        comment = Comment(text_id=text.id, revision_number=version, author_id=reviewer.id, body=body,
                          verdict=verdict, created_at=at)
        db.session.add(comment)
        db.session.flush()
        _event(at, reviewer, text, version, "comment", comment_id=comment.id, verdict=verdict, masked=0)
    at = clock.after(minutes=rng.uniform(20, 90))
    # Reported time is at most the time the text was held, as an honest reviewer reports it.
    held = int((at - text.claimed_at).total_seconds() // 60) if text.claimed_at else 90
    minutes = max(5, min(rng.choice((30, 45, 45, 60, 75, 90)), held - held % 5))
    scores = (rng.randint(2, 4), rng.randint(1, 3), rng.randint(2, 4)) if decision == "changes" else (5, 4, 5)
    review = Review(text_id=text.id, revision_number=version, reviewer_id=reviewer.id, vardat=scores[0],
                    enkelt=scores[1], begripligt=scores[2], summary="", decision=decision,
                    minutes=minutes, created_at=at)
    db.session.add(review)
    db.session.flush()
    text.state = "andringar_begarda" if decision == "changes" else "godkand"
    text.claimed_by_id = text.claimed_at = None
    _event(at, reviewer, text, version, "request_changes" if decision == "changes" else "approve",
           review_id=review.id, scores=list(scores))


def _dismiss_one(text: Text, writer: User, body: str, at: dt.datetime, rng: random.Random) -> None:
    """The writer dismisses one finding of the first version, as writers do with noisy rules."""
    try:
        report = report_for(body)
    except Exception:  # demo data: without the engine there is nothing to dismiss
        return
    findings = [f for f in report.findings if f.shown_by_default and f.category != "personal-data"]
    if not findings:
        return
    finding = rng.choice(findings)
    db.session.add(Dismissal(text_id=text.id, rule=finding.rule, quote_hash=value_hash(finding.rule, finding.text),
                             reason=rng.choice(("felaktig", "fackterm", "annat")), user_id=writer.id,
                             created_at=at))
    _event(at, writer, text, 1, "dismiss", rule=finding.rule, reason="annat")


def add_history(count: int = 36, now: dt.datetime | None = None, seed: int = 11) -> int:
    """Add ``count`` texts with half a year of review history; how many were added (0 when a
    review is already stored, so running seed-demo twice adds nothing)."""
    if has_history():
        return 0
    reviewers = [db.session.scalar(select(User).where(User.username == name)) for name in REVIEWERS]
    if None in reviewers:
        return 0
    writers = [_user(username, name, Role.WRITER, unit) for username, name, unit in WRITERS]
    # bandit B311 is a false positive: seeded demo data, nothing secret (a bare nosec: with an id, bandit warns).
    rng = random.Random(seed)  # nosec
    now = now or utcnow()
    for index in range(count):
        kind, title, first, plain = TEXTS[index % len(TEXTS)]
        start = now - dt.timedelta(days=180 * (count - index) / count + rng.uniform(0, 3))
        clock = _Clock(start)
        writer, reviewer = writers[index % len(writers)], reviewers[index % 2 if index % 7 else 0]
        # The newest texts are still on their way: where they stop is their current state.
        stop = ({count - 1: "draft", count - 2: "waiting", count - 3: "in_review", count - 4: "changes",
                 count - 5: "waiting", 3: "stuck", 9: "archived"}).get(index, "approved")
        if stop == "changes":  # the demo writer who can log in has a fresh request (an unread notice)
            writer = writers[0]
        text = Text(title=title.format(month=MONTHS[start.month - 1]), kind=kind, audience="Den som har sökt",
                    author_id=writer.id, state="utkast", current_version=1, created_at=start, updated_at=start,
                    state_changed_at=start)
        db.session.add(text)
        db.session.flush()
        text.revisions.append(Revision(number=1, body=first, author_id=writer.id, created_at=start,
                                       updated_at=start))
        _event(start, writer, text, 1, "create", kind=kind)
        if index % 3 == 0:
            _dismiss_one(text, writer, first, clock.after(minutes=10), rng)
        if stop == "draft":
            continue
        if stop == "stuck":  # sent long ago and never taken: "Väntar länge" on the overview
            clock.now = now - dt.timedelta(days=12)
            _send(text, writer, 1, clock)
            continue
        if stop in ("waiting", "in_review", "changes"):  # recent: sent a day or a few ago
            clock.now = max(clock.now, now - dt.timedelta(days=rng.uniform(2, 4)))
        _send(text, writer, 1, clock)
        if stop == "waiting":
            continue
        _claim(text, reviewer, 1, clock, rng, within_hours=12 if stop != "approved" else 80)
        if stop == "in_review":
            continue
        _review(text, reviewer, 1, "changes", clock, rng)
        if stop == "changes":
            continue
        at = clock.after(days=rng.uniform(1, 6))
        text.revisions.append(Revision(number=2, body=plain, author_id=writer.id, created_at=at, updated_at=at))
        text.state, text.current_version = "utkast", 2
        _event(at, writer, text, 2, "new_version")
        _send(text, writer, 2, clock)
        _claim(text, reviewer, 2, clock, rng)
        _review(text, reviewer, 2, "approve", clock, rng)
        if stop == "archived":
            text.state = "arkiverad"
            _event(clock.after(days=5), writer, text, 2, "archive")
    read_older_notices(now, rng)
    db.session.commit()
    return count


def read_older_notices(now: dt.datetime, rng: random.Random) -> int:
    """Mark the notices older than :data:`UNREAD_DAYS` read, each some hours after it came (never
    after ``now``), as people who use the app would have; how many."""
    older = db.session.execute(select(Notification.id, Notification.created_at).where(
        Notification.read_at.is_(None), Notification.created_at < now - dt.timedelta(days=UNREAD_DAYS))
        .order_by(Notification.id)).all()
    for notice_id, created_at in older:
        read_at = min(created_at + dt.timedelta(hours=rng.uniform(0.5, 48)), now)
        db.session.execute(update(Notification).where(Notification.id == notice_id).values(read_at=read_at)
                           .execution_options(synchronize_session=False))
    return len(older)
