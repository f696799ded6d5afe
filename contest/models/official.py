"""The official documents of an edition: the register of what was issued (number,
date, signer, the files exactly as issued), the document settings (issuing body,
signer, certificate blanks), and the prize money per track and tier."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow
from contest.storage import register_file_column

if TYPE_CHECKING:
    from contest.models.user import User


class DocumentKind(StrEnum):
    """The kinds of document the register numbers."""

    AWARD_DECISION = "award_decision"
    CERTIFICATES = "certificates"
    PAYMENT_LIST = "payment_list"
    PLAN = "plan"  # Kế hoạch, with the Thể lệ as its annex
    COMMITTEE_DECISION = "committee_decision"  # forming the Ban Tổ chức
    JURY_DECISION = "jury_decision"  # forming the Hội đồng Giám khảo
    REMINDER_LETTER = "reminder_letter"  # Công văn đôn đốc
    FINAL_REPORT = "final_report"  # Báo cáo tổng kết


class IssuedDocument(db.Model):
    """One issued document: its numbers in the edition's register and its files.

    Numbers ``first_seq``..``last_seq`` are taken from one sequence per edition (a
    batch of certificates takes one number per certificate); rows are never deleted
    or changed, so a number is never given twice and every document can be
    downloaded again exactly as it was issued.
    """

    __tablename__ = "issued_document"
    __table_args__ = (UniqueConstraint("edition_id", "first_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DocumentKind] = mapped_column(String(30))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(80))  # "05/QĐ-BTC", "06–17/GCN-BTC"
    title: Mapped[str] = mapped_column(String(400))
    issued_on: Mapped[date] = mapped_column(Date)  # the date the document carries
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    docx_key: Mapped[str | None] = mapped_column(String(120))
    pdf_key: Mapped[str] = mapped_column(String(120))
    overlay_key: Mapped[str | None] = mapped_column(
        String(120)
    )  # blanks (certificates)

    issued_by: Mapped[User | None] = relationship()


class DocumentSettings(db.Model):
    """What an edition's documents print about their issuer, signer and blanks."""

    __tablename__ = "document_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), unique=True
    )
    parent_body: Mapped[str] = mapped_column(
        String(200), default="UBND THÀNH PHỐ HÀ NỘI"
    )
    issuer_name: Mapped[str] = mapped_column(
        String(200), default="BAN TỔ CHỨC CUỘC THI"
    )
    short_name: Mapped[str] = mapped_column(String(200), default="Ban Tổ chức Cuộc thi")
    symbol: Mapped[str] = mapped_column(String(20), default="BTC")
    place: Mapped[str] = mapped_column(String(120), default="Hà Nội")
    authority_title: Mapped[str] = mapped_column(
        String(300), default="TRƯỞNG BAN TỔ CHỨC CUỘC THI"
    )
    signer_authority: Mapped[str] = mapped_column(
        String(120), default="TM. BAN TỔ CHỨC"
    )
    signer_position: Mapped[str] = mapped_column(String(120), default="TRƯỞNG BAN")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    grounds: Mapped[str] = mapped_column(Text, default="")  # one "Căn cứ …" per line
    recipients: Mapped[str] = mapped_column(Text, default="")  # one per line
    certificate_kind: Mapped[str] = mapped_column(String(20), default="gcn")
    offset_x_mm: Mapped[float] = mapped_column(Float, default=0.0)
    offset_y_mm: Mapped[float] = mapped_column(Float, default=0.0)
    preparer_name: Mapped[str] = mapped_column(String(200), default="")
    accountant_name: Mapped[str] = mapped_column(String(200), default="")


class PrizeAmount(db.Model):
    """The money (đồng) a prize of one tier brings in one track."""

    __tablename__ = "prize_amount"
    __table_args__ = (UniqueConstraint("track_id", "tier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(
        ForeignKey("track.id", ondelete="CASCADE"), index=True
    )
    tier: Mapped[str] = mapped_column(String(30))  # judging.awards.core.Tier
    amount: Mapped[int] = mapped_column(BigInteger, default=0)


register_file_column(IssuedDocument.docx_key)
register_file_column(IssuedDocument.pdf_key)
register_file_column(IssuedDocument.overlay_key)
