"""undo_changes: the words "Ångra" puts back, kept on the server instead of in the session
cookie and a hidden field (one row per text: its latest change)

Revision ID: d2f8a4c61b93
Revises: a9d4e7b2c615
Create Date: 2026-12-02 19:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "d2f8a4c61b93"
down_revision = "a9d4e7b2c615"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "undo_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("text_id", sa.Integer(), sa.ForeignKey("texts.id"), nullable=False, unique=True),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("changes_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,  # ids never reused: an old page's "Ångra" never means a newer change
    )


def downgrade():
    op.drop_table("undo_changes")
