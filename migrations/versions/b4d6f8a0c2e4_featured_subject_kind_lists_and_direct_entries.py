"""Featured people get their kind of subject, social group and movement; an edition
says whether their locality is required (moved from the commendation plan) and where
writers send entries; entries sent straight to the city; a unit confirms an entry's
featured people

Revision ID: b4d6f8a0c2e4
Revises: a3c5e7f9b1d2
Create Date: 2026-12-08 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

import contest.models.types

# revision identifiers, used by Alembic.
revision = "b4d6f8a0c2e4"
down_revision = "a3c5e7f9b1d2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("featured_person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "subject_kind",
                sa.String(length=20),
                server_default="individual",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "social_group", sa.String(length=120), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "movement", sa.String(length=200), server_default="", nullable=False
            )
        )
    featured = sa.table(
        "featured_person",
        sa.column("subject_kind", sa.String),
        sa.column("is_collective", sa.Boolean),
    )
    op.execute(
        featured.update()
        .where(featured.c.is_collective.is_(True))
        .values(subject_kind="collective")
    )
    with op.batch_alter_table("featured_person", schema=None) as batch_op:
        batch_op.drop_column("is_collective")

    with op.batch_alter_table("edition", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "featured_locality_required",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "writers_send_to",
                sa.String(length=20),
                server_default="unit",
                nullable=False,
            )
        )
    edition = sa.table(
        "edition",
        sa.column("id", sa.Integer),
        sa.column("featured_locality_required", sa.Boolean),
    )
    plan = sa.table(
        "commendation_plan",
        sa.column("edition_id", sa.Integer),
        sa.column("locality_required", sa.Boolean),
    )
    op.execute(
        edition.update()
        .where(
            edition.c.id.in_(
                sa.select(plan.c.edition_id).where(plan.c.locality_required.is_(True))
            )
        )
        .values(featured_locality_required=True)
    )
    with op.batch_alter_table("commendation_plan", schema=None) as batch_op:
        batch_op.drop_column("locality_required")

    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "direct_to_city",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )

    op.create_table(
        "entry_confirmation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "confirmed_at",
            contest.models.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column("people_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["entry.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entry_id"),
    )


def downgrade():
    op.drop_table("entry_confirmation")
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.drop_column("direct_to_city")

    with op.batch_alter_table("commendation_plan", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "locality_required",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
    edition = sa.table(
        "edition",
        sa.column("id", sa.Integer),
        sa.column("featured_locality_required", sa.Boolean),
    )
    plan = sa.table(
        "commendation_plan",
        sa.column("edition_id", sa.Integer),
        sa.column("locality_required", sa.Boolean),
    )
    op.execute(
        plan.update()
        .where(
            plan.c.edition_id.in_(
                sa.select(edition.c.id).where(
                    edition.c.featured_locality_required.is_(True)
                )
            )
        )
        .values(locality_required=True)
    )
    with op.batch_alter_table("edition", schema=None) as batch_op:
        batch_op.drop_column("writers_send_to")
        batch_op.drop_column("featured_locality_required")

    with op.batch_alter_table("featured_person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "is_collective", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    featured = sa.table(
        "featured_person",
        sa.column("subject_kind", sa.String),
        sa.column("is_collective", sa.Boolean),
    )
    op.execute(
        featured.update()
        .where(featured.c.subject_kind != "individual")
        .values(is_collective=True)
    )
    with op.batch_alter_table("featured_person", schema=None) as batch_op:
        batch_op.drop_column("movement")
        batch_op.drop_column("social_group")
        batch_op.drop_column("subject_kind")
