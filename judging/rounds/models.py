"""Judging data shared by the features: rounds, rubrics, per-edition settings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.enums import RoundKind
from contest.models.types import UTCDateTime

if TYPE_CHECKING:
    from contest.models import Edition, Unit


class Round(db.Model):
    """A judging round (sơ khảo, chung khảo) with its window and readers per entry.

    ``unit_id`` NULL: a round of the city (``Edition.rounds``); otherwise a unit's own
    blind reading of the entries it holds, run by its focal point with its own judges
    (judging.grassroots.services.unit_rounds); the city's pages never list it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE")
    )
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[RoundKind] = mapped_column(String(20))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None means "every judge of the round reads every entry" (typical in chung khảo).
    readers_per_entry: Mapped[int | None] = mapped_column(Integer)
    # Judges read while the round is open: from the first committed assignment (or
    # the organizer opening it) until the organizer closes it.
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The seed of the last committed assignment, so a run can be reproduced.
    assignment_seed: Mapped[int | None] = mapped_column(Integer)
    # Which per-entry score ranks the round: "raw" (trimmed mean) or "calibrated"
    # (judge severity removed, judging.scoring.core.calibration). See judging.scoring.services.sheets.
    score_basis: Mapped[str] = mapped_column(
        String(20), default="raw", server_default="raw"
    )
    # When the organizers committed who advances from this round.
    advanced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Gap allowed between two markings before a third reading (judging.scoring.core.calibration):
    # in residual spreads (None = DEFAULT_GAP_SPREADS), or fixed points on 100.
    gap_spreads: Mapped[float | None] = mapped_column(Float)
    gap_points: Mapped[float | None] = mapped_column(Float)
    # A final-round judge sees each entry's final score of the previous round
    # (the number only: never who scored it or what they wrote). Off by default.
    show_previous_scores: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )

    # Edition.rounds lists the city's rounds only (unit rounds are not in it).
    edition: Mapped[Edition] = relationship(overlaps="rounds")
    unit: Mapped[Unit | None] = relationship()
    # The round's own rubric (empty: the round uses the edition's).
    criteria: Mapped[list[Criterion]] = relationship(
        primaryjoin="Round.id == Criterion.round_id",
        order_by="Criterion.position",
        cascade="all, delete-orphan",
    )

    @property
    def is_unit_round(self) -> bool:
        """True for a unit's own round (not one of the city's)."""
        return self.unit_id is not None

    @property
    def is_open(self) -> bool:
        """True while judges may read the round's entries."""
        return self.opened_at is not None and self.closed_at is None


class Criterion(db.Model):
    """One criterion of an edition's scoring rubric, or of one round's own rubric.

    ``round_id`` NULL: the edition's rubric (every round without its own uses it).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE")
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), index=True
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

    # Edition.criteria is the edition's own rubric (round_id NULL).
    edition: Mapped[Edition] = relationship()


class JudgingSettings(db.Model):
    """Per-edition judging options (one row per edition, written when first changed)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), unique=True
    )
    # Besides the same unit, a judge also may not read entries from their locality.
    conflict_same_locality: Mapped[bool] = mapped_column(default=False)
