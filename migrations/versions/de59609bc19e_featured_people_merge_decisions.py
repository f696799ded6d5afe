"""Featured people: organizers' merge decisions (same person, other spelling)

Revision ID: de59609bc19e
Revises: 78213f5cb262
Create Date: 2026-11-22 09:39:05.447095

"""

import sqlalchemy as sa
from alembic import op

import contest.models.types

# revision identifiers, used by Alembic.
revision = "de59609bc19e"
down_revision = "78213f5cb262"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "featured_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("key_a", sa.String(length=420), nullable=False),
        sa.Column("key_b", sa.String(length=420), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "decided_at",
            contest.models.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_featured_merge_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_featured_merge_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_featured_merge")),
        sa.UniqueConstraint(
            "edition_id", "key_a", "key_b", name=op.f("uq_featured_merge_edition_id")
        ),
    )
    with op.batch_alter_table("featured_merge", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_featured_merge_edition_id"), ["edition_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("featured_merge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_featured_merge_edition_id"))

    op.drop_table("featured_merge")
