"""Edition setting: the genres offered on entry forms (one per line)

Revision ID: b5d2e8f4a1c7
Revises: a7c3e91f0b52
Create Date: 2026-12-02 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b5d2e8f4a1c7"
down_revision = "a7c3e91f0b52"
branch_labels = None
depends_on = None

# contest.defaults.DEFAULT_GENRES when this migration was written (existing editions).
GENRES = "Ký\nPhóng sự\nGhi chép\nBài viết\nTản văn\nPhỏng vấn"


def upgrade():
    with op.batch_alter_table("edition", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("genres_text", sa.Text(), server_default=GENRES, nullable=False)
        )


def downgrade():
    with op.batch_alter_table("edition", schema=None) as batch_op:
        batch_op.drop_column("genres_text")
