"""The append-only audit log. Details hold ids, kinds and counts, never typed text: a title, a
comment or a personal value in the log would be a copy nobody can mask or purge."""

from __future__ import annotations

import json

from klarsprak.extensions import db
from klarsprak.review.models import AuditEvent, Text, User, utcnow

AuditValue = int | str | bool | None | tuple | list

# What each action is called on the log page.
ACTION_LABELS: dict[str, str] = {
    "create": "Ny text", "save": "Sparad", "submit": "Skickad till granskning", "withdraw": "Tagen tillbaka",
    "claim": "Tagen för granskning", "release": "Lämnad tillbaka", "claim_expired": "Granskning gick ut",
    "comment": "Kommentar", "reply": "Svar", "comment_handled": "Kommentar hanterad",
    "approve": "Godkänd", "approve_partly": "Godkänd av en granskare", "request_changes": "Ändringar begärda",
    "new_version": "Ny version", "archive": "Arkiverad", "unarchive": "Återställd från arkivet",
    "dismiss": "Markering borttagen",
    "personal_data_mask": "Personuppgift maskeras", "personal_data_keep": "Personuppgift står kvar",
    "personal_data_mask_all": "Alla personuppgifter maskeras", "erase_originals": "Original borttagna",
    "login": "Inloggning", "login_failed": "Misslyckad inloggning", "logout": "Utloggning",
    "user_created": "Ny användare", "user_updated": "Användare ändrad",
    "backup": "Säkerhetskopia sparad", "restore": "Säkerhetskopia inläst", "copy_db": "Databasen kopierad",
}
# bandit B105 takes these labels for passwords (false positives). One statement each, so the
# exemption covers nothing else; a bare nosec, because "nosec B105" makes bandit warn here.
ACTION_LABELS["password_changed"] = "Lösenord bytt"  # nosec
ACTION_LABELS["password_reset"] = "Nytt lösenord från admin"  # nosec
# What each detail is called on the log page.
DETAIL_LABELS: dict[str, str] = {
    "user_id": "användare", "role": "roll", "active": "aktivt konto", "kind": "typ", "count": "antal",
    "comment_id": "kommentar", "verdict": "snabbsvar", "masked": "maskerade uppgifter", "review_id": "omdöme",
    "scores": "betyg", "version": "version", "reason": "skäl", "characters": "tecken", "rule": "regel",
    "reviewer_id": "granskare", "handed_over_by": "gavs av",
}


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
