"""Judging data: rounds of an edition and the scoring rubric."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from contest.extensions import db
from contest.models.enums import RoundKind
from contest.models.types import UTCDateTime


class Round(db.Model):
    """A judging round (sơ khảo, chung khảo) with its window and readers per entry."""

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[RoundKind] = mapped_column(String(20))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None means "every judge of the round reads every entry" (typical in chung khảo).
    readers_per_entry: Mapped[int | None] = mapped_column(Integer)

    edition = relationship(
        "Edition",
        backref=backref(
            "rounds", order_by="Round.position", cascade="all, delete-orphan"
        ),
    )


class Criterion(db.Model):
    """One criterion of an edition's scoring rubric."""

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    max_points: Mapped[float] = mapped_column(Float)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    step: Mapped[float] = mapped_column(
        Float, default=1.0
    )  # 1 = whole, 0.5 = half points
    comment_required: Mapped[bool] = mapped_column(default=False)

    edition = relationship(
        "Edition",
        backref=backref(
            "criteria", order_by="Criterion.position", cascade="all, delete-orphan"
        ),
    )
