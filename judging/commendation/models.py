"""Tables of the commendation register: people across editions, their keys, their
standing per edition, each edition's commendation plan (targets and lists), and a
unit's confirmation of an entry's featured people."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow
from judging.commendation.core import Status, SubjectKind
from judging.featured.models import KEY_LENGTH

if TYPE_CHECKING:
    from contest.models import Edition, Entry, Unit, User


class RegisterPerson(db.Model):
    """A featured person (or collective, or household), once across all editions."""

    __tablename__ = "register_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    subject_kind: Mapped[SubjectKind] = mapped_column(
        String(20), default=SubjectKind.INDIVIDUAL
    )
    birth_year: Mapped[int | None] = mapped_column(Integer)
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    locality: Mapped[str] = mapped_column(String(200), default="")
    field_name: Mapped[str] = mapped_column(String(200), default="")
    social_group: Mapped[str] = mapped_column(String(120), default="")
    movement: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    keys: Mapped[list[RegisterKey]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    standings: Mapped[list[Commendation]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by="Commendation.year",
    )


class RegisterKey(db.Model):
    """A person key (``judging.featured.core.names.person_key``) known to be this person."""

    __tablename__ = "register_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("register_person.id", ondelete="CASCADE"), index=True
    )

    person: Mapped[RegisterPerson] = relationship(back_populates="keys")


class Commendation(db.Model):
    """A person's standing in one edition: status, level, decision, exemplar choice,
    and the unit's confirmation that the person and the deeds are real."""

    __tablename__ = "commendation"
    __table_args__ = (UniqueConstraint("person_id", "edition_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("register_person.id", ondelete="CASCADE"), index=True
    )
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[Status] = mapped_column(String(20), default=Status.INTRODUCED)
    level: Mapped[str] = mapped_column(String(20), default="")
    decision: Mapped[str] = mapped_column(String(300), default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    exemplar: Mapped[bool] = mapped_column(default=False)
    # The stories written about the person this edition: "number – title" per line.
    entries_text: Mapped[str] = mapped_column(Text, default="")
    best_prize: Mapped[str] = mapped_column(String(40), default="")
    # The unit that introduced the person (the unit most of the stories came from).
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL"), index=True
    )
    confirmed_by_unit: Mapped[str] = mapped_column(String(200), default="")
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    person: Mapped[RegisterPerson] = relationship(back_populates="standings")
    edition: Mapped[Edition] = relationship()
    unit: Mapped[Unit | None] = relationship()
    confirmed_by: Mapped[User | None] = relationship()

    @property
    def entries(self) -> list[str]:
        return [line for line in self.entries_text.splitlines() if line.strip()]


class CommendationPlan(db.Model):
    """An edition's commendation targets, title and lists (one row per edition)."""

    __tablename__ = "commendation_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), unique=True
    )
    individuals_target: Mapped[int] = mapped_column(Integer, default=0)
    exemplars_target: Mapped[int] = mapped_column(Integer, default=0)
    title_name: Mapped[str] = mapped_column(String(200), default="")
    social_groups_text: Mapped[str] = mapped_column(Text, default="")
    movements_text: Mapped[str] = mapped_column(Text, default="")


class EntryConfirmation(db.Model):
    """A unit's confirmation that the people an entry features and their deeds are
    real (who, for which unit, when, and the names they confirmed); organizers see it,
    judges never. Withdrawing it deletes the row (the audit log keeps both steps)."""

    __tablename__ = "entry_confirmation"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), unique=True
    )
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL")
    )
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The featured names as they stood when confirmed, one per line.
    people_text: Mapped[str] = mapped_column(Text, default="")

    entry: Mapped[Entry] = relationship()
    confirmed_by: Mapped[User | None] = relationship()

    @property
    def people(self) -> list[str]:
        return [line for line in self.people_text.splitlines() if line.strip()]
