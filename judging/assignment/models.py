"""Assignment data: the judge pool, the codes entries carry in a round, who reads
what, and declared conflicts of interest."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models import Edition, Entry, Field, User
    from judging.rounds.models import Round


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
    # The reading's score sheet (judging.scoring, named by string: scoring builds on
    # assignment, not the other way round).
    score: Mapped[Score | None] = relationship(  # noqa: F821
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


class UnitJudge(db.Model):
    """A judge of one unit round: a person of the unit's subtree the focal point
    chose; they read only that round's entries (a city judge is an EditionStaff row
    and never reads a unit round)."""

    __tablename__ = "unit_round_judge"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[Round] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
