"""A yearly contest edition and its set-up: tracks, fields, award tiers, staff."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.enums import EditionStatus, Role, StaffRole, TrackKind
from contest.models.types import UTCDateTime, utcnow
from contest.subjects import WritersSendTo

if TYPE_CHECKING:
    from contest.models.user import User

FILE_TYPES = ("docx", "odt", "pdf", "txt")


def _default_genres() -> str:
    """contest.defaults.DEFAULT_GENRES, one per line (imported late: it imports us)."""
    from contest.defaults import DEFAULT_GENRES

    return "\n".join(DEFAULT_GENRES)


class Edition(db.Model):
    """One year's contest: rules, timeline and everything set up for it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    year: Mapped[int] = mapped_column(Integer)
    code_prefix: Mapped[str] = mapped_column(String(10), default="HN")
    organizer_name: Mapped[str] = mapped_column(String(300), default="")
    intro: Mapped[str] = mapped_column(Text, default="")
    rules_text: Mapped[str] = mapped_column(Text, default="")
    how_to_submit: Mapped[str] = mapped_column(Text, default="")
    prizes_text: Mapped[str] = mapped_column(Text, default="")
    contact_text: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    submission_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submission_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    grace_minutes: Mapped[int] = mapped_column(Integer, default=0)
    unit_deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    results_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ceremony_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    allowed_file_types: Mapped[str] = mapped_column(
        String(60), default=",".join(FILE_TYPES)
    )
    max_photos: Mapped[int] = mapped_column(Integer, default=5)
    # The genres offered on entry forms, one per line; entries keep theirs as text.
    genres_text: Mapped[str] = mapped_column(Text, default=lambda: _default_genres())
    # The entry form asks a featured person's full address (họ tên, địa chỉ cụ thể).
    featured_locality_required: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    # Where writers who belong to a unit send their entries.
    writers_send_to: Mapped[WritersSendTo] = mapped_column(
        String(20), default=WritersSendTo.UNIT, server_default="unit"
    )
    # Entry numbers are <prefix><year>-<seq>; the counter is bumped atomically.
    last_entry_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[EditionStatus] = mapped_column(
        String(20), default=EditionStatus.DRAFT
    )
    cloned_from_id: Mapped[int | None] = mapped_column(ForeignKey("edition.id"))
    # The edition's identity across databases: written into its archive file, so the
    # same edition is never imported twice (see contest.archive).
    archive_uuid: Mapped[str | None] = mapped_column(
        String(36), unique=True, default=lambda: str(uuid.uuid4())
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tracks: Mapped[list[Track]] = relationship(
        back_populates="edition",
        cascade="all, delete-orphan",
        order_by="Track.position",
    )
    fields: Mapped[list[Field]] = relationship(
        back_populates="edition",
        cascade="all, delete-orphan",
        order_by="Field.position",
    )
    staff: Mapped[list[EditionStaff]] = relationship(
        back_populates="edition", cascade="all, delete-orphan"
    )
    # Judging tables (judging.rounds) are named by string: the platform never imports
    # a feature. The edition's own rubric leaves out the rounds' rubrics.
    criteria: Mapped[list[Criterion]] = relationship(  # noqa: F821
        primaryjoin="and_(Edition.id == foreign(Criterion.edition_id), "
        "Criterion.round_id.is_(None))",
        order_by="Criterion.position",
        cascade="all, delete-orphan",
        overlaps="edition",
    )
    # The city's rounds only: a unit's own round (Round.unit_id set) is the unit's.
    rounds: Mapped[list[Round]] = relationship(  # noqa: F821
        primaryjoin="and_(Edition.id == foreign(Round.edition_id), "
        "Round.unit_id.is_(None))",
        order_by="Round.position",
        cascade="all, delete-orphan",
        overlaps="edition",
    )

    @property
    def zone(self) -> ZoneInfo:
        """The edition's time zone (deadlines are judged in it)."""
        return ZoneInfo(self.timezone)

    @property
    def file_types(self) -> list[str]:
        """Allowed upload types, e.g. ["docx", "pdf"]."""
        return [t for t in self.allowed_file_types.split(",") if t]

    @property
    def genres(self) -> list[str]:
        """The genres writers and units choose from, in the organizers' order."""
        return [line.strip() for line in self.genres_text.splitlines() if line.strip()]

    def is_open(self, now: datetime) -> bool:
        """True while writers may submit (the grace period counts as open)."""
        if self.status != EditionStatus.PUBLISHED:
            return False
        if self.submission_opens_at is None or self.submission_closes_at is None:
            return False
        closes = self.submission_closes_at + timedelta(minutes=self.grace_minutes)
        return self.submission_opens_at <= now <= closes

    def is_staff(self, user) -> bool:
        """True for organizers, admins and this edition's judges and organizers."""
        if user.has_role(Role.ORGANIZER, Role.ADMIN):
            return True
        return any(member.user_id == user.id for member in self.staff)

    def may_enter(self, user) -> bool:
        """Judges and organizers of an edition may not enter it."""
        return not self.is_staff(user)

    def __repr__(self) -> str:
        return f"<Edition {self.id} {self.year}>"


class Track(db.Model):
    """A track (bảng): written piece or published press work, with its word limit."""

    __table_args__ = (UniqueConstraint("edition_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE")
    )
    kind: Mapped[TrackKind] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    word_limit: Mapped[int] = mapped_column(Integer, default=2000)
    position: Mapped[int] = mapped_column(Integer, default=0)

    edition: Mapped[Edition] = relationship(back_populates="tracks")
    tiers: Mapped[list[AwardTier]] = relationship(
        back_populates="track", cascade="all, delete-orphan", order_by="AwardTier.rank"
    )


class Field(db.Model):
    """A field of work (lĩnh vực) an entry's featured person belongs to."""

    __table_args__ = (UniqueConstraint("edition_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    edition: Mapped[Edition] = relationship(back_populates="fields")


class AwardTier(db.Model):
    """A prize level in a track (Đặc biệt, Nhất, …) and how many are given."""

    __table_args__ = (UniqueConstraint("track_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(80))
    rank: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer, default=0)

    track: Mapped[Track] = relationship(back_populates="tiers")


class EditionStaff(db.Model):
    """A person judging or organising one edition (and so barred from entering it)."""

    __table_args__ = (UniqueConstraint("edition_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    role: Mapped[StaffRole] = mapped_column(String(20))

    edition: Mapped[Edition] = relationship(back_populates="staff")
    user: Mapped[User] = relationship()
