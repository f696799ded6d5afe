"""Entries waiting for their plagiarism check at submission

Revision ID: d5e7a9c1b3f6
Revises: b8d2f4a6c1e3
Create Date: 2026-12-07 19:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

import contest.models.types

# revision identifiers, used by Alembic.
revision = "d5e7a9c1b3f6"
down_revision = "b8d2f4a6c1e3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "similarity_pending",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column(
            "queued_at", contest.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_similarity_pending_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entry.id"],
            name=op.f("fk_similarity_pending_entry_id_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_similarity_pending")),
    )
    with op.batch_alter_table("similarity_pending", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_similarity_pending_edition_id"), ["edition_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_similarity_pending_entry_id"), ["entry_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("similarity_pending", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_similarity_pending_entry_id"))
        batch_op.drop_index(batch_op.f("ix_similarity_pending_edition_id"))
    op.drop_table("similarity_pending")
