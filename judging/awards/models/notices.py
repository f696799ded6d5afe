"""Winner notifications: the edition's email templates and the log of what was sent.

A template is stored per edition and audience (``judging.awards.core.notice.Audience``);
until an organizer saves one, the defaults of ``judging.awards.core.notice`` apply. Every
email queued by "send" is one ``AwardNoticeDelivery`` row pointing at its outbox
message, so the page can show each recipient's delivery state and refuse to send the
same notice twice by accident.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models import Entry, OutboxMessage, Unit


class AwardNoticeTemplate(db.Model):
    """The subject and body of one audience's notice in one edition."""

    __tablename__ = "award_notice_template"
    __table_args__ = (UniqueConstraint("edition_id", "audience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE")
    )
    audience: Mapped[str] = mapped_column(String(20))  # award_notice.Audience
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class AwardNoticeDelivery(db.Model):
    """One notice queued for one recipient; ``batch`` counts the sends per audience."""

    __tablename__ = "award_notice_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    audience: Mapped[str] = mapped_column(String(20))  # award_notice.Audience
    batch: Mapped[int] = mapped_column(Integer, default=1)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="SET NULL")
    )
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL")
    )
    recipient_name: Mapped[str] = mapped_column(String(200))
    to_address: Mapped[str] = mapped_column(String(254))
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="SET NULL")
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outbox: Mapped[OutboxMessage | None] = relationship()
    entry: Mapped[Entry | None] = relationship()
    unit: Mapped[Unit | None] = relationship()
