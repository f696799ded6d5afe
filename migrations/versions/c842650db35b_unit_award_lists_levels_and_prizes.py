"""Each unit's own award list: its prize levels and the entries it awards

Revision ID: c842650db35b
Revises: b4d6f8a0c2e4
Create Date: 2026-12-07 18:43:34.429705

"""

import sqlalchemy as sa
from alembic import op

import contest.models.types

# revision identifiers, used by Alembic.
revision = "c842650db35b"
down_revision = "b4d6f8a0c2e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "unit_award_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("head_name", sa.String(length=120), nullable=False),
        sa.Column("head_title", sa.String(length=120), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column(
            "signed_at", contest.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            contest.models.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_unit_award_list_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_id"],
            ["user.id"],
            name=op.f("fk_unit_award_list_signed_by_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
            name=op.f("fk_unit_award_list_unit_id_unit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_award_list")),
        sa.UniqueConstraint(
            "edition_id", "unit_id", name=op.f("uq_unit_award_list_edition_id")
        ),
    )
    with op.batch_alter_table("unit_award_list", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_award_list_edition_id"), ["edition_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_award_list_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "unit_prize_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["unit_award_list.id"],
            name=op.f("fk_unit_prize_level_list_id_unit_award_list"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_prize_level")),
        sa.UniqueConstraint(
            "list_id", "name", name=op.f("uq_unit_prize_level_list_id")
        ),
    )
    with op.batch_alter_table("unit_prize_level", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_prize_level_list_id"), ["list_id"], unique=False
        )

    op.create_table(
        "unit_award",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=False),
        sa.Column("awarded_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "awarded_at",
            contest.models.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["awarded_by_id"],
            ["user.id"],
            name=op.f("fk_unit_award_awarded_by_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entry.id"],
            name=op.f("fk_unit_award_entry_id_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["unit_prize_level.id"],
            name=op.f("fk_unit_award_level_id_unit_prize_level"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["unit_award_list.id"],
            name=op.f("fk_unit_award_list_id_unit_award_list"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_award")),
        sa.UniqueConstraint("list_id", "entry_id", name=op.f("uq_unit_award_list_id")),
    )
    with op.batch_alter_table("unit_award", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_award_entry_id"), ["entry_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_award_level_id"), ["level_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_award_list_id"), ["list_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("unit_award", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_award_list_id"))
        batch_op.drop_index(batch_op.f("ix_unit_award_level_id"))
        batch_op.drop_index(batch_op.f("ix_unit_award_entry_id"))

    op.drop_table("unit_award")
    with op.batch_alter_table("unit_prize_level", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_prize_level_list_id"))

    op.drop_table("unit_prize_level")
    with op.batch_alter_table("unit_award_list", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_award_list_unit_id"))
        batch_op.drop_index(batch_op.f("ix_unit_award_list_edition_id"))

    op.drop_table("unit_award_list")
