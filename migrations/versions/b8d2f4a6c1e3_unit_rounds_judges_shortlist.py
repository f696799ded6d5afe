"""Units run their own rounds: the round's unit, its judges, the unit's shortlist

Revision ID: b8d2f4a6c1e3
Revises: c842650db35b
Create Date: 2026-12-07 19:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

import contest.models.types

# revision identifiers, used by Alembic.
revision = "b8d2f4a6c1e3"
down_revision = "c842650db35b"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_round_unit_id"), ["unit_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_round_unit_id_unit"),
            "unit",
            ["unit_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_table(
        "unit_round_judge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "added_at", contest.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["user.id"],
            name=op.f("fk_unit_round_judge_added_by_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_unit_round_judge_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_unit_round_judge_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_round_judge")),
        sa.UniqueConstraint(
            "round_id", "user_id", name=op.f("uq_unit_round_judge_round_id")
        ),
    )
    with op.batch_alter_table("unit_round_judge", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_round_judge_round_id"), ["round_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_round_judge_user_id"), ["user_id"], unique=False
        )
    op.create_table(
        "unit_shortlist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column(
            "at", contest.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["by_id"], ["user.id"], name=op.f("fk_unit_shortlist_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entry.id"],
            name=op.f("fk_unit_shortlist_entry_id_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
            name=op.f("fk_unit_shortlist_round_id_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_shortlist")),
        sa.UniqueConstraint(
            "round_id", "entry_id", name=op.f("uq_unit_shortlist_round_id")
        ),
    )
    with op.batch_alter_table("unit_shortlist", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_shortlist_entry_id"), ["entry_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_shortlist_round_id"), ["round_id"], unique=False
        )


def _delete_unit_rounds():
    """Without ``round.unit_id`` a unit's round would read as one of the city's:
    delete the units' rounds and what hangs on them (their sheets, readings, codes,
    criteria, judge preferences) first, explicitly, as SQLite may not cascade."""
    unit_rounds = (
        sa.select(sa.column("id"))
        .select_from(sa.table("round"))
        .where(sa.column("unit_id").is_not(None))
    )
    readings = (
        sa.select(sa.column("id"))
        .select_from(sa.table("assignment"))
        .where(sa.column("round_id").in_(unit_rounds))
    )
    op.execute(
        sa.table("score", sa.column("assignment_id"))
        .delete()
        .where(sa.column("assignment_id").in_(readings))
    )
    for name in ("assignment", "judging_code", "criterion", "judge_profile_round"):
        op.execute(
            sa.table(name, sa.column("round_id"))
            .delete()
            .where(sa.column("round_id").in_(unit_rounds))
        )
    op.execute(
        sa.table("round", sa.column("unit_id"))
        .delete()
        .where(sa.column("unit_id").is_not(None))
    )


def downgrade():
    _delete_unit_rounds()
    with op.batch_alter_table("unit_shortlist", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_shortlist_round_id"))
        batch_op.drop_index(batch_op.f("ix_unit_shortlist_entry_id"))
    op.drop_table("unit_shortlist")
    with op.batch_alter_table("unit_round_judge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_round_judge_user_id"))
        batch_op.drop_index(batch_op.f("ix_unit_round_judge_round_id"))
    op.drop_table("unit_round_judge")
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_round_unit_id_unit"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_round_unit_id"))
        batch_op.drop_column("unit_id")
