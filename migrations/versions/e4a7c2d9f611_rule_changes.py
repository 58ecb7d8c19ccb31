"""rule_changes: local changes to the shipped rules and word lists, one row per change

Revision ID: e4a7c2d9f611
Revises: c71d2e9a4b38
Create Date: 2026-12-01 23:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = "e4a7c2d9f611"
down_revision = "c71d2e9a4b38"
branch_labels = None
depends_on = None

ACTIONS = ("switch", "parameters", "entry_save", "entry_remove", "accept_add", "accept_remove", "import")


def upgrade():
    op.create_table(
        "rule_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("rule_id", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("detail_json", sa.Text(), nullable=False),
        sa.CheckConstraint("action in (" + ", ".join(f"'{a}'" for a in ACTIONS) + ")",
                           name="ck_rule_change_action"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rule_changes_rule_id", "rule_changes", ["rule_id"])


def downgrade():
    op.drop_index("ix_rule_changes_rule_id", table_name="rule_changes")
    op.drop_table("rule_changes")
