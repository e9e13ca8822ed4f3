"""Consent ledger, anonymous equality monitoring and population profiles

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 08:58:14.657514
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consentstatement",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("workshop_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consentstatement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consentstatement_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "equalityresponse",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("workshop_id", sa.String(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("equalityresponse", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_equalityresponse_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "populationprofile",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("workshop_id", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("loaded_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("populationprofile", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_populationprofile_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "consent",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("participant_id", sa.String(), nullable=False),
        sa.Column("statement_id", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("witness", sa.String(), nullable=False),
        sa.Column("take_part", sa.Boolean(), nullable=False),
        sa.Column("be_named", sa.Boolean(), nullable=False),
        sa.Column("be_contacted", sa.Boolean(), nullable=False),
        sa.Column("contact_details", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["consentstatement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_participant_id"), ["participant_id"], unique=False)

    op.create_table(
        "withdrawal",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("participant_id", sa.String(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=False),
        sa.Column("choice", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("withdrawal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_withdrawal_participant_id"), ["participant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("withdrawal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_withdrawal_participant_id"))

    op.drop_table("withdrawal")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_participant_id"))

    op.drop_table("consent")
    with op.batch_alter_table("populationprofile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_populationprofile_workshop_id"))

    op.drop_table("populationprofile")
    with op.batch_alter_table("equalityresponse", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equalityresponse_workshop_id"))

    op.drop_table("equalityresponse")
    with op.batch_alter_table("consentstatement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consentstatement_workshop_id"))

    op.drop_table("consentstatement")
