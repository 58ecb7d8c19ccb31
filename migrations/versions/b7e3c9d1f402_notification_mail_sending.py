"""notifications: a "sending" mail state and mail_claimed_at, so that a mail one process is
sending can never be claimed by another (a web step and the daily command at once), while a
claim left by a process that died can be taken again after a few minutes

Revision ID: b7e3c9d1f402
Revises: d2f8a4c61b93
Create Date: 2026-12-03 09:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "b7e3c9d1f402"
down_revision = "d2f8a4c61b93"
branch_labels = None
depends_on = None

OLD_STATES = ("pending", "sent", "failed", "dropped")
NEW_STATES = ("pending", "sending", "sent", "failed", "dropped")


def _states(states: tuple[str, ...]) -> str:
    return "mail_state in (" + ", ".join(f"'{s}'" for s in states) + ")"


def upgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("mail_claimed_at", sa.DateTime(), nullable=True))
        batch.drop_constraint("ck_notification_mail_state", type_="check")
        batch.create_check_constraint("ck_notification_mail_state", _states(NEW_STATES))


def downgrade():
    # A mail being sent while the code goes back is sent or not: the old code has no such state,
    # so it waits as "pending" and the old retry sends it (same Message-ID: at worst a copy).
    op.execute(sa.text("UPDATE notifications SET mail_state = 'pending' WHERE mail_state = 'sending'"))
    with op.batch_alter_table("notifications") as batch:
        batch.drop_constraint("ck_notification_mail_state", type_="check")
        batch.create_check_constraint("ck_notification_mail_state", _states(OLD_STATES))
        batch.drop_column("mail_claimed_at")
