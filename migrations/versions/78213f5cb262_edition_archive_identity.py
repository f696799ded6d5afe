"""Edition archive identity: a uuid per edition, so an archive is imported once

Revision ID: 78213f5cb262
Revises: d1f6c3e6b19c
Create Date: 2026-11-22 09:12:50.099345

"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "78213f5cb262"
down_revision = "d1f6c3e6b19c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("edition", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("archive_uuid", sa.String(length=36), nullable=True)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_edition_archive_uuid"), ["archive_uuid"]
        )
    # Editions made before this revision get their identity now.
    edition = sa.table("edition", sa.column("id"), sa.column("archive_uuid"))
    connection = op.get_bind()
    for (edition_id,) in connection.execute(sa.select(edition.c.id)).all():
        connection.execute(
            edition.update()
            .where(edition.c.id == edition_id)
            .values(archive_uuid=str(uuid.uuid4()))
        )


def downgrade():
    with op.batch_alter_table("edition", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_edition_archive_uuid"), type_="unique")
        batch_op.drop_column("archive_uuid")
