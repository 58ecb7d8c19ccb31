"""notifications and notification_settings: in-app notices (aviseringar) and each person's
e-mail address and daily-digest choice

Revision ID: f1b6d3a8c502
Revises: e4a7c2d9f611
Create Date: 2026-12-01 23:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f1b6d3a8c502"
down_revision = "e4a7c2d9f611"
branch_labels = None
depends_on = None

KINDS = ("changes_requested", "approved", "new_version", "claim_reminder", "claim_expired", "changes_reminder",
         "digest")


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("text_id", sa.Integer(), sa.ForeignKey("texts.id"), nullable=True),
        sa.Column("revision_number", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind in (" + ", ".join(f"'{k}'" for k in KINDS) + ")", name="ck_notification_kind"),
    )
    op.create_index("ix_notifications_user_read", "notifications", ["user_id", "read_at"])
    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, server_default=""),
        sa.Column("daily_digest", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade():
    op.drop_table("notification_settings")
    op.drop_index("ix_notifications_user_read", table_name="notifications")
    op.drop_table("notifications")
