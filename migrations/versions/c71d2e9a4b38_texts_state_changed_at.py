"""texts.state_changed_at (when the state last changed, from the audit log) and the overview's
indexes: its default order, its "days in state" order and its "Väntar länge" count

Revision ID: c71d2e9a4b38
Revises: b3a8e61f0c27
Create Date: 2026-12-01 23:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = "c71d2e9a4b38"
down_revision = "b3a8e61f0c27"
branch_labels = None
depends_on = None

STATE_ACTIONS = ("create", "submit", "withdraw", "claim", "release", "claim_expired", "approve", "approve_partly",
                 "request_changes", "new_version", "archive", "unarchive")


def upgrade():
    with op.batch_alter_table("texts") as batch:
        batch.add_column(sa.Column("state_changed_at", sa.DateTime(), nullable=True))
    actions = ", ".join(f"'{a}'" for a in STATE_ACTIONS)
    op.execute(f"""UPDATE texts SET state_changed_at = COALESCE(
                     (SELECT MAX(at) FROM audit_events WHERE audit_events.text_id = texts.id
                        AND audit_events.action IN ({actions})),
                     created_at)""")
    with op.batch_alter_table("texts") as batch:
        batch.alter_column("state_changed_at", existing_type=sa.DateTime(), nullable=False)
        batch.create_index("ix_texts_updated_at", ["updated_at"])
        batch.create_index("ix_texts_state_changed_at", ["state_changed_at"])
        batch.create_index("ix_texts_state_state_changed_at", ["state", "state_changed_at"])


def downgrade():
    with op.batch_alter_table("texts") as batch:
        batch.drop_index("ix_texts_state_state_changed_at")
        batch.drop_index("ix_texts_state_changed_at")
        batch.drop_index("ix_texts_updated_at")
        batch.drop_column("state_changed_at")
