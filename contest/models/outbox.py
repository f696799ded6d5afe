"""The email outbox: every notification is a row written with the change that caused it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow


class OutboxStatus(StrEnum):
    """Delivery state of one email."""

    PENDING = "pending"  # waiting for its first or next attempt
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry; an organizer may resend


class OutboxMessage(db.Model):
    """One rendered email waiting to be, or already, handed to the mail server.

    `next_attempt_at` doubles as a lease: a sender claims a message by pushing it into
    the future, so two workers never send the same message at the same moment, and a
    sender that dies mid-send leaves the message to be retried when the lease ends.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True
    )
    to_address: Mapped[str] = mapped_column(String(254), index=True)
    sender: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    message_id: Mapped[str] = mapped_column(String(200))  # same on every retry
    status: Mapped[OutboxStatus] = mapped_column(
        String(20), default=OutboxStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True
    )
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
