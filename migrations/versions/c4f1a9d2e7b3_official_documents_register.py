"""Official documents: the per-edition register of issued documents, the document
settings of an edition, and the prize money per track and tier

Revision ID: c4f1a9d2e7b3
Revises: c7e1d4a9f362
Create Date: 2026-12-07 13:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

import contest.models.types

# revision identifiers, used by Alembic.
revision = "c4f1a9d2e7b3"
down_revision = "c7e1d4a9f362"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("parent_body", sa.String(length=200), nullable=False),
        sa.Column("issuer_name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=200), nullable=False),
        sa.Column("symbol", sa.String(length=20), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("authority_title", sa.String(length=300), nullable=False),
        sa.Column("signer_authority", sa.String(length=120), nullable=False),
        sa.Column("signer_position", sa.String(length=120), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("certificate_kind", sa.String(length=20), nullable=False),
        sa.Column("offset_x_mm", sa.Float(), nullable=False),
        sa.Column("offset_y_mm", sa.Float(), nullable=False),
        sa.Column("preparer_name", sa.String(length=200), nullable=False),
        sa.Column("accountant_name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_document_settings_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_settings")),
        sa.UniqueConstraint("edition_id", name=op.f("uq_document_settings_edition_id")),
    )
    op.create_table(
        "issued_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", contest.models.types.UTCDateTime(), nullable=False),
        sa.Column("docx_key", sa.String(length=120), nullable=True),
        sa.Column("pdf_key", sa.String(length=120), nullable=False),
        sa.Column("overlay_key", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_issued_document_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["user.id"],
            name=op.f("fk_issued_document_issued_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_document")),
        sa.UniqueConstraint(
            "edition_id", "first_seq", name=op.f("uq_issued_document_edition_id")
        ),
    )
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issued_document_edition_id"), ["edition_id"], unique=False
        )
    op.create_table(
        "prize_amount",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_prize_amount_track_id_track"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prize_amount")),
        sa.UniqueConstraint("track_id", "tier", name=op.f("uq_prize_amount_track_id")),
    )
    with op.batch_alter_table("prize_amount", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prize_amount_track_id"), ["track_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("prize_amount", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prize_amount_track_id"))
    op.drop_table("prize_amount")
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_document_edition_id"))
    op.drop_table("issued_document")
    op.drop_table("document_settings")
