"""reviewer's projection of every field; personal values and dismissed passages stored as HMACs

Revision ID: 7c1e9a4d2b10
Revises: 2ed7bd100b08
Create Date: 2026-12-01 20:00:00

Existing rows are converted: decisions and dismissals get keyed hashes of their quotes (the
quotes are dropped), submitted versions get masked titles and audiences, comments and review
summaries are masked, and audit details lose the titles they held. A downgrade cannot bring
the values back from their hashes: it drops the writers' personal-data decisions (they decide
again) and leaves dismissed passages empty.
"""
import hashlib
import hmac
import json

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "7c1e9a4d2b10"
down_revision = "2ed7bd100b08"
branch_labels = None
depends_on = None


def _hash(group, value):
    key = current_app.config["PERSONAL_DATA_KEY"].encode()
    return hmac.new(key, f"{group}\x00{value}".encode(), hashlib.sha256).hexdigest()


def _masked(value):
    if not value or not value.strip():
        return value
    from klarsprak.privacy.masking import mask
    from klarsprak.review.analysis import personal_data_in

    return mask(value, personal_data_in(value))


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table("texts") as batch:
        batch.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("review_title", sa.String(200), nullable=True))
        batch.add_column(sa.Column("review_audience", sa.String(200), nullable=True))

    with op.batch_alter_table("personal_data_decisions") as batch:
        batch.add_column(sa.Column("value_hash", sa.String(64), nullable=True))
    for row_id, kind, quote in bind.execute(sa.text("select id, kind, quote from personal_data_decisions")).all():
        bind.execute(sa.text("update personal_data_decisions set value_hash = :h where id = :id"),
                     {"h": _hash(kind, quote), "id": row_id})
    with op.batch_alter_table("personal_data_decisions") as batch:
        batch.drop_constraint("uq_pd_decision", type_="unique")
        batch.drop_column("quote")
        batch.alter_column("value_hash", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_pd_decision", ["text_id", "kind", "value_hash"])

    with op.batch_alter_table("dismissals") as batch:
        batch.add_column(sa.Column("quote_hash", sa.String(64), nullable=True))
    for row_id, rule, quote in bind.execute(sa.text("select id, rule, quote from dismissals")).all():
        bind.execute(sa.text("update dismissals set quote_hash = :h, note = '' where id = :id"),
                     {"h": _hash(rule, quote), "id": row_id})
    with op.batch_alter_table("dismissals") as batch:
        batch.drop_column("quote")
        batch.alter_column("quote_hash", existing_type=sa.String(64), nullable=False)

    submitted = bind.execute(sa.text(
        "select r.id, t.title, t.audience from revisions r join texts t on t.id = r.text_id "
        "where r.review_body is not null")).all()
    for row_id, title, audience in submitted:
        bind.execute(sa.text("update revisions set review_title = :t, review_audience = :a where id = :id"),
                     {"t": _masked(title), "a": _masked(audience or ""), "id": row_id})
    for table, column in (("comments", "body"), ("reviews", "summary")):
        for row_id, value in bind.execute(sa.text(f"select id, {column} from {table}")).all():
            masked = _masked(value)
            if masked != value:
                bind.execute(sa.text(f"update {table} set {column} = :v where id = :id"), {"v": masked, "id": row_id})
    for row_id, detail in bind.execute(sa.text("select id, detail_json from audit_events")).all():
        values = json.loads(detail or "{}")
        if {"title", "reason"} & values.keys():
            for key in ("title", "reason"):
                values.pop(key, None)
            bind.execute(sa.text("update audit_events set detail_json = :d where id = :id"),
                         {"d": json.dumps(values, ensure_ascii=False), "id": row_id})


def downgrade():
    op.execute("delete from personal_data_decisions")
    with op.batch_alter_table("personal_data_decisions") as batch:
        batch.drop_constraint("uq_pd_decision", type_="unique")
        batch.add_column(sa.Column("quote", sa.String(500), nullable=False, server_default=""))
        batch.drop_column("value_hash")
        batch.create_unique_constraint("uq_pd_decision", ["text_id", "kind", "quote"])
    with op.batch_alter_table("dismissals") as batch:
        batch.add_column(sa.Column("quote", sa.String(500), nullable=False, server_default=""))
        batch.drop_column("quote_hash")
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("review_audience")
        batch.drop_column("review_title")
    with op.batch_alter_table("texts") as batch:
        batch.drop_column("purged_at")
