"""Pen names and hidden text: declared pen names of writers and co-authors, and the
words of hidden text left out of an uploaded document

Existing rows get no pen name and no hidden text (files read before this change
were not examined for it).

Revision ID: c7e1d4a9f362
Revises: a3c5e7f9b2d4
Create Date: 2026-12-07 14:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c7e1d4a9f362"
down_revision = "a3c5e7f9b2d4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "pen_names", sa.String(length=200), nullable=False, server_default=""
            )
        )
    with op.batch_alter_table("entry_author", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "pen_names", sa.String(length=200), nullable=False, server_default=""
            )
        )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hidden_words", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "hidden_kinds", sa.String(length=60), nullable=False, server_default=""
            )
        )


def downgrade():
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_column("hidden_kinds")
        batch_op.drop_column("hidden_words")
    with op.batch_alter_table("entry_author", schema=None) as batch_op:
        batch_op.drop_column("pen_names")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("pen_names")
