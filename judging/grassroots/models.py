"""Tables of the grassroots feature: intake settings, forwarding steps, unit targets,
the reminders sent to units below their target, and each unit's own award list (its
prize levels, the entries it awards, its head's signature)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.enums import EntryStatus
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models import Edition, Entry, OutboxMessage, Unit, User


class CityReads(StrEnum):
    """Which entries the city's first round reads."""

    FORWARDED = "forwarded"  # entries forwarded to the city, plus direct entries
    ALL = "all"  # every submitted entry, forwarded or not


class IntakeSettings(db.Model):
    """An edition's intake policy (one row per edition, created on first use)."""

    __tablename__ = "intake_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), unique=True
    )
    city_reads: Mapped[CityReads] = mapped_column(String(20), default=CityReads.ALL)
    # A judge of a unit also may not read entries of the units below it.
    conflicts_follow_tree: Mapped[bool] = mapped_column(default=False)


class ForwardBatch(db.Model):
    """The entries a unit forwarded at once, and its head's sign-off (who signed the
    cover letter, with what title, when)."""

    __tablename__ = "forward_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL"), index=True
    )
    to_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL")
    )
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    head_name: Mapped[str] = mapped_column(String(120), default="")
    head_title: Mapped[str] = mapped_column(String(120), default="")
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    from_unit: Mapped[Unit | None] = relationship(foreign_keys=[from_unit_id])
    to_unit: Mapped[Unit | None] = relationship(foreign_keys=[to_unit_id])
    edition: Mapped[Edition] = relationship()
    steps: Mapped[list[EntryForward]] = relationship(
        back_populates="batch", order_by="EntryForward.id"
    )


class EntryForward(db.Model):
    """One step of an entry up the tree: from a unit to its parent (None: the city)."""

    __tablename__ = "entry_forward"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    from_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL")
    )
    to_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL")
    )
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("forward_batch.id", ondelete="SET NULL"), index=True
    )

    batch: Mapped[ForwardBatch | None] = relationship(back_populates="steps")
    entry: Mapped[Entry] = relationship()
    from_unit: Mapped[Unit | None] = relationship(foreign_keys=[from_unit_id])
    to_unit: Mapped[Unit | None] = relationship(foreign_keys=[to_unit_id])
    by: Mapped[User | None] = relationship()


class UnitTarget(db.Model):
    """An edition's target for one kind of unit: at least `minimum` featured people,
    or `percent_of_staff` % of the unit's staff when that is set (departments: 5%)."""

    __tablename__ = "unit_target"
    __table_args__ = (UniqueConstraint("edition_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    minimum: Mapped[int] = mapped_column(Integer, default=0)
    percent_of_staff: Mapped[int | None] = mapped_column(Integer)


class UnitReminder(db.Model):
    """A reminder email sent to a unit below its target (one row per recipient)."""

    __tablename__ = "unit_reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), index=True
    )
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="SET NULL")
    )
    to_address: Mapped[str] = mapped_column(String(254))
    progress: Mapped[int] = mapped_column(Integer)
    target: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    outbox: Mapped[OutboxMessage | None] = relationship()


class UnitAwardList(db.Model):
    """A unit's own award list for an edition, kept apart from the city's: the prize
    levels it defines, the entries of its subtree it awards, and the head's signature
    (name, title, date); a signed list is locked until it is reopened with a reason."""

    __tablename__ = "unit_award_list"
    __table_args__ = (UniqueConstraint("edition_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), index=True
    )
    head_name: Mapped[str] = mapped_column(String(120), default="")
    head_title: Mapped[str] = mapped_column(String(120), default="")
    signed_on: Mapped[date | None] = mapped_column(Date)  # the date printed
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[Edition] = relationship()
    unit: Mapped[Unit] = relationship()
    levels: Mapped[list[UnitPrizeLevel]] = relationship(
        back_populates="award_list",
        cascade="all, delete-orphan",
        order_by="(UnitPrizeLevel.position, UnitPrizeLevel.id)",
    )
    awards: Mapped[list[UnitAward]] = relationship(
        back_populates="award_list", cascade="all, delete-orphan"
    )

    @property
    def locked(self) -> bool:
        """Signed by the unit's head: no change until reopened."""
        return self.signed_at is not None


class UnitPrizeLevel(db.Model):
    """A prize level a unit defines (Giải A, Giải B, Khuyến khích…), best first."""

    __tablename__ = "unit_prize_level"
    __table_args__ = (UniqueConstraint("list_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("unit_award_list.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)

    award_list: Mapped[UnitAwardList] = relationship(back_populates="levels")


# An awarded entry in one of these no longer stands: its unit prize is void.
VOID_STATUSES = frozenset(
    {EntryStatus.DRAFT, EntryStatus.NOT_ELIGIBLE, EntryStatus.WITHDRAWN}
)


class UnitAward(db.Model):
    """One entry awarded a prize level of a unit's list (one level per entry)."""

    __tablename__ = "unit_award"
    __table_args__ = (UniqueConstraint("list_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("unit_award_list.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    level_id: Mapped[int] = mapped_column(
        ForeignKey("unit_prize_level.id", ondelete="CASCADE"), index=True
    )
    awarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    award_list: Mapped[UnitAwardList] = relationship(back_populates="awards")
    entry: Mapped[Entry] = relationship()
    level: Mapped[UnitPrizeLevel] = relationship()

    @property
    def void(self) -> bool:
        """The entry no longer stands (withdrawn, found not eligible, or returned to
        its writer): its prize is void, left out of certificates and the list."""
        return self.entry.status in VOID_STATUSES


class UnitShortlist(db.Model):
    """An entry a unit selected after its own round (to forward upward): the round,
    its place in the unit's ranking, who picked it and when."""

    __tablename__ = "unit_shortlist"
    __table_args__ = (UniqueConstraint("round_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int | None] = mapped_column(Integer)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[Entry] = relationship()
