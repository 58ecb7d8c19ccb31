"""overview and reports: the writer's unit, the reviewer's reported minutes, readability and
finding counts per version sent, indexes on the audit log for per-text and per-action questions

Revision ID: b3a8e61f0c27
Revises: 9d4b1f2c3e55
Create Date: 2026-12-01 22:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = "b3a8e61f0c27"
down_revision = "9d4b1f2c3e55"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("unit", sa.String(length=120), nullable=False, server_default=""))
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("minutes", sa.Integer(), nullable=True))
        batch.create_check_constraint("ck_review_minutes", "minutes is null or minutes between 1 and 1440")
    op.create_table(
        "revision_metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text_id", sa.Integer(), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("lix", sa.Float(), nullable=False),
        sa.Column("passive_share", sa.Float(), nullable=False),
        sa.Column("avg_sentence_length", sa.Float(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["text_id"], ["texts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("text_id", "revision_number", name="uq_revision_metrics"),
    )
    op.create_table(
        "finding_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text_id", sa.Integer(), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=80), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("count >= 0", name="ck_finding_count"),
        sa.ForeignKeyConstraint(["text_id"], ["texts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("text_id", "revision_number", "rule", name="uq_finding_count"),
    )
    op.create_index("ix_finding_counts_rule", "finding_counts", ["rule"])
    op.create_index("ix_audit_events_text_action_at", "audit_events", ["text_id", "action", "at"])
    op.create_index("ix_audit_events_action_at", "audit_events", ["action", "at"])


def downgrade():
    op.drop_index("ix_audit_events_action_at", table_name="audit_events")
    op.drop_index("ix_audit_events_text_action_at", table_name="audit_events")
    op.drop_index("ix_finding_counts_rule", table_name="finding_counts")
    op.drop_table("finding_counts")
    op.drop_table("revision_metrics")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_constraint("ck_review_minutes", type_="check")
        batch.drop_column("minutes")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("unit")
