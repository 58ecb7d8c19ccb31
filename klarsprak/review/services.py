"""Every state change of the workflow. Views call these; nothing else commits.

Each operation checks permission and state, changes the rows, appends an audit event and commits
in one transaction, so a refused action leaves nothing half-done. Races (two reviewers claiming
at once, an edit posted after someone else's) are settled by conditional UPDATEs on the
database, not by reading first.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select, update

from klarsprak.extensions import db
from klarsprak.review import permissions
from klarsprak.privacy import PersonalDatum, mask
from klarsprak.review.analysis import personal_data_in
from klarsprak.review.anchoring import Selector, reanchor, selector_for
from klarsprak.review.models import (
    AuditEvent,
    Comment,
    Dismissal,
    PersonalDataDecision,
    Review,
    Revision,
    Role,
    Text,
    User,
    utcnow,
)
from klarsprak.review.states import IllegalTransition, TextState, next_state

MAX_CHARS = 100_000
MAX_TITLE = 200
VERDICTS = {"forstar": "Jag förstår", "forstar_inte": "Jag förstår inte", "oklart_vem": "Oklart vem som ska göra vad"}
DISMISS_REASONS = {"felaktig": "Felaktig markering", "fackterm": "Nödvändig fackterm", "annat": "Annat"}


class WorkflowError(Exception):
    """A refused action, with a Swedish message. ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


class NotAllowed(WorkflowError):
    def __init__(self) -> None:
        super().__init__("Du har inte behörighet att göra det här.", 403)


class StaleEdit(WorkflowError):
    def __init__(self) -> None:
        super().__init__(
            "Texten har ändrats av någon annan sedan du öppnade den. Din version finns kvar i "
            "rutan: kopiera den, ladda om sidan och för in dina ändringar igen."
        )


def audit(user: User | None, action: str, text: Text | None = None, **detail: Any) -> None:
    """Append an audit event to the current transaction; it is also the text's latest activity
    (comments and ratings count, not only edits), which "Mina texter" shows."""
    if text is not None:
        text.updated_at = utcnow()
    db.session.add(AuditEvent(
        user_id=user.id if user else None,
        text_id=text.id if text else None,
        revision_number=text.current_version if text else None,
        action=action,
        detail_json=json.dumps(detail, ensure_ascii=False, default=str),
    ))


MIN_PASSWORD = 10


def create_user(username: str, display_name: str, role: str, password: str) -> User:
    """A new account (the admin page, ``flask create-user`` and the demo data all come here)."""
    if role not in {r.value for r in Role}:
        raise WorkflowError(f"Okänd roll: {role}.", 400)
    if len(password) < MIN_PASSWORD:
        raise WorkflowError(f"Lösenordet måste ha minst {MIN_PASSWORD} tecken.", 400)
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise WorkflowError(f"Användarnamnet {username} finns redan.", 400)
    user = User(username=username, display_name=display_name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit(None, "user_created", None, username=username, role=role)
    db.session.commit()
    return user


def update_user(admin: User, user: User, role: str, active: bool) -> None:
    """Set someone's role and whether the account is open; nobody locks themselves out."""
    if not permissions.can_manage_users(admin):
        raise NotAllowed()
    if role not in {r.value for r in Role}:
        raise WorkflowError(f"Okänd roll: {role}.", 400)
    if user.id == admin.id and (role != Role.ADMIN.value or not active):
        raise WorkflowError("Du kan inte ta bort din egen administratörsroll eller stänga av dig själv.", 400)
    user.role, user.active = role, active
    audit(admin, "user_updated", None, user_id=user.id, role=role, active=active)
    db.session.commit()


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
    return title[:MAX_TITLE]


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
    text = Text(title=_check_title(title), kind=kind, audience=" ".join(audience.split())[:200],
                author_id=author.id, state=TextState.DRAFT.value)
    db.session.add(text)
    db.session.flush()
    db.session.add(Revision(text_id=text.id, number=1, body=_check_body(body), author_id=author.id))
    audit(author, "create", text, title=text.title)
    db.session.commit()
    return text


def save_draft(user: User, text: Text, body: str, title: str | None, lock_version: int) -> None:
    """Save the current version's text; refuse a stale form instead of overwriting."""
    if not permissions.can_edit(user, text):
        raise NotAllowed()
    body = _check_body(body)
    new_title = _check_title(title) if title is not None else text.title
    result = db.session.execute(
        update(Text).where(Text.id == text.id, Text.lock_version == lock_version)
        .values(lock_version=Text.lock_version + 1, updated_at=utcnow(), title=new_title)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise StaleEdit()
    revision = text.revision()
    revision.body = body
    revision.updated_at = utcnow()
    audit(user, "save", text, characters=len(body))
    db.session.commit()
    db.session.refresh(text)


def decisions_for(text: Text) -> dict[tuple[str, str], PersonalDataDecision]:
    """The author's choices for this text, by (kind group, original value)."""
    rows = db.session.scalars(select(PersonalDataDecision).where(PersonalDataDecision.text_id == text.id))
    return {(d.kind, d.quote): d for d in rows}


def personal_data_choices(text: Text) -> list[tuple[PersonalDatum, PersonalDataDecision | None]]:
    """Each personal detail in the current version with the author's choice (None: undecided).
    The page's list, the submit gate and the reviewers' copy all come from here."""
    chosen = decisions_for(text)
    return [(d, chosen.get((d.group, d.text))) for d in personal_data_in(text.revision().body)]


def undecided(text: Text) -> list[PersonalDatum]:
    """Personal details the author has not yet chosen to mask or keep."""
    return [d for d, choice in personal_data_choices(text) if choice is None]


def to_mask(choices: list[tuple[PersonalDatum, PersonalDataDecision | None]]) -> list[PersonalDatum]:
    """Everything but what the author chose to keep (undecided details are masked too)."""
    return [d for d, choice in choices if choice is None or choice.decision == "mask"]


def decide_personal_datum(user: User, text: Text, group: str, quote: str, decision: str, reason: str = "") -> None:
    """Mask one personal detail, or keep it with a reason (a staff member's work phone …)."""
    if text.author_id != user.id:
        raise NotAllowed()
    if decision not in ("mask", "keep"):
        raise WorkflowError("Välj om uppgiften ska maskeras eller stå kvar.", 400)
    if decision == "keep" and not reason.strip():
        raise WorkflowError("Skriv varför uppgiften inte är en personuppgift.", 400)
    choice = next((c for d, c in personal_data_choices(text) if d.group == group and d.text == quote), False)
    if choice is False:
        raise WorkflowError("Uppgiften finns inte längre i texten. Ladda om sidan.", 400)
    if choice is None:
        db.session.add(PersonalDataDecision(text_id=text.id, kind=group, quote=quote[:500], decision=decision,
                                            reason=reason.strip()[:500], user_id=user.id))
    else:
        choice.decision, choice.reason = decision, reason.strip()[:500]
    # The audit log says what kind and what was chosen, never the value itself.
    audit(user, f"personal_data_{decision}", text, kind=group, reason=reason.strip()[:500])
    db.session.commit()


def mask_all(user: User, text: Text) -> int:
    """Mark every undecided personal detail for masking; how many values that was."""
    if text.author_id != user.id:
        raise NotAllowed()
    # One choice per value: "Tolvan" twice in a letter is one decision (and one row).
    pending = {(d.group, d.text): d for d in undecided(text)}
    for group, value in pending:
        db.session.add(PersonalDataDecision(text_id=text.id, kind=group, quote=value[:500], decision="mask",
                                            user_id=user.id))
    audit(user, "personal_data_mask_all", text, count=len(pending))
    db.session.commit()
    return len(pending)


def review_copy(text: Text) -> str:
    """The current version with every detail masked unless the author chose to keep it."""
    return mask(text.revision().body, to_mask(personal_data_choices(text)))


def submit(user: User, text: Text, lock_version: int | None = None) -> None:
    """Send to review (utkast or ändringar begärda -> väntar på granskning).

    Refused while personal data is undecided; the reviewers' copy is masked here, and open
    comments from the previous version are re-anchored in it."""
    if not permissions.can_submit(user, text):
        raise NotAllowed() if text.author_id != user.id else IllegalTransition("submit", text.state_enum)
    pending = undecided(text)
    if pending:
        kinds = ", ".join(sorted({d.label.lower() for d in pending}))
        raise WorkflowError(
            f"Texten innehåller {len(pending)} personuppgifter som du inte har tagit ställning till "
            f"({kinds}). Maskera dem eller markera att de inte är personuppgifter."
        )
    copy = review_copy(text)
    _transition(text, "submit", lock_version, submitted_at=utcnow(), claimed_by_id=None, claimed_at=None)
    text.revision().review_body = copy
    _reanchor_open_comments(text, copy)
    audit(user, "submit", text)
    db.session.commit()


def _reanchor_open_comments(text: Text, review_body: str) -> None:
    """Place open comments from earlier versions in the new reviewers' copy, or mark them lost."""
    for comment in db.session.scalars(select(Comment).where(
            Comment.text_id == text.id, Comment.parent_id.is_(None), Comment.status == "open",
            Comment.revision_number < text.current_version)):
        if comment.start is None or not comment.anchored:
            continue
        place = reanchor(Selector(comment.exact, comment.prefix, comment.suffix, comment.start, comment.end or 0),
                         review_body)
        if place is None:
            comment.anchored = False
        else:
            comment.start, comment.end = place
            comment.revision_number = text.current_version


def claim(user: User, text: Text) -> None:
    """Take a waiting text. Of two reviewers claiming at once, exactly one wins."""
    if user.role_enum != Role.REVIEWER or text.author_id == user.id:
        raise NotAllowed()
    try:
        _transition(text, "claim", claimed_by_id=user.id, claimed_at=utcnow())
    except IllegalTransition:
        raise WorkflowError("Någon annan granskar redan den här texten. Välj en annan i listan.") from None
    audit(user, "claim", text)
    db.session.commit()


def release(user: User, text: Text) -> None:
    """Give a claimed text back to the queue."""
    if text.claimed_by_id != user.id and not permissions.can_see_all_texts(user):
        raise NotAllowed()
    _transition(text, "release", claimed_by_id=None, claimed_at=None)
    audit(user, "release", text)
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
    """What reviewers read: the masked copy (made at submit; masked now if it is missing)."""
    revision = text.revision()
    if revision.review_body is None:
        return mask(revision.body, list(personal_data_in(revision.body)))
    return revision.review_body


def add_comment(user: User, text: Text, body: str, start: int | None, end: int | None,
                verdict: str | None = None) -> Comment:
    """Comment on a passage of the current version (or the whole text when no passage)."""
    if not permissions.can_review(user, text) and text.author_id != user.id:
        raise NotAllowed()
    body = body.strip()
    if verdict is not None and verdict not in VERDICTS:
        raise WorkflowError("Välj ett av svaren.", 400)
    if not body and verdict is None:
        raise WorkflowError("Skriv en kommentar eller välj ett svar.", 400)
    if len(body) > 5000:
        raise WorkflowError("Kommentaren är för lång (högst 5 000 tecken).", 400)
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
    audit(user, "comment", text, comment_id=comment.id, verdict=verdict)
    db.session.commit()
    return comment


def reply(user: User, text: Text, parent: Comment, body: str) -> Comment:
    """The author (or the reviewer) answers a comment."""
    if not (text.author_id == user.id or permissions.can_review(user, text)):
        raise NotAllowed()
    if not body.strip():
        raise WorkflowError("Skriv ett svar.", 400)
    answer = Comment(text_id=text.id, revision_number=text.current_version, author_id=user.id,
                     parent_id=parent.id, body=body.strip()[:5000], anchored=parent.anchored)
    db.session.add(answer)
    audit(user, "reply", text, comment_id=parent.id)
    db.session.commit()
    return answer


def mark_handled(user: User, text: Text, comment: Comment) -> None:
    if text.author_id != user.id:
        raise NotAllowed()
    comment.status = "handled"
    audit(user, "comment_handled", text, comment_id=comment.id)
    db.session.commit()


def decide(user: User, text: Text, *, vardat: int, enkelt: int, begripligt: int, summary: str,
           decision: str, approvals_needed: int = 1) -> Review:
    """Rate the whole text and approve it or ask for changes."""
    if not permissions.can_review(user, text):
        raise NotAllowed()
    scores = (vardat, enkelt, begripligt)
    if any(not isinstance(s, int) or not 1 <= s <= 5 for s in scores):
        raise WorkflowError("Ge ett betyg från 1 till 5 för vårdat, enkelt och begripligt.", 400)
    if decision not in ("approve", "changes"):
        raise WorkflowError("Välj ”Godkänn” eller ”Behöver ändras”.", 400)
    review = Review(text_id=text.id, revision_number=text.current_version, reviewer_id=user.id,
                    vardat=vardat, enkelt=enkelt, begripligt=begripligt, summary=summary.strip()[:5000],
                    decision=decision)
    db.session.add(review)
    db.session.flush()
    if decision == "changes":
        action = "request_changes"
    else:
        approvals = db.session.scalar(
            select(func.count()).select_from(Review).where(
                Review.text_id == text.id, Review.revision_number == text.current_version,
                Review.decision == "approve")
        )
        action = "approve" if approvals >= approvals_needed else "approve_partly"
    _transition(text, action, claimed_by_id=None, claimed_at=None)
    audit(user, action, text, review_id=review.id, scores=scores)
    db.session.commit()
    return review


def new_version(user: User, text: Text, body: str, lock_version: int) -> None:
    """Write a new version after comments: approvals reset. Open comments are re-anchored when
    the version is sent to review, in its masked copy."""
    if text.author_id != user.id:
        raise NotAllowed()
    body = _check_body(body)
    old = text.current_version
    _transition(text, "new_version", lock_version, current_version=old + 1)
    db.session.add(Revision(text_id=text.id, number=old + 1, body=body, author_id=user.id))
    audit(user, "new_version", text, version=old + 1)
    db.session.commit()


def archive(user: User, text: Text) -> None:
    if not permissions.can_archive(user, text):
        raise NotAllowed()
    _transition(text, "archive", claimed_by_id=None, claimed_at=None)
    audit(user, "archive", text)
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
    dismissal = Dismissal(text_id=text.id, rule=rule[:80], quote=quote[:500], reason=reason,
                          note=note.strip()[:500], user_id=user.id)
    db.session.add(dismissal)
    audit(user, "dismiss", text, rule=rule, reason=reason)
    db.session.commit()
    return dismissal
