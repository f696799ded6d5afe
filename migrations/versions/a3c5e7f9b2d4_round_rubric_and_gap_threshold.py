"""Round rubric and gap threshold: criteria of a round, gap allowed per round

Existing criteria keep round_id NULL: they stay the edition's rubric, which every
round without its own rubric uses (nothing changes for existing rounds).

Revision ID: a3c5e7f9b2d4
Revises: b5d2e8f4a1c7
Create Date: 2026-12-02 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a3c5e7f9b2d4"
down_revision = "b5d2e8f4a1c7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_criterion_round_id"), ["round_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_criterion_round_id_round"),
            "round",
            ["round_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gap_spreads", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("gap_points", sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_column("gap_points")
        batch_op.drop_column("gap_spreads")
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_criterion_round_id_round"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_criterion_round_id"))
        batch_op.drop_column("round_id")
