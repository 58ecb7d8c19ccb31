"""Who may do what with a text. Pure functions, tested alone; views call them for every request."""

from __future__ import annotations

from klarsprak.review.models import Role, Text, User
from klarsprak.review.states import REVIEW_STATES, TextState

REVIEWABLE = REVIEW_STATES
STAFF = frozenset({Role.COMMUNICATOR, Role.ADMIN})


def can_view(user: User, text: Text) -> bool:
    """Authors see their own texts; reviewers only texts in review; staff see everything."""
    role = user.role_enum
    if role in STAFF or text.author_id == user.id:
        return True
    if role == Role.REVIEWER:
        return text.state_enum in REVIEWABLE and (text.claimed_by_id in (None, user.id))
    return False


def can_edit(user: User, text: Text) -> bool:
    """Only the author edits, and only a draft or a text with requested changes."""
    return text.author_id == user.id and text.state_enum in (TextState.DRAFT, TextState.CHANGES_REQUESTED)


def can_submit(user: User, text: Text) -> bool:
    return text.author_id == user.id and text.state_enum in (TextState.DRAFT, TextState.CHANGES_REQUESTED)


def can_claim(user: User, text: Text) -> bool:
    """A reviewer may take a waiting text, but never their own."""
    return user.role_enum == Role.REVIEWER and text.author_id != user.id and text.state_enum == TextState.WAITING


def can_review(user: User, text: Text) -> bool:
    """Comment, rate and decide: the reviewer who holds the claim."""
    return text.state_enum == TextState.IN_REVIEW and text.claimed_by_id == user.id and text.author_id != user.id


def can_archive(user: User, text: Text) -> bool:
    """The author or staff, but not while reviewers have the text (take it back first)."""
    return (text.state_enum not in (TextState.ARCHIVED, *REVIEWABLE)
            and (text.author_id == user.id or user.role_enum in STAFF))


def can_unarchive(user: User, text: Text) -> bool:
    """The author or a kommunikatör (or admin) brings an archived text back as a draft, as long
    as its originals are still there (a purged text has only the masked copy left)."""
    return (text.state_enum == TextState.ARCHIVED and text.purged_at is None
            and (text.author_id == user.id or user.role_enum in STAFF))


def can_manage_users(user: User) -> bool:
    return user.role_enum == Role.ADMIN


def can_see_all_texts(user: User) -> bool:
    return user.role_enum in STAFF


def sees_originals(user: User, text: Text) -> bool:
    """Only the author sees what was typed; everyone else sees the reviewers' projection."""
    return text.author_id == user.id and text.purged_at is None


def can_withdraw(user: User, text: Text) -> bool:
    """The author may take a text back while it waits or is being reviewed."""
    return text.author_id == user.id and text.state_enum in REVIEWABLE
