"""What the kommunikatör reads: the overview of every text, each text's timeline, the figures
behind the charts and the reviewers' fee basis (arvodesunderlag).

Titles come only from the reviewers' projection (the masked copy made at submit), never from
the author's originals: the people reading these pages are not the texts' authors. The overview
is one query with joins, filtered, sorted and paginated in the database, so it stays fast with
10,000 texts; the charts read small sets (approvals, reviews, counts) and group them in Python,
which keeps the SQL portable between SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, event, func, select
from sqlalchemy.orm import Session, aliased

from klarsprak.analysis.errors import AnalysisError
from klarsprak.extensions import db
from klarsprak.review.analysis import report_for
from klarsprak.review.audit import ACTION_LABELS
from klarsprak.review.models import (
    TEXT_KINDS,
    AuditEvent,
    Comment,
    Dismissal,
    FindingCount,
    Review,
    Revision,
    RevisionMetrics,
    Role,
    Text,
    User,
    utcnow,
)
from klarsprak.review.states import TextState

log = logging.getLogger(__name__)
# Audit actions that move a text to another state: the newest one says since when it is there.
STATE_ACTIONS = ("create", "submit", "withdraw", "claim", "release", "claim_expired", "approve", "approve_partly",
                 "request_changes", "new_version", "archive", "unarchive")
TIMELINE_ACTIONS = (*STATE_ACTIONS, "comment", "reply", "comment_handled")
# States in which a text waits for someone; only these can wait "too long".
WAITING_STATES = (TextState.WAITING, TextState.IN_REVIEW, TextState.CHANGES_REQUESTED)
DEFAULT_STUCK_DAYS = 7
PAGE_SIZE = 50
SORTS = ("rubrik", "typ", "enhet", "skribent", "status", "version", "granskare", "dagar", "aktivitet")


def unsent_title_for(kind: str, text_id: int) -> str:
    """What others read instead of the title of a text never sent (as ``views.unsent_title``)."""
    return f"{TEXT_KINDS.get(kind, kind)} nr {text_id} (inte skickad till granskning)"


@dataclass(frozen=True)
class OverviewFilter:
    """What the kommunikatör asked for in the overview's form (already validated)."""

    state: str = ""
    kind: str = ""
    writer_id: int | None = None
    reviewer_id: int | None = None
    since: dt.date | None = None  # last activity on or after
    until: dt.date | None = None  # last activity on or before
    search: str = ""  # in masked titles only
    stuck: bool = False
    sort: str = "aktivitet"
    descending: bool = True


@dataclass(frozen=True)
class OverviewRow:
    id: int
    title: str  # the masked projection, or the kind and number of a text never sent
    kind_label: str
    unit: str
    writer: str
    state: TextState
    version: int
    reviewer: str
    state_since: dt.datetime
    last_activity: dt.datetime
    stuck: bool

    def days_in_state(self, now: dt.datetime) -> int:
        return max(0, (now - self.state_since).days)


def _expressions() -> dict:
    """Per-text values as correlated subqueries: computed only for the rows a page shows (the
    database walks an index in the page's order and stops after 50), and for every row only
    when a filter or the order needs them."""
    title = (select(Revision.review_title).where(Revision.text_id == Text.id, Revision.review_title.is_not(None))
             .order_by(Revision.number.desc()).limit(1).correlate(Text).scalar_subquery())
    last_reviewer = (select(Review.reviewer_id).where(Review.text_id == Text.id).order_by(Review.id.desc())
                     .limit(1).correlate(Text).scalar_subquery())
    # Whoever holds the text now, else whoever decided on it last.
    reviewer_id = func.coalesce(Text.claimed_by_id, last_reviewer)
    reviewer = aliased(User, name="reviewer")
    reviewer_name = select(reviewer.display_name).where(reviewer.id == reviewer_id).correlate(Text).scalar_subquery()
    return {"title": title, "reviewer_id": reviewer_id, "reviewer": reviewer_name}


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(wanted: OverviewFilter, now: dt.datetime, stuck_days: int, e: dict) -> list:
    conditions = []
    if wanted.state:
        conditions.append(Text.state == wanted.state)
    if wanted.kind:
        conditions.append(Text.kind == wanted.kind)
    if wanted.writer_id:
        conditions.append(Text.author_id == wanted.writer_id)
    if wanted.reviewer_id:
        conditions.append(e["reviewer_id"] == wanted.reviewer_id)
    if wanted.since:
        conditions.append(Text.updated_at >= dt.datetime.combine(wanted.since, dt.time()))
    if wanted.until:
        conditions.append(Text.updated_at < dt.datetime.combine(wanted.until + dt.timedelta(days=1), dt.time()))
    if wanted.search:
        conditions.append(e["title"].ilike(f"%{_escape_like(wanted.search)}%", escape="\\"))
    if wanted.stuck:
        conditions += [Text.state.in_([s.value for s in WAITING_STATES]),
                       Text.state_changed_at < now - dt.timedelta(days=stuck_days)]
    return conditions


def overview_query(wanted: OverviewFilter, now: dt.datetime, stuck_days: int) -> Select:
    """The filtered and sorted overview as one SELECT (see :class:`OverviewRow` for the columns)."""
    e = _expressions()
    author = aliased(User, name="author")
    query = (select(Text.id, Text.kind, Text.state, Text.current_version, Text.updated_at,
                    Text.state_changed_at.label("state_since"), e["title"].label("title"), author.unit,
                    author.display_name.label("writer"), e["reviewer"].label("reviewer"))
             .join(author, author.id == Text.author_id).where(*_conditions(wanted, now, stuck_days, e)))
    order = {
        "rubrik": func.lower(e["title"]), "typ": Text.kind, "enhet": author.unit,
        "skribent": author.display_name, "status": Text.state, "version": Text.current_version,
        "granskare": e["reviewer"], "aktivitet": Text.updated_at,
        # More days in the state is an earlier start: "most days first" sorts the start ascending.
        "dagar": Text.state_changed_at,
    }[wanted.sort if wanted.sort in SORTS else "aktivitet"]
    descending = wanted.descending != (wanted.sort == "dagar")
    return query.order_by(order.desc() if descending else order.asc(), Text.id.desc() if descending else Text.id)


def count_matching(wanted: OverviewFilter, now: dt.datetime, stuck_days: int) -> int:
    """How many texts the filters match (no joins, no order: the cheap half of a page)."""
    query = select(func.count(Text.id)).where(*_conditions(wanted, now, stuck_days, _expressions()))
    return db.session.scalar(query) or 0


def _row(record, now: dt.datetime, stuck_days: int) -> OverviewRow:
    state = TextState(record.state)
    since = record.state_since
    return OverviewRow(
        id=record.id, title=record.title or unsent_title_for(record.kind, record.id),
        kind_label=TEXT_KINDS.get(record.kind, record.kind), unit=record.unit or "", writer=record.writer,
        state=state, version=record.current_version, reviewer=record.reviewer or "", state_since=since,
        last_activity=record.updated_at,
        stuck=state in WAITING_STATES and since < now - dt.timedelta(days=stuck_days),
    )


def overview_page(wanted: OverviewFilter, page: int, now: dt.datetime | None = None,
                  stuck_days: int = DEFAULT_STUCK_DAYS, page_size: int = PAGE_SIZE) -> tuple[list[OverviewRow], int]:
    """One page of the overview and how many texts match in all."""
    now = now or utcnow()
    query = overview_query(wanted, now, stuck_days)
    total = count_matching(wanted, now, stuck_days)
    records = db.session.execute(query.limit(page_size).offset((max(1, page) - 1) * page_size)).all()
    return [_row(r, now, stuck_days) for r in records], total


def iter_overview(wanted: OverviewFilter, now: dt.datetime | None = None,
                  stuck_days: int = DEFAULT_STUCK_DAYS) -> Iterator[OverviewRow]:
    """Every matching row, fetched in batches (for the CSV: nothing held in memory at once)."""
    now = now or utcnow()
    result = db.session.execute(overview_query(wanted, now, stuck_days).execution_options(yield_per=1000))
    for record in result:
        yield _row(record, now, stuck_days)


def state_counts() -> dict[TextState, int]:
    """How many texts are in each state (every state listed, zero included)."""
    counts = dict(db.session.execute(select(Text.state, func.count()).group_by(Text.state)).all())
    return {state: counts.get(state.value, 0) for state in TextState}


def stuck_count(now: dt.datetime | None = None, stuck_days: int = DEFAULT_STUCK_DAYS) -> int:
    """How many texts have waited longer than ``stuck_days`` in their state."""
    return count_matching(OverviewFilter(stuck=True), now or utcnow(), stuck_days)


def _names(user_ids: set[int]) -> dict[int, str]:
    """Display names by user id."""
    if not user_ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids))).all())


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    action: str
    label: str
    person: str
    version: int | None
    note: str = ""


def timeline(text: Text) -> list[TimelineEntry]:
    """The text's history from the audit log: state changes, claims, comments and decisions.
    Only what the log holds (ids, kinds, scores), never what anyone typed."""
    from klarsprak.review.services import VERDICTS

    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.text_id == text.id, AuditEvent.action.in_(TIMELINE_ACTIONS)).order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    wanted = {e.user_id for e in events} | {e.detail.get("reviewer_id") for e in events}
    names = _names({i for i in wanted if isinstance(i, int)})
    entries = []
    for e in events:
        detail = e.detail
        note = ""
        if e.action == "comment" and detail.get("verdict") in VERDICTS:
            note = f"Snabbsvar: {VERDICTS[detail['verdict']]}"
        elif e.action in ("approve", "approve_partly", "request_changes") and detail.get("scores"):
            vardat, enkelt, begripligt = detail["scores"]
            note = f"Betyg: vårdat {vardat}, enkelt {enkelt}, begripligt {begripligt} (av 5)"
        elif e.action == "claim_expired" and detail.get("reviewer_id") in names:
            note = f"{names[detail['reviewer_id']]} hann inte klart"
        entries.append(TimelineEntry(at=e.at, action=e.action, label=ACTION_LABELS.get(e.action, e.action),
                                     person=names.get(e.user_id, "Systemet"), version=e.revision_number, note=note))
    return entries


# --- Figures for the charts -----------------------------------------------------------------

def month_of(moment: dt.datetime | dt.date) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def last_months(count: int, now: dt.datetime | None = None) -> list[str]:
    """The ``count`` months up to and including this one, oldest first ("2026-07")."""
    now = now or utcnow()
    year, month = now.year, now.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _first_submissions(text_ids: set[int]) -> dict[int, dt.datetime]:
    if not text_ids:
        return {}
    return dict(db.session.execute(select(AuditEvent.text_id, func.min(AuditEvent.at)).where(
        AuditEvent.action == "submit", AuditEvent.text_id.in_(text_ids)).group_by(AuditEvent.text_id)).all())


def _approvals(since: str) -> list[tuple[int, int, dt.datetime]]:
    """(text id, version, when) of every final approval from month ``since`` on."""
    start = dt.datetime(int(since[:4]), int(since[5:]), 1)
    return [tuple(r) for r in db.session.execute(select(AuditEvent.text_id, AuditEvent.revision_number, AuditEvent.at)
                                                 .where(AuditEvent.action == "approve", AuditEvent.at >= start)
                                                 .order_by(AuditEvent.at)).all()]


@dataclass(frozen=True)
class MonthFigure:
    month: str
    approved: int
    median_days: float | None  # from the first submission to the approval


def approvals_by_month(months: int = 12, now: dt.datetime | None = None) -> list[MonthFigure]:
    """Texts approved per month and the median days from first submission to approval."""
    window = last_months(months, now)
    approvals = _approvals(window[0])
    first = _first_submissions({t for t, _, _ in approvals})
    counts: dict[str, int] = defaultdict(int)
    days: dict[str, list[float]] = defaultdict(list)
    for text_id, _version, at in approvals:
        counts[month_of(at)] += 1
        if text_id in first:
            days[month_of(at)].append((at - first[text_id]).total_seconds() / 86400)
    return [MonthFigure(m, counts.get(m, 0), round(statistics.median(days[m]), 1) if days.get(m) else None)
            for m in window]


@dataclass(frozen=True)
class Workload:
    month: str
    reviewer: str
    texts: int
    comments: int


def reviewer_workload(months: int = 12, now: dt.datetime | None = None) -> list[Workload]:
    """Texts reviewed (a decision made) and comments written, per reviewer and month."""
    window = last_months(months, now)
    start = dt.datetime(int(window[0][:4]), int(window[0][5:]), 1)
    reviewed: dict[tuple[str, int], set[int]] = defaultdict(set)
    for text_id, reviewer_id, at in db.session.execute(select(Review.text_id, Review.reviewer_id, Review.created_at)
                                                       .where(Review.created_at >= start)):
        reviewed[(month_of(at), reviewer_id)].add(text_id)
    comments: dict[tuple[str, int], int] = defaultdict(int)
    for author_id, at in db.session.execute(select(Comment.author_id, Comment.created_at).join(
            User, User.id == Comment.author_id).where(User.role == Role.REVIEWER.value, Comment.created_at >= start)):
        comments[(month_of(at), author_id)] += 1
    keys = set(reviewed) | set(comments)
    names = _names({k[1] for k in keys})
    return sorted((Workload(m, names.get(r, "?"), len(reviewed.get((m, r), ())), comments.get((m, r), 0))
                   for m, r in keys), key=lambda w: (w.month, w.reviewer))


@dataclass(frozen=True)
class RuleNoise:
    rule: str
    findings: int
    dismissals: int

    @property
    def rate(self) -> float:
        return self.dismissals / self.findings if self.findings else 0.0


def noisiest_rules(limit: int = 10) -> list[RuleNoise]:
    """The rules with the most findings shown in versions sent to review, and how many of their
    findings writers dismissed (on texts that were sent, so both numbers count the same texts)."""
    totals = db.session.execute(select(FindingCount.rule, func.sum(FindingCount.count).label("n"))
                                .group_by(FindingCount.rule).order_by(func.sum(FindingCount.count).desc(),
                                                                      FindingCount.rule).limit(limit)).all()
    rules = [rule for rule, n in totals if n]
    sent = select(FindingCount.text_id).distinct()
    dismissals = dict(db.session.execute(select(Dismissal.rule, func.count()).where(
        Dismissal.rule.in_(rules), Dismissal.text_id.in_(sent)).group_by(Dismissal.rule)).all()) if rules else {}
    return [RuleNoise(rule, int(n), dismissals.get(rule, 0)) for rule, n in totals if n]


@dataclass(frozen=True)
class Effect:
    month: str
    texts: int
    before: dict[str, float] = field(default_factory=dict)  # at the first version sent
    after: dict[str, float] = field(default_factory=dict)  # at the version approved


EFFECT_FIGURES = {"lix": "LIX (läsbarhet)", "passive_share": "Andel passiv form (%)",
                  "avg_sentence_length": "Ord per mening"}


def review_effect(months: int = 12, now: dt.datetime | None = None) -> list[Effect]:
    """Per month of approval: the average readability of the first version sent and of the
    version approved, over the texts approved that month that have both figures."""
    window = last_months(months, now)
    approvals = _approvals(window[0])
    ids = {t for t, _, _ in approvals}
    metrics: dict[int, dict[int, RevisionMetrics]] = defaultdict(dict)
    if ids:
        for m in db.session.scalars(select(RevisionMetrics).where(RevisionMetrics.text_id.in_(ids))):
            metrics[m.text_id][m.revision_number] = m
    pairs: dict[str, list[tuple[RevisionMetrics, RevisionMetrics]]] = defaultdict(list)
    for text_id, version, at in approvals:
        versions = metrics.get(text_id, {})
        if versions and version in versions:
            pairs[month_of(at)].append((versions[min(versions)], versions[version]))
    effects = []
    for month in window:
        found = pairs.get(month, [])

        def mean(side: int, name: str, found=found) -> float:
            scale = 100 if name == "passive_share" else 1
            return round(statistics.fmean(getattr(p[side], name) for p in found) * scale, 1)

        effects.append(Effect(month, len(found), {n: mean(0, n) for n in EFFECT_FIGURES} if found else {},
                              {n: mean(1, n) for n in EFFECT_FIGURES} if found else {}))
    return effects


# --- The reviewers' fee basis (arvodesunderlag) ----------------------------------------------

@dataclass(frozen=True)
class ReviewRecord:
    """One decision, with the reviewer's reported minutes and the time from claim to decision."""

    review_id: int
    text_id: int
    title: str  # the masked title of the version reviewed
    version: int
    reviewer_id: int
    reviewer: str
    decision: str
    at: dt.datetime
    minutes: int | None
    elapsed_minutes: int | None

    @property
    def decision_label(self) -> str:
        return "Godkänd" if self.decision == "approve" else "Behöver ändras"


def review_records(reviewer_id: int | None = None, month: str | None = None,
                   review_ids: Collection[int] | None = None) -> list[ReviewRecord]:
    """Every decision (of one reviewer, in one month, among ``review_ids``, when given), oldest first."""
    query = (select(Review, User.display_name, Revision.review_title, Text.kind)
             .join(User, User.id == Review.reviewer_id).join(Text, Text.id == Review.text_id)
             .outerjoin(Revision, and_(Revision.text_id == Review.text_id, Revision.number == Review.revision_number))
             .order_by(Review.created_at, Review.id))
    if reviewer_id is not None:
        query = query.where(Review.reviewer_id == reviewer_id)
    if review_ids is not None:
        query = query.where(Review.id.in_(list(review_ids)))
    if month:
        start = dt.datetime(int(month[:4]), int(month[5:]), 1)
        end = dt.datetime(start.year + (start.month == 12), start.month % 12 + 1, 1)
        query = query.where(Review.created_at >= start, Review.created_at < end)
    rows = db.session.execute(query).all()
    claims: dict[tuple[int, int], list[dt.datetime]] = defaultdict(list)
    if rows:
        claim_query = select(AuditEvent.text_id, AuditEvent.user_id, AuditEvent.at).where(
            AuditEvent.action == "claim", AuditEvent.text_id.in_({r.Review.text_id for r in rows}))
        for text_id, user_id, at in db.session.execute(claim_query.order_by(AuditEvent.at)):
            claims[(text_id, user_id)].append(at)
    records = []
    for review, name, title, kind in rows:
        times = claims.get((review.text_id, review.reviewer_id), [])
        place = bisect_right(times, review.created_at)
        elapsed = int((review.created_at - times[place - 1]).total_seconds() // 60) if place else None
        records.append(ReviewRecord(review.id, review.text_id, title or unsent_title_for(kind, review.text_id),
                                    review.revision_number, review.reviewer_id, name, review.decision,
                                    review.created_at, review.minutes, elapsed))
    return records


@dataclass(frozen=True)
class FeeLine:
    month: str
    reviewer_id: int
    reviewer: str
    texts: int
    reviews: int
    comments: int
    minutes: int  # reported by the reviewer
    elapsed_minutes: int  # from claim to decision, as a check
    unreported: int  # decisions without reported time


def fee_basis(month: str | None = None, reviewer_id: int | None = None) -> list[FeeLine]:
    """Per reviewer and month: texts reviewed, decisions, comments, reported and elapsed time."""
    records = review_records(reviewer_id, month)
    lines: dict[tuple[str, int], dict] = {}
    for r in records:
        line = lines.setdefault((month_of(r.at), r.reviewer_id), {"reviewer": r.reviewer, "texts": set(),
                                                                   "reviews": 0, "minutes": 0, "elapsed": 0,
                                                                   "unreported": 0})
        line["texts"].add(r.text_id)
        line["reviews"] += 1
        line["minutes"] += r.minutes or 0
        line["elapsed"] += r.elapsed_minutes or 0
        line["unreported"] += r.minutes is None
    comments: dict[tuple[str, int], int] = defaultdict(int)
    comment_query = select(Comment.author_id, Comment.created_at).join(User, User.id == Comment.author_id).where(
        User.role == Role.REVIEWER.value)
    if reviewer_id is not None:
        comment_query = comment_query.where(Comment.author_id == reviewer_id)
    for author_id, at in db.session.execute(comment_query):
        if month is None or month_of(at) == month:
            comments[(month_of(at), author_id)] += 1
    names = {key[1]: value["reviewer"] for key, value in lines.items()}
    missing = {k[1] for k in comments} - set(names)
    if missing:
        names.update(_names(missing))
    keys = sorted(set(lines) | set(comments), key=lambda k: (k[0], names.get(k[1], "")))
    empty = {"texts": set(), "reviews": 0, "minutes": 0, "elapsed": 0, "unreported": 0}
    return [FeeLine(m, r, names.get(r, "?"), len(lines.get((m, r), empty)["texts"]),
                    lines.get((m, r), empty)["reviews"], comments.get((m, r), 0), lines.get((m, r), empty)["minutes"],
                    lines.get((m, r), empty)["elapsed"], lines.get((m, r), empty)["unreported"]) for m, r in keys]


def reviewers() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.REVIEWER.value).order_by(User.display_name)))


def writers() -> list[User]:
    """Everyone who has written a text (any role may)."""
    return list(db.session.scalars(select(User).where(User.id.in_(select(Text.author_id).distinct()))
                                   .order_by(User.display_name)))


# --- Figures stored when a version is sent --------------------------------------------------

def record_submission(session: Session, text_id: int, revision_number: int, at: dt.datetime | None = None) -> None:
    """Store the version's readability and its finding counts per rule (what the writer was
    shown: no tips, no personal data, which has its own list). Numbers and rule ids only."""
    text = session.get(Text, text_id)
    revision = next((r for r in text.revisions if r.number == revision_number), None) if text else None
    if revision is None:
        return
    try:
        report = report_for(revision.body)
    except AnalysisError:
        return  # a text the engine refuses has no figures; the review goes on without them
    except Exception as exc:  # figures are extra: a fault in the engine must not stop a submit
        # Ids and the kind of error only: a message might quote the text.
        log.warning("no figures for text %s version %s: %s", text_id, revision_number, type(exc).__name__)
        return
    at = at or utcnow()
    key = (RevisionMetrics.text_id == text_id, RevisionMetrics.revision_number == revision_number)
    figures = session.scalar(select(RevisionMetrics).where(*key)) or RevisionMetrics(
        text_id=text_id, revision_number=revision_number)
    metrics = report.metrics
    figures.words, figures.lix, figures.at = metrics.words, metrics.lix, at
    figures.passive_share, figures.avg_sentence_length = metrics.passive_share, metrics.avg_sentence_length
    session.add(figures)
    counts: dict[str, int] = defaultdict(int)
    for finding in report.findings:
        if finding.shown_by_default and finding.category != "personal-data":
            counts[finding.rule] += 1
    stored = {c.rule: c for c in session.scalars(select(FindingCount).where(
        FindingCount.text_id == text_id, FindingCount.revision_number == revision_number))}
    for rule in set(counts) | set(stored):
        row = stored.get(rule) or FindingCount(text_id=text_id, revision_number=revision_number, rule=rule)
        row.count, row.at = counts.get(rule, 0), at
        session.add(row)


@event.listens_for(Session, "before_flush")
def _follow_the_audit_log(session: Session, _context, _instances) -> None:
    """Every state change and submit writes an audit event; in the same transaction this keeps
    the text's ``state_changed_at`` and stores a submitted version's figures, so the workflow
    code needs no second place to remember either."""
    events = [e for e in session.new if isinstance(e, AuditEvent) and e.text_id and e.action in STATE_ACTIONS]
    if not events:
        return
    with session.no_autoflush:
        for audit_event in events:
            audit_event.at = audit_event.at or utcnow()
            text = session.get(Text, audit_event.text_id)
            if text is not None and (text.state_changed_at is None or text.state_changed_at <= audit_event.at):
                text.state_changed_at = audit_event.at
            if audit_event.action == "submit":
                record_submission(session, audit_event.text_id, audit_event.revision_number or 1, audit_event.at)
