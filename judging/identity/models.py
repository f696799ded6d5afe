"""Anonymity data: the spans of an entry version's text hidden from judges."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models import EntryVersion


class Redaction(db.Model):
    """A span [span_start, span_end) of a version's text hidden from judges.

    The version's text itself is never changed; judges read it with these spans
    blanked out (see judging.reading.services.blind).
    """

    __table_args__ = (UniqueConstraint("version_id", "span_start", "span_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("entry_version.id", ondelete="CASCADE"), index=True
    )
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    version: Mapped[EntryVersion] = relationship(back_populates="redactions")
