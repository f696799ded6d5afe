"""Similarity pairs get their kind: copy, same template, or quotation

Revision ID: a3c5e7f9b1d2
Revises: c7e1a9f3d5b2
Create Date: 2026-12-07 15:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a3c5e7f9b1d2"
down_revision = "c7e1a9f3d5b2"
branch_labels = None
depends_on = None


def upgrade():
    # Pairs recorded before this revision were all copies.
    with op.batch_alter_table("similarity_match", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind", sa.String(length=20), server_default="copy", nullable=False
            )
        )
        batch_op.create_index(
            batch_op.f("ix_similarity_match_kind"), ["kind"], unique=False
        )


def downgrade():
    with op.batch_alter_table("similarity_match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_similarity_match_kind"))
        batch_op.drop_column("kind")
