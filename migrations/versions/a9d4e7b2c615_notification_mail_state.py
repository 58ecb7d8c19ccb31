"""notifications.mail_state and mail_tries: an e-mail that could not be sent is kept as unsent
and the daily command tries it again (a bounded number of times)

Revision ID: a9d4e7b2c615
Revises: f1b6d3a8c502
Create Date: 2026-12-02 14:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "a9d4e7b2c615"
down_revision = "f1b6d3a8c502"
branch_labels = None
depends_on = None

MAIL_STATES = ("pending", "sent", "failed", "dropped")


def upgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("mail_state", sa.String(10), nullable=True))
        batch.add_column(sa.Column("mail_tries", sa.Integer(), nullable=False, server_default="0"))
        batch.create_check_constraint("ck_notification_mail_state",
                                      "mail_state in (" + ", ".join(f"'{s}'" for s in MAIL_STATES) + ")")
        batch.create_index("ix_notifications_mail_state", ["mail_state"])


def downgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_mail_state")
        batch.drop_constraint("ck_notification_mail_state", type_="check")
        batch.drop_column("mail_tries")
        batch.drop_column("mail_state")
