"""The append-only audit log. Details hold ids, kinds and counts, never typed text: a title, a
comment or a personal value in the log would be a copy nobody can mask or purge."""

from __future__ import annotations

import json

from klarsprak.extensions import db
from klarsprak.review.models import AuditEvent, Text, User, utcnow

AuditValue = int | str | bool | None | tuple | list


def audit(user: User | None, action: str, text: Text | None = None, **detail: AuditValue) -> None:
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
