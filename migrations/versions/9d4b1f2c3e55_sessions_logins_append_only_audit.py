"""revocable sessions, login attempts, an audit log that the database keeps append-only

Revision ID: 9d4b1f2c3e55
Revises: 7c1e9a4d2b10
Create Date: 2026-12-01 20:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "9d4b1f2c3e55"
down_revision = "7c1e9a4d2b10"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = {
    "audit_events_no_update": "BEFORE UPDATE ON audit_events",
    "audit_events_no_delete": "BEFORE DELETE ON audit_events",
}


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_attempts_user_at", "login_attempts", ["user_id", "at"])
    op.create_index("ix_login_attempts_address_at", "login_attempts", ["address", "at"])
    # Append-only below the ORM too: a Core UPDATE or a hand-typed DELETE is refused.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
                      BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""")
        op.execute("""CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()""")
    else:
        for name, when in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_index("ix_login_attempts_address_at", table_name="login_attempts")
    op.drop_index("ix_login_attempts_user_at", table_name="login_attempts")
    op.drop_table("login_attempts")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
