"""Judging data: rounds, rubric, the judge pool, codes, assignments, scores, conflicts,
redactions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.enums import RoundKind
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models import Edition, Entry, EntryVersion, Field, User


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

    edition: Mapped[Edition] = relationship(back_populates="rounds")
    # The round's own rubric (empty: the round uses the edition's).
    criteria: Mapped[list[Criterion]] = relationship(
        primaryjoin="Round.id == Criterion.round_id",
        order_by="Criterion.position",
        cascade="all, delete-orphan",
    )

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
    """Per-edition judging options (one row per edition, created on first use)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), unique=True
    )
    # Besides the same unit, a judge also may not read entries from their locality.
    conflict_same_locality: Mapped[bool] = mapped_column(default=False)


judge_profile_field = Table(
    "judge_profile_field",
    db.metadata,
    Column(
        "profile_id",
        ForeignKey("judge_profile.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("field_id", ForeignKey("field.id", ondelete="CASCADE"), primary_key=True),
)

judge_profile_round = Table(
    "judge_profile_round",
    db.metadata,
    Column(
        "profile_id",
        ForeignKey("judge_profile.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("round_id", ForeignKey("round.id", ondelete="CASCADE"), primary_key=True),
)


class JudgeProfile(db.Model):
    """A judge in one edition's pool: expertise, locality, maximum load, rounds."""

    __table_args__ = (UniqueConstraint("edition_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # Empty: the locality of the judge's unit.
    locality: Mapped[str] = mapped_column(String(160), default="")
    # Most readings per round; None = no personal limit (balancing still applies).
    max_load: Mapped[int | None] = mapped_column(Integer)
    # The conflict-of-interest declaration, signed on the judge's first visit.
    declaration_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()
    user: Mapped[User] = relationship()
    fields: Mapped[list[Field]] = relationship(
        secondary=judge_profile_field, order_by="Field.position"
    )
    rounds: Mapped[list[Round]] = relationship(
        secondary=judge_profile_round, order_by="Round.position"
    )

    @property
    def effective_locality(self) -> str:
        """The locality used for conflicts: the profile's, else the unit's."""
        unit = self.user.unit
        return self.locality or (unit.locality if unit is not None else "") or ""


class JudgingCode(db.Model):
    """The random code an entry carries in one round (all judges see only this)."""

    __table_args__ = (UniqueConstraint("round_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[Round] = relationship()
    entry: Mapped[Entry] = relationship()


class Assignment(db.Model):
    """One judge reads one entry in one round."""

    __table_args__ = (UniqueConstraint("round_id", "judge_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), index=True
    )
    judge_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # First time the judge opened the entry ("started"); kept on re-runs.
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The reading ended: the judge recused, a conflict was declared later, or it was
    # moved to another judge after being opened. The row stays for the record,
    # access ends, and no assignment run ever gives the pair back.
    recused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship()
    judge: Mapped[User] = relationship(foreign_keys=[judge_id])
    entry: Mapped[Entry] = relationship()
    score: Mapped[Score | None] = relationship(
        back_populates="assignment", uselist=False, cascade="all, delete-orphan"
    )

    @property
    def active(self) -> bool:
        """True while the judge reads the entry (the reading has not ended)."""
        return self.recused_at is None


class ConflictSource(StrEnum):
    """Who declared a conflict (automatic ones are computed, never stored)."""

    ORGANIZER = "organizer"
    RECUSAL = "recusal"  # the judge, while reading


class Conflict(db.Model):
    """A declared conflict: a judge and an author (every entry of theirs) or an entry."""

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    judge_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    author_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE")
    )
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE")
    )
    source: Mapped[ConflictSource] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    judge: Mapped[User] = relationship(foreign_keys=[judge_id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_user_id])
    entry: Mapped[Entry | None] = relationship()


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
