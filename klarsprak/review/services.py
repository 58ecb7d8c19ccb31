"""Every state change of the workflow. Views call these; nothing else commits.

Each operation checks permission and state, changes the rows, appends an audit event and commits
in one transaction, so a refused action leaves nothing half-done. Races (two reviewers claiming
or deciding at once, a double-clicked submit, a comment posted while the author takes the text
back) are settled by the database: each operation first locks the text's row (:func:`_lock`) and
checks permission and state on what it then reads, and the state change itself is a conditional
UPDATE. The loser gets a WorkflowError (HTTP 409) and nothing of it is stored.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError

from klarsprak.extensions import db
from klarsprak.privacy.masking import mask
from klarsprak.review import permissions
from klarsprak.review import personal_data as pd
from klarsprak.review.analysis import personal_data_in
from klarsprak.review.anchoring import Selector, reanchor, selector_for
from klarsprak.review.audit import audit
from klarsprak.review.errors import NotAllowed, StaleEdit, WorkflowError
from klarsprak.review.models import (
    MAX_REVIEW_MINUTES,
    AuditEvent,
    Comment,
    Dismissal,
    PersonalDataDecision,
    Review,
    Revision,
    Role,
    Text,
    UndoChange,
    User,
    utcnow,
)
from klarsprak.review.states import REVIEW_STATES, IllegalTransition, TextState, next_state

__all__ = ["NotAllowed", "StaleEdit", "WorkflowError", "audit"]  # errors and audit live in their own modules

MAX_CHARS = 100_000
MAX_TITLE = 200
MAX_AUDIENCE = 200
MAX_COMMENT = 5000
MAX_DISMISS_NOTE = 500
MAX_UPLOAD_MB = 2
VERDICTS = {"forstar": "Jag förstår", "forstar_inte": "Jag förstår inte", "oklart_vem": "Oklart vem som ska göra vad"}
DISMISS_REASONS = {"felaktig": "Felaktig markering", "fackterm": "Nödvändig fackterm", "annat": "Annat"}


def _check_body(body: str) -> str:
    body = body.replace("\r\n", "\n")
    if not body.strip():
        raise WorkflowError("Texten är tom. Skriv eller klistra in en text.", 400)
    if len(body) > MAX_CHARS:
        raise WorkflowError(f"Texten är för lång: {len(body)} tecken. Gränsen är {MAX_CHARS} tecken.", 400)
    return body


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise WorkflowError("Ge texten en rubrik.", 400)
    if len(title) > MAX_TITLE:  # refused, never cut without a word
        raise WorkflowError(f"Rubriken är för lång: {len(title)} tecken. Gränsen är {MAX_TITLE} tecken.", 400)
    return title


def _check_audience(audience: str) -> str:
    audience = " ".join(audience.split())
    if len(audience) > MAX_AUDIENCE:
        raise WorkflowError(f"”Vem ska läsa texten?” får vara högst {MAX_AUDIENCE} tecken.", 400)
    return audience


def _lock(text: Text) -> Text:
    """Hold the text's row until this transaction ends and reload it, so the checks that follow
    see what nobody else can change before we commit.

    PostgreSQL: ``SELECT … FOR NO KEY UPDATE`` (it still lets other transactions insert rows that
    point at the text, such as audit events). SQLite has no row locks: a write to the row takes
    the database's write lock first, which serialises writers the same way."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(Text).where(Text.id == text.id).values(lock_version=Text.lock_version)
                           .execution_options(synchronize_session=False))
    locked = db.session.scalars(select(Text).where(Text.id == text.id).with_for_update(key_share=True)
                                .execution_options(populate_existing=True)).one()
    db.session.expire(locked, ["revisions"])  # a version may have been added since it was loaded
    return locked


class NotReviewing(WorkflowError):
    """A reviewer acts on a text that is no longer theirs to review (taken back, decided, given
    to someone else): a conflict with what happened meanwhile, not a missing permission."""

    def __init__(self) -> None:
        super().__init__("Du granskar inte den här texten längre. Den har fått en ny status eller granskas av "
                         "någon annan. Det du skrev finns kvar nedan: kopiera det om du vill spara det.")


def _check_reviewing(user: User, text: Text) -> None:
    """Only the reviewer holding the claim may comment and decide."""
    if permissions.can_review(user, text):
        return
    if user.role_enum == Role.REVIEWER and text.author_id != user.id:
        raise NotReviewing()
    raise NotAllowed()


def _transition(text: Text, action: str, expected_lock: int | None = None, **values: Any) -> TextState:
    """Move ``text`` with a conditional UPDATE: only from the state (and version) we saw."""
    target = next_state(action, text.state_enum)
    conditions = [Text.id == text.id, Text.state == text.state]
    if expected_lock is not None:
        conditions.append(Text.lock_version == expected_lock)
    result = db.session.execute(
        update(Text).where(*conditions).values(
            state=target.value, lock_version=Text.lock_version + 1, updated_at=utcnow(), **values
        ).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        if expected_lock is not None:
            raise StaleEdit()
        raise IllegalTransition(action, text.state_enum)
    db.session.refresh(text)
    return target


def create_text(author: User, title: str, kind: str, audience: str, body: str) -> Text:
    """A new text in state utkast, with version 1."""
    from klarsprak.review.models import TEXT_KINDS

    if kind not in TEXT_KINDS:
        raise WorkflowError("Välj en typ av text.", 400)
    text = Text(title=_check_title(title), kind=kind, audience=_check_audience(audience),
                author_id=author.id, state=TextState.DRAFT.value)
    db.session.add(text)
    db.session.flush()
    db.session.add(Revision(text_id=text.id, number=1, body=_check_body(body), author_id=author.id))
    audit(author, "create", text, kind=kind)
    db.session.commit()
    return text


def save_draft(user: User, text: Text, body: str, title: str | None, lock_version: int,
               audience: str | None = None) -> None:
    """Save the current version's text; refuse a stale form instead of overwriting."""
    text = _lock(text)
    if not permissions.can_edit(user, text):
        if text.author_id == user.id:
            raise IllegalTransition("save", text.state_enum)
        raise NotAllowed()
    body = _check_body(body)
    new_title = _check_title(title) if title is not None else text.title
    new_audience = _check_audience(audience) if audience is not None else text.audience
    result = db.session.execute(
        update(Text).where(Text.id == text.id, Text.lock_version == lock_version)
        .values(lock_version=Text.lock_version + 1, updated_at=utcnow(), title=new_title, audience=new_audience)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise StaleEdit()
    revision = text.revision()
    revision.body = body
    revision.updated_at = utcnow()
    drop_undo(text)  # a saved body is newer than any change "Ångra" could take back
    audit(user, "save", text, characters=len(body))
    db.session.commit()
    db.session.refresh(text)


def submit(user: User, text: Text, lock_version: int | None = None) -> None:
    """Send to review (utkast or ändringar begärda -> väntar på granskning).

    Refused while any field holds undecided personal data. The reviewers' projection of every
    field is made here, and open comments from the previous version are re-anchored in it."""
    seen = text.lock_version if lock_version is None else lock_version
    _check_submit(user, text)
    pending = pd.undecided(text)
    if pending:
        kinds = ", ".join(sorted({i.datum.label.lower() for i in pending}))
        values = len({(i.datum.group, i.datum.text) for i in pending})  # as the writer's list counts them
        raise WorkflowError(
            f"Texten innehåller {values} personuppgifter som du inte har tagit ställning till "
            f"({kinds}), {pd.where({i.field for i in pending})}. Maskera dem eller markera att de inte "
            "är personuppgifter."
        )
    copy = pd.projection(text)
    # Detection ran without the lock (it takes a while); the lock then proves nothing changed.
    text = _lock(text)
    _check_submit(user, text)
    _transition(text, "submit", seen, submitted_at=utcnow(), claimed_by_id=None, claimed_at=None)
    revision = text.revision()
    revision.review_title, revision.review_audience, revision.review_body = copy.title, copy.audience, copy.body
    _reanchor_open_comments(text, copy.body)
    audit(user, "submit", text)
    db.session.commit()


def _check_submit(user: User, text: Text) -> None:
    if not permissions.can_submit(user, text):
        raise NotAllowed() if text.author_id != user.id else IllegalTransition("submit", text.state_enum)


def withdraw(user: User, text: Text) -> None:
    """The author takes a text back from review (a leak spotted after sending, a change of
    mind): it becomes a draft again and the reviewers' copy of this version is removed."""
    text = _lock(text)
    if text.author_id != user.id:
        raise NotAllowed()
    _transition(text, "withdraw", claimed_by_id=None, claimed_at=None)
    revision = text.revision()
    revision.review_title = revision.review_audience = revision.review_body = None
    audit(user, "withdraw", text)
    db.session.commit()


def _reanchor_open_comments(text: Text, review_body: str) -> None:
    """Place open comments in the new reviewers' copy, or mark them lost. The quoted passage is
    taken from the new copy, so a value masked only now is not kept in an old quote."""
    for comment in db.session.scalars(select(Comment).where(
            Comment.text_id == text.id, Comment.parent_id.is_(None), Comment.status == "open")):
        if comment.start is None or not comment.anchored:
            continue
        place = reanchor(Selector(comment.exact, comment.prefix, comment.suffix, comment.start, comment.end or 0),
                         review_body)
        if place is None:
            comment.anchored = False
            comment.exact = mask(comment.exact, personal_data_in(comment.exact))
            comment.prefix = comment.suffix = ""
        else:
            selector = selector_for(review_body, *place)
            comment.start, comment.end = place
            comment.exact, comment.prefix, comment.suffix = selector.exact, selector.prefix, selector.suffix
            comment.revision_number = text.current_version


def claim(user: User, text: Text, return_days: int = 0) -> None:
    """Take a waiting text. Of two reviewers claiming at once, exactly one wins. ``return_days``:
    for so many days after a new version is sent, only the reviewer who asked for the changes may
    take it (0: anyone may, at once)."""
    if user.role_enum != Role.REVIEWER or text.author_id == user.id:
        raise NotAllowed()
    text = _lock(text)
    if text.state_enum == TextState.IN_REVIEW and text.claimed_by_id == user.id:
        raise WorkflowError("Du granskar redan den här texten.")
    if has_approved(user, text):
        raise WorkflowError("Du har redan godkänt den här versionen. En annan granskare behöver godkänna den också.")
    holder = returned_to(text, return_days)
    if holder is not None and holder != user.id:
        raise WorkflowError("Den här versionen går först tillbaka till granskaren som bad om ändringarna. "
                            "Välj en annan text i listan.")
    try:
        _transition(text, "claim", claimed_by_id=user.id, claimed_at=utcnow())
    except IllegalTransition:
        raise WorkflowError("Någon annan granskar redan den här texten. Välj en annan i listan.") from None
    audit(user, "claim", text)
    db.session.commit()


def returned_to(text: Text, days: int, now: dt.datetime | None = None) -> int | None:
    """The id of the reviewer a waiting new version goes back to first: the one whose decision
    on the previous version asked for changes, for ``days`` after the new version was sent.
    Derived from the reviews, so nothing is stored twice. None: anyone may take it."""
    if days <= 0 or text.state_enum != TextState.WAITING or text.submitted_at is None:
        return None
    if text.submitted_at < (now or utcnow()) - dt.timedelta(days=days):
        return None
    return returned_to_many([text.id]).get(text.id)


def returned_to_many(text_ids: list[int]) -> dict[int, int]:
    """For each text: the active reviewer whose latest decision on it asked for changes on an
    earlier version than the current one, as long as nobody has taken the new version since it
    was sent (a reviewer who took it and gave it back has had their turn). The caller checks
    state and time."""
    if not text_ids:
        return {}
    latest = (select(func.max(Review.id)).where(Review.text_id.in_(text_ids)).group_by(Review.text_id))
    taken_since = exists().where(AuditEvent.text_id == Text.id, AuditEvent.action == "claim",
                                 AuditEvent.at >= Text.submitted_at)
    rows = db.session.execute(
        select(Review.text_id, Review.reviewer_id).join(Text, Text.id == Review.text_id)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.id.in_(latest), Review.decision == "changes", Review.revision_number < Text.current_version,
               User.active.is_(True), User.role == Role.REVIEWER.value, ~taken_since)
    ).all()
    return dict(rows)


def last_change_request(user: User, text: Text) -> Review | None:
    """``user``'s latest request for changes on an earlier version than the one now shared."""
    shared = text.shared_revision()
    if shared is None:
        return None
    return db.session.scalars(select(Review).where(
        Review.text_id == text.id, Review.reviewer_id == user.id, Review.decision == "changes",
        Review.revision_number < shared.number).order_by(Review.id.desc()).limit(1)).first()


def has_approved(user: User, text: Text) -> bool:
    """``user`` has already approved the current version of ``text``."""
    return db.session.scalar(select(func.count()).select_from(Review).where(
        Review.text_id == text.id, Review.revision_number == text.current_version,
        Review.reviewer_id == user.id, Review.decision == "approve")) > 0


def release(user: User, text: Text) -> None:
    """Give a claimed text back to the queue: its reviewer, or a kommunikatör freeing a stalled
    claim (the log then names whose claim it was)."""
    text = _lock(text)
    if text.claimed_by_id != user.id and not permissions.can_see_all_texts(user):
        raise NotAllowed()
    previous = text.claimed_by_id
    _transition(text, "release", claimed_by_id=None, claimed_at=None)
    if previous is not None and previous != user.id:
        audit(user, "release", text, reviewer_id=previous)
    else:
        audit(user, "release", text)
    db.session.commit()


def hand_over(user: User, text: Text, reviewer: User) -> None:
    """A kommunikatör gives a waiting or claimed text to ``reviewer``. Logged as the old claim
    released by the kommunikatör and a claim for the new reviewer that names who gave it, so the
    log replays through the same transitions and the time a reviewer held a text stays right."""
    if not permissions.can_see_all_texts(user):
        raise NotAllowed()
    text = _lock(text)
    if reviewer.role_enum != Role.REVIEWER or not reviewer.active:
        raise WorkflowError("Välj en granskare.", 400)
    if reviewer.id == text.author_id:
        raise WorkflowError("Den som skrev texten kan inte granska den.", 400)
    if text.claimed_by_id == reviewer.id:
        raise WorkflowError("Den granskaren har redan texten.", 400)
    if has_approved(reviewer, text):
        raise WorkflowError("Den granskaren har redan godkänt den här versionen. Välj en annan granskare.", 400)
    if text.state_enum == TextState.IN_REVIEW:
        previous = text.claimed_by_id
        _transition(text, "release", claimed_by_id=None, claimed_at=None)
        audit(user, "release", text, reviewer_id=previous)
    _transition(text, "claim", claimed_by_id=reviewer.id, claimed_at=utcnow())
    audit(reviewer, "claim", text, handed_over_by=user.id)
    db.session.commit()


def expire_claims(days: int) -> int:
    """Return texts whose claim is older than ``days`` to the queue; how many were returned."""
    limit = utcnow() - dt.timedelta(days=days)
    expired = db.session.scalars(
        select(Text).where(Text.state == TextState.IN_REVIEW.value, Text.claimed_at < limit)
    ).all()
    for text in expired:
        previous = text.claimed_by_id
        try:
            _transition(text, "release", claimed_by_id=None, claimed_at=None)
        except IllegalTransition:
            continue
        audit(None, "claim_expired", text, reviewer_id=previous)
    db.session.commit()
    return len(expired)


def reviewers_text(text: Text) -> str:
    """What reviewers read: the masked copy made at submit."""
    revision = text.shared_revision()
    if revision is None:
        raise NotAllowed()
    return revision.review_body or ""


def _typed_text(text: Text, value: str, limit: int, too_long: str) -> tuple[str, int]:
    """Free text typed by anyone, made safe for others to read: too long is refused (nothing is
    cut without a word), personal data is masked before it is stored."""
    value = value.strip().replace("\r\n", "\n")
    if len(value) > limit:
        raise WorkflowError(f"{too_long}: {len(value):,} tecken. Gränsen är {limit:,} tecken."
                            .replace(",", " "), 400)
    return pd.mask_free_text(text, value)


def add_comment(user: User, text: Text, body: str, start: int | None, end: int | None,
                verdict: str | None = None) -> tuple[Comment, int]:
    """Comment on a passage of the reviewers' copy (or the whole text when no passage). Returns
    the comment and how many personal details were masked in it."""
    _check_reviewing(user, text)
    if verdict is not None and verdict not in VERDICTS:
        raise WorkflowError("Välj ett av svaren.", 400)
    body, masked = _typed_text(text, body, MAX_COMMENT, "Kommentaren är för lång")
    if not body and verdict is None:
        raise WorkflowError("Skriv en kommentar eller välj ett svar.", 400)
    text = _lock(text)  # masking took a while: is the text still in this reviewer's hands?
    _check_reviewing(user, text)
    current = reviewers_text(text)
    selector = Selector("", "", "", 0, 0)
    if start is not None and end is not None:
        if not (0 <= start < end <= len(current)):
            raise WorkflowError("Den markerade texten finns inte längre. Ladda om sidan.", 400)
        selector = selector_for(current, start, end)
    comment = Comment(text_id=text.id, revision_number=text.current_version, author_id=user.id,
                      body=body, verdict=verdict, exact=selector.exact, prefix=selector.prefix,
                      suffix=selector.suffix, start=start, end=end)
    db.session.add(comment)
    db.session.flush()
    audit(user, "comment", text, comment_id=comment.id, verdict=verdict, masked=masked)
    db.session.commit()
    return comment, masked


def reply(user: User, text: Text, parent: Comment, body: str) -> tuple[Comment, int]:
    """The author (or the reviewer) answers a comment; personal data in the answer is masked."""
    text = _lock(text)
    if not (text.author_id == user.id or permissions.can_review(user, text)):
        raise NotAllowed()
    body, masked = _typed_text(text, body, MAX_COMMENT, "Svaret är för långt")
    if not body:
        raise WorkflowError("Skriv ett svar.", 400)
    answer = Comment(text_id=text.id, revision_number=text.current_version, author_id=user.id,
                     parent_id=parent.id, body=body, anchored=parent.anchored)
    db.session.add(answer)
    audit(user, "reply", text, comment_id=parent.id, masked=masked)
    db.session.commit()
    return answer, masked


def mark_handled(user: User, text: Text, comment: Comment) -> None:
    """The author marks a comment as dealt with."""
    text = _lock(text)
    if text.author_id != user.id:
        raise NotAllowed()
    comment.status = "handled"
    audit(user, "comment_handled", text, comment_id=comment.id)
    db.session.commit()


def decide(user: User, text: Text, *, vardat: int, enkelt: int, begripligt: int, summary: str,
           decision: str, approvals_needed: int = 1, minutes: int | None = None) -> Review:
    """Rate the whole text and approve it or ask for changes; ``minutes``: the time the
    reviewer reports for it (the basis of their pay)."""
    _check_reviewing(user, text)
    scores = (vardat, enkelt, begripligt)
    if any(not isinstance(s, int) or not 1 <= s <= 5 for s in scores):
        raise WorkflowError("Ge ett betyg från 1 till 5 för vårdat, enkelt och begripligt.", 400)
    if decision not in ("approve", "changes"):
        raise WorkflowError("Välj ”Godkänn” eller ”Behöver ändras”.", 400)
    if minutes is not None and not (isinstance(minutes, int) and 1 <= minutes <= MAX_REVIEW_MINUTES):
        raise WorkflowError(f"Skriv hur många minuter du arbetade, från 1 till {MAX_REVIEW_MINUTES}.", 400)
    summary, _masked = _typed_text(text, summary, MAX_COMMENT, "Sammanfattningen är för lång")
    text = _lock(text)  # from here to the commit nobody else decides, claims or takes it back
    _check_reviewing(user, text)
    review = Review(text_id=text.id, revision_number=text.current_version, reviewer_id=user.id,
                    vardat=vardat, enkelt=enkelt, begripligt=begripligt, summary=summary, decision=decision,
                    minutes=minutes)
    db.session.add(review)
    db.session.flush()
    if decision == "changes":
        action = "request_changes"
    else:
        # Distinct reviewers: one person's two approvals are one.
        approvals = db.session.scalar(
            select(func.count(func.distinct(Review.reviewer_id))).where(
                Review.text_id == text.id, Review.revision_number == text.current_version,
                Review.decision == "approve")
        )
        action = "approve" if approvals >= approvals_needed else "approve_partly"
    _transition(text, action, claimed_by_id=None, claimed_at=None)
    audit(user, action, text, review_id=review.id, scores=scores)
    db.session.commit()
    return review


def new_version(user: User, text: Text, body: str, lock_version: int, title: str | None = None,
                audience: str | None = None) -> None:
    """Write a new version after comments: approvals reset. Open comments are re-anchored when
    the version is sent to review, in its masked copy."""
    text = _lock(text)
    if text.author_id != user.id:
        raise NotAllowed()
    body = _check_body(body)
    changes = {"title": _check_title(title)} if title is not None else {}
    if audience is not None:
        changes["audience"] = _check_audience(audience)
    old = text.current_version
    _transition(text, "new_version", lock_version, current_version=old + 1, **changes)
    db.session.add(Revision(text_id=text.id, number=old + 1, body=body, author_id=user.id))
    drop_undo(text)
    audit(user, "new_version", text, version=old + 1)
    db.session.commit()


class InReview(WorkflowError):
    """Archiving a text the reviewers have: the author takes it back first, on purpose."""

    def __init__(self) -> None:
        super().__init__("Texten är hos granskarna just nu, så den går inte att arkivera. Ta tillbaka "
                         "den från granskningen först om du vill arkivera den.")


def archive(user: User, text: Text) -> None:
    """Archive the text (the author or staff; not while it waits for or is under review)."""
    text = _lock(text)
    if text.state_enum == TextState.ARCHIVED:
        raise IllegalTransition("archive", text.state_enum)
    if text.author_id != user.id and not permissions.can_see_all_texts(user):
        raise NotAllowed()
    if text.state_enum in REVIEW_STATES:
        raise InReview()
    _transition(text, "archive", claimed_by_id=None, claimed_at=None)
    audit(user, "archive", text)
    db.session.commit()


def unarchive(user: User, text: Text) -> None:
    """Bring an archived text back as a draft ("Återställ från arkivet"): its author or staff.
    A version that reviewers saw stays as it was: the draft is then a new version of it, so an
    approved or commented version never changes under its reviews."""
    text = _lock(text)
    if text.author_id != user.id and not permissions.can_see_all_texts(user):
        raise NotAllowed()
    if text.state_enum == TextState.ARCHIVED and text.purged_at is not None:
        raise WorkflowError("Texten går inte att återställa: originalet är borttaget (gallrat). "
                            "Bara granskarnas maskerade kopia finns kvar.")
    current = text.revision()
    if current.review_body is None:
        _transition(text, "unarchive")
    else:
        _transition(text, "unarchive", current_version=text.current_version + 1)
        db.session.add(Revision(text_id=text.id, number=text.current_version, body=current.body,
                                author_id=text.author_id))
    audit(user, "unarchive", text, version=text.current_version)
    db.session.commit()


def dismiss(user: User, text: Text, rule: str, quote: str, reason: str, note: str = "") -> Dismissal:
    """Remember that a finding does not apply to this text (not personal data: the submit gate
    counts every detail, so those are kept or masked in their own list)."""
    if text.author_id != user.id:
        raise NotAllowed()
    if rule.startswith("personal-data"):
        raise WorkflowError("Personuppgifter tar du ställning till i listan Personuppgifter: "
                            "välj Maskera eller ”Inte en personuppgift?”.", 400)
    if reason not in DISMISS_REASONS:
        raise WorkflowError("Välj varför markeringen inte stämmer.", 400)
    dismissal = Dismissal(text_id=text.id, rule=rule[:80], quote_hash=pd.value_hash(rule, quote), reason=reason,
                          note=_typed_text(text, note, MAX_DISMISS_NOTE, "Kommentaren är för lång")[0], user_id=user.id)
    db.session.add(dismissal)
    audit(user, "dismiss", text, rule=rule, reason=reason)
    db.session.commit()
    return dismissal


def dismissed_hashes(text: Text) -> set[tuple[str, str]]:
    """(rule, hash of the passage) for every finding dismissed on this text."""
    return {(d.rule, d.quote_hash) for d in db.session.scalars(select(Dismissal).where(Dismissal.text_id == text.id))}


def drop_undo(text: Text) -> None:
    """Remove the undo kept for ``text`` (in the caller's transaction)."""
    db.session.execute(db.delete(UndoChange).where(UndoChange.text_id == text.id))


def keep_undo(author: User, text: Text, changes: list[tuple[int, str, str]]) -> int | None:
    """Keep what "Ångra" needs after a replacement was saved: ``changes`` as ``(start, old words,
    new words)`` in the saved body, for the version and lock the save left. The text's latest
    change replaces any earlier one. Its id, or None when there is nothing to undo or another tab
    stored an undo for the text at the same moment (that one stands)."""
    if not changes:
        return None
    drop_undo(text)
    row = UndoChange(text_id=text.id, author_id=author.id, revision_number=text.current_version,
                     lock_version=text.lock_version,
                     changes_json=json.dumps([list(c) for c in changes], ensure_ascii=False))
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return row.id


def erase_originals(text: Text, actor: User | None = None, reason: str = "request") -> None:
    """Remove the author's originals of ``text`` (every version's body, the title, the audience)
    and keep the masked copies, the ratings and the audit trail. Versions never sent are masked
    now, with everything the detector finds."""
    if text.purged_at is not None:
        return
    for revision in text.revisions:
        if revision.review_body is None:
            revision.review_body = mask(revision.body, personal_data_in(revision.body))
            revision.review_title = mask(text.title, personal_data_in(text.title))
            revision.review_audience = mask(text.audience or "", personal_data_in(text.audience or ""))
        revision.body = revision.review_body
    newest = text.shared_revision()
    text.title = (newest.review_title if newest else None) or f"Text {text.id}"
    text.audience = (newest.review_audience if newest else None) or ""
    db.session.execute(db.delete(PersonalDataDecision).where(PersonalDataDecision.text_id == text.id))
    drop_undo(text)  # the words "Ångra" would put back are originals too
    text.purged_at = utcnow()
    audit(actor, "erase_originals", text, reason=reason)


def purge_expired(days: int, now: dt.datetime | None = None) -> int:
    """Erase the originals of texts approved or archived more than ``days`` ago; how many."""
    limit = (now or utcnow()) - dt.timedelta(days=days)
    # When it became approved or archived: the audit log knows (updated_at moves with any event).
    ended = (select(AuditEvent.text_id, func.max(AuditEvent.at).label("at"))
             .where(AuditEvent.action.in_(["approve", "archive"])).group_by(AuditEvent.text_id).subquery())
    done = db.session.scalars(select(Text).join(ended, ended.c.text_id == Text.id).where(
        Text.state.in_([TextState.APPROVED.value, TextState.ARCHIVED.value]),
        Text.purged_at.is_(None), ended.c.at < limit)).all()
    for text in done:
        erase_originals(text, None, "retention")
    db.session.commit()
    return len(done)
