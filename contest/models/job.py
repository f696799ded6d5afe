"""Background jobs: one row per long task, the shared truth for every job backend."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models.user import User


class JobStatus(StrEnum):
    """Where a job is in its life; only FAILED jobs can be retried."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Job(db.Model):
    """A long task (scan, import, export, mass email) with its progress and outcome.

    The row is written by whichever backend runs the job (worker thread or RQ), so the
    pages show the same thing whatever runs it. A running job proves it is alive by
    moving `heartbeat_at`; a stale heartbeat means its worker died and the job failed.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(80), index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(
        String(20), default=JobStatus.QUEUED, index=True
    )
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent, 0–100
    message: Mapped[str] = mapped_column(String(300), default="")
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict | None] = mapped_column(JSON)
    # The page that started the job, so its progress page can lead back there.
    origin_url: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(120))

    created_by: Mapped[User | None] = relationship()

    @property
    def is_finished(self) -> bool:
        """True once the job succeeded or failed (nothing more will change by itself)."""
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def can_retry(self) -> bool:
        """Only a failed job may be run again."""
        return self.status == JobStatus.FAILED
