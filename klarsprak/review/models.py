"""Database models of the review workflow (typed SQLAlchemy 2.0, portable SQL only)."""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy import Text as SqlText
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from klarsprak.extensions import db
from klarsprak.review.states import TextState


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Role(str, enum.Enum):
    WRITER = "skribent"
    REVIEWER = "granskare"
    COMMUNICATOR = "kommunikator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"skribent": "Skribent", "granskare": "Granskare", "kommunikator": "Kommunikatör",
                "admin": "Administratör"}[self.value]


TEXT_KINDS: dict[str, str] = {
    "beslut": "Beslut", "brev": "Brev", "kallelse": "Kallelse", "mall": "Mall",
    "webbtext": "Webbtext", "broschyr": "Broschyr", "annat": "Annat",
}


MAX_UNIT = 120
MAX_REVIEW_MINUTES = 24 * 60  # time a reviewer reports for one decision


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role in ('skribent','granskare','kommunikator','admin')", name="ck_user_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the session cookie's user id: bumping it (logout, new password, new role,
    # deactivation) makes every earlier cookie of this user worthless, in every worker.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The writer's unit (enhet), set by an admin; the overview groups and filters by it.
    unit: Mapped[str] = mapped_column(String(MAX_UNIT), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """What the session cookie holds: the id and the session version."""
        return f"{self.id}:{self.session_version}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Text(db.Model):
    __tablename__ = "texts"
    __table_args__ = (
        CheckConstraint(
            "state in ('utkast','vantar','under_granskning','andringar_begarda','godkand','arkiverad')",
            name="ck_text_state",
        ),
        CheckConstraint("kind in ('beslut','brev','kallelse','mall','webbtext','broschyr','annat')", name="ck_text_kind"),
        Index("ix_texts_state_submitted", "state", "submitted_at"),
        # The overview's default order, its "days in state" order and its "Väntar länge" count.
        Index("ix_texts_updated_at", "updated_at"),
        Index("ix_texts_state_changed_at", "state_changed_at"),
        Index("ix_texts_state_state_changed_at", "state", "state_changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    audience: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=TextState.DRAFT.value)
    current_version: Mapped[int] = mapped_column(default=1)
    # Bumped by every change; a form posted with an older value is stale and refused.
    lock_version: Mapped[int] = mapped_column(default=1)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    # Set when the originals were removed (retention or a request): only masked copies remain.
    purged_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # When the state last changed: the newest state-changing audit event's time, kept here by
    # klarsprak.review.reporting when that event is written, so the overview need not group the log.
    state_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    revisions: Mapped[list[Revision]] = relationship(back_populates="text", order_by="Revision.number")

    @property
    def state_enum(self) -> TextState:
        return TextState(self.state)

    @property
    def kind_label(self) -> str:
        return TEXT_KINDS.get(self.kind, self.kind)

    def revision(self, number: int | None = None) -> Revision:
        """The given version (default: the current one)."""
        wanted = number or self.current_version
        return next(r for r in self.revisions if r.number == wanted)

    def shared_revision(self) -> Revision | None:
        """The newest version sent to review: the only one anyone but the author may see. None
        for a text never sent (or withdrawn before any other version was sent)."""
        return max((r for r in self.revisions if r.review_body is not None), key=lambda r: r.number, default=None)


class Revision(db.Model):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("text_id", "number", name="uq_revision_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("texts.id"), index=True)
    number: Mapped[int]
    body: Mapped[str] = mapped_column(SqlText)
    # The reviewers' projection of this version: every field with personal data replaced by
    # placeholders, made when the version is sent to review. Everyone but the author sees only
    # these; the originals live in `body` and the text's title and audience.
    review_title: Mapped[str | None] = mapped_column(String(200), nullable=True)
    review_audience: Mapped[str | None] = mapped_column(String(200), nullable=True)
    review_body: Mapped[str | None] = mapped_column(SqlText, nullable=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    text: Mapped[Text] = relationship(back_populates="revisions")


class Comment(db.Model):
    """A comment on a passage, anchored with W3C Web Annotation selectors."""

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("status in ('open','handled')", name="ck_comment_status"),
        CheckConstraint("verdict is null or verdict in ('forstar','forstar_inte','oklart_vem')", name="ck_comment_verdict"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("texts.id"), index=True)
    revision_number: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), nullable=True, index=True)
    body: Mapped[str] = mapped_column(SqlText, default="")
    verdict: Mapped[str | None] = mapped_column(String(20), nullable=True)
    exact: Mapped[str] = mapped_column(SqlText, default="")
    prefix: Mapped[str] = mapped_column(String(64), default="")
    suffix: Mapped[str] = mapped_column(String(64), default="")
    start: Mapped[int | None] = mapped_column(nullable=True)
    end: Mapped[int | None] = mapped_column(nullable=True)
    anchored: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()
    replies: Mapped[list[Comment]] = relationship(order_by="Comment.id")


class Review(db.Model):
    """A reviewer's rating and decision on one version."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("decision in ('approve','changes')", name="ck_review_decision"),
        CheckConstraint("vardat between 1 and 5 and enkelt between 1 and 5 and begripligt between 1 and 5",
                        name="ck_review_scale"),
        CheckConstraint("minutes is null or minutes between 1 and 1440", name="ck_review_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("texts.id"), index=True)
    revision_number: Mapped[int]
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    vardat: Mapped[int]
    enkelt: Mapped[int]
    begripligt: Mapped[int]
    summary: Mapped[str] = mapped_column(SqlText, default="")
    decision: Mapped[str] = mapped_column(String(10))
    # Time the reviewer reports for this review, the basis of their pay (arvode). None for
    # reviews made before it was asked for.
    minutes: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    reviewer: Mapped[User] = relationship()


class Dismissal(db.Model):
    """A finding the writer dismissed, remembered for the text and counted per rule."""

    __tablename__ = "dismissals"
    __table_args__ = (CheckConstraint("reason in ('felaktig','fackterm','annat')", name="ck_dismissal_reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("texts.id"), index=True)
    rule: Mapped[str] = mapped_column(String(80), index=True)
    # A keyed hash of the dismissed passage: enough to hide the same finding again, and no copy
    # of what the writer typed.
    quote_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PersonalDataDecision(db.Model):
    """The author's choice for one personal value in a text: mask it, or keep it (not personal data)."""

    __tablename__ = "personal_data_decisions"
    __table_args__ = (
        CheckConstraint("decision in ('mask','keep')", name="ck_pd_decision"),
        UniqueConstraint("text_id", "kind", "value_hash", name="uq_pd_decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("texts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    # HMAC of the value (klarsprak.review.personal_data.value_hash), never the value itself.
    value_hash: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LoginAttempt(db.Model):
    """One try to log in, for throttling that holds across workers and hosts. Holds the account
    (when the typed name is one) and the address, never the typed name or password."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_user_at", "user_id", "at"), Index("ix_login_attempts_address_at",
                                                                                   "address", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    success: Mapped[bool] = mapped_column(default=False)


class RevisionMetrics(db.Model):
    """A version's readability figures as they were when it was sent to review: the effect of
    review is the difference between the first version sent and the version approved."""

    __tablename__ = "revision_metrics"
    __table_args__ = (UniqueConstraint("text_id", "revision_number", name="uq_revision_metrics"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("texts.id"))
    revision_number: Mapped[int]
    words: Mapped[int] = mapped_column(default=0)
    lix: Mapped[float] = mapped_column(Float, default=0.0)
    passive_share: Mapped[float] = mapped_column(Float, default=0.0)
    avg_sentence_length: Mapped[float] = mapped_column(Float, default=0.0)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FindingCount(db.Model):
    """How many findings of one rule the writer was shown in a version sent to review: the
    denominator of the rule's dismissal rate."""

    __tablename__ = "finding_counts"
    __table_args__ = (UniqueConstraint("text_id", "revision_number", "rule", name="uq_finding_count"),
                      CheckConstraint("count >= 0", name="ck_finding_count"))

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("texts.id"))
    revision_number: Mapped[int]
    rule: Mapped[str] = mapped_column(String(80), index=True)
    count: Mapped[int]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


NOTIFICATION_KINDS = ("changes_requested", "approved", "new_version", "claim_reminder", "claim_expired",
                      "changes_reminder", "digest")
# A notice's e-mail: none wanted (NULL), waiting to be sent or retried, being sent by one process
# (claimed: no other may send it), sent, given up after the last try, or no longer wanted
# (address removed, account closed, a newer digest).
MAIL_STATES = ("pending", "sending", "sent", "failed", "dropped")


class Notification(db.Model):
    """An in-app notice (avisering) for one person. Holds ids, a kind and a count, never typed
    text: the page and the e-mail take the text's masked title from the projection when shown."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint("kind in (" + ", ".join(f"'{k}'" for k in NOTIFICATION_KINDS) + ")",
                        name="ck_notification_kind"),
        CheckConstraint("mail_state in (" + ", ".join(f"'{s}'" for s in MAIL_STATES) + ")",
                        name="ck_notification_mail_state"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_mail_state", "mail_state"),  # the daily command finds the unsent
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text_id: Mapped[int | None] = mapped_column(ForeignKey("texts.id"), nullable=True)
    revision_number: Mapped[int | None] = mapped_column(nullable=True)
    kind: Mapped[str] = mapped_column(String(30))
    count: Mapped[int] = mapped_column(default=0)  # the digest's number of waiting texts
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    mail_state: Mapped[str | None] = mapped_column(String(10), nullable=True)
    mail_tries: Mapped[int] = mapped_column(default=0)  # sends tried, at most notifications.MAIL_TRIES
    # When the process sending it ("sending") claimed it: a claim older than
    # notifications.MAIL_CLAIM_STALE is a sender that died, and may be taken again.
    mail_claimed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)


class NotificationSettings(db.Model):
    """One person's choices: an e-mail address for notices, and the reviewers' daily digest."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    daily_digest: Mapped[bool] = mapped_column(default=False)


class AuditEvent(db.Model):
    """Append-only log of every transition, claim, comment, rating and dismissal."""

    __tablename__ = "audit_events"
    # The overview asks, per text, when its state last changed; the charts ask per action.
    __table_args__ = (Index("ix_audit_events_text_action_at", "text_id", "action", "at"),
                      Index("ix_audit_events_action_at", "action", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    text_id: Mapped[int | None] = mapped_column(ForeignKey("texts.id"), nullable=True, index=True)
    revision_number: Mapped[int | None] = mapped_column(nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    detail_json: Mapped[str] = mapped_column(SqlText, default="{}")

    @property
    def detail(self) -> dict[str, Any]:
        return json.loads(self.detail_json or "{}")


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(_mapper, _connection, target: AuditEvent) -> None:
    raise RuntimeError("audit events are append-only")


RULE_CHANGE_ACTIONS = ("switch", "parameters", "entry_save", "entry_remove", "accept_add", "accept_remove", "import")


class RuleChange(db.Model):
    """One local change to the shipped rules (``rules/`` stays the default). Rows are only ever
    added: the local rule set is every row applied in order, the largest id is its version, and
    the rows are the history (who, when, what)."""

    __tablename__ = "rule_changes"
    __table_args__ = (CheckConstraint(
        "action in (" + ", ".join(f"'{a}'" for a in RULE_CHANGE_ACTIONS) + ")", name="ck_rule_change_action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    rule_id: Mapped[str] = mapped_column(String(80), default="", index=True)
    action: Mapped[str] = mapped_column(String(20))
    detail_json: Mapped[str] = mapped_column(SqlText, default="{}")

    @property
    def detail(self) -> dict[str, Any]:
        return json.loads(self.detail_json or "{}")


@event.listens_for(RuleChange, "before_update")
@event.listens_for(RuleChange, "before_delete")
def _rule_changes_are_append_only(_mapper, _connection, target: RuleChange) -> None:
    raise RuntimeError("rule changes are append-only")


class UndoChange(db.Model):
    """What "Ångra" puts back after "Använd förslaget" or "Ändra alla": the replaced words, kept
    on the server (a session cookie would outgrow the browser's 4 kB after a large "Ändra alla",
    and a hidden field could be posted back changed). One row per text, the latest change; it is
    removed when used, when the text is saved again or gets a new version, and with the other
    originals when they are erased (the old words are the writer's original text)."""

    __tablename__ = "undo_changes"
    # An id is never given twice (SQLite would reuse the largest after a delete): an old page's
    # "Ångra" must not come to mean a newer change.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("texts.id"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The version and the text's lock version that the change left: the undo fits only those.
    revision_number: Mapped[int]
    lock_version: Mapped[int]
    # [[start, old words, new words], ...] as they stand in the changed body.
    changes_json: Mapped[str] = mapped_column(SqlText)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
