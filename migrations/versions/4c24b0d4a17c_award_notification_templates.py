"""Award notification templates (per edition and audience) and the log of notices sent

Revision ID: 4c24b0d4a17c
Revises: de59609bc19e
Create Date: 2026-12-02 02:38:31.911161

"""

import sqlalchemy as sa
from alembic import op

import contest.models.types

# revision identifiers, used by Alembic.
revision = "4c24b0d4a17c"
down_revision = "de59609bc19e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "award_notice_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "updated_at",
            contest.models.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_award_notice_template_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user.id"],
            name=op.f("fk_award_notice_template_updated_by_id_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_notice_template")),
        sa.UniqueConstraint(
            "edition_id", "audience", name=op.f("uq_award_notice_template_edition_id")
        ),
    )
    op.create_table(
        "award_notice_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            contest.models.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_award_notice_delivery_actor_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_award_notice_delivery_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entry.id"],
            name=op.f("fk_award_notice_delivery_entry_id_entry"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox_message.id"],
            name=op.f("fk_award_notice_delivery_outbox_id_outbox_message"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
            name=op.f("fk_award_notice_delivery_unit_id_unit"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_notice_delivery")),
    )
    with op.batch_alter_table("award_notice_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_award_notice_delivery_edition_id"),
            ["edition_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("award_notice_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_notice_delivery_edition_id"))

    op.drop_table("award_notice_delivery")
    op.drop_table("award_notice_template")
