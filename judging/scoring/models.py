"""Scoring data: a judge's score sheet for one reading."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models import User
    from judging.assignment.models import Assignment


class ScoreStatus(StrEnum):
    """Where a judge's score sheet stands."""

    DRAFT = "draft"  # saved (by hand or autosave), still editable by the judge
    SUBMITTED = "submitted"  # locked: only an organizer can unlock it, with a reason


class Score(db.Model):
    """A judge's score sheet for one reading (one Assignment).

    Values and comments are keyed by Criterion id (as a string: JSON keys). A draft
    keeps what was typed as text, so nothing is lost; a submitted sheet holds numbers.
    ``version`` is bumped on every save: a save carrying an older version (another
    tab, a stale offline copy) is refused instead of overwriting newer work.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), unique=True
    )
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    comments: Mapped[dict] = mapped_column(JSON, default=dict)
    overall_comment: Mapped[str] = mapped_column(Text, default="")
    suspected_copying: Mapped[bool] = mapped_column(default=False)
    copying_note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ScoreStatus] = mapped_column(String(20), default=ScoreStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unlocked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    unlocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unlock_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    assignment: Mapped[Assignment] = relationship(back_populates="score")
    unlocked_by: Mapped[User | None] = relationship(foreign_keys=[unlocked_by_id])

    @property
    def submitted(self) -> bool:
        """True once the judge submitted the sheet (read-only for them)."""
        return self.status == ScoreStatus.SUBMITTED
