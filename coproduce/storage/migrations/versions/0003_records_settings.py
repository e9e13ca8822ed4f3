"""Signed records, typed settings, and workshop origin/conflict markers for archives

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("conflict_of", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("origin", sa.String(), nullable=False, server_default=""))
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "signedrecord",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("workshop_id", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("amends_sha256", sa.String(), nullable=False),
        sa.Column("signer", sa.String(), nullable=False),
        sa.Column("signed_at", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("gaps_reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("signedrecord", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signedrecord_workshop_id"), ["workshop_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_signedrecord_record_id"), ["record_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signedrecord", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signedrecord_record_id"))
        batch_op.drop_index(batch_op.f("ix_signedrecord_workshop_id"))
    op.drop_table("signedrecord")
    op.drop_table("setting")
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("origin")
        batch_op.drop_column("conflict_of")
