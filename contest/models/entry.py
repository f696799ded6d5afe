"""Entries: the story, its versions, authors, featured people and files."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.enums import AttachmentKind, EntryChannel, EntryStatus, Role
from contest.models.types import UTCDateTime, utcnow
from contest.storage import register_file_column
from contest.subjects import SubjectKind

if TYPE_CHECKING:
    from contest.models.edition import Edition, Field, Track
    from contest.models.unit import Unit
    from contest.models.user import User

EDITABLE_STATUSES = frozenset({EntryStatus.DRAFT, EntryStatus.SUBMITTED})


class Entry(db.Model):
    """One contest entry; its judged text is the latest version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(30), unique=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("track.id"))
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field.id"))
    genre: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    channel: Mapped[EntryChannel] = mapped_column(
        String(20), default=EntryChannel.ONLINE
    )
    status: Mapped[EntryStatus] = mapped_column(String(20), default=EntryStatus.DRAFT)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    # Accent-free number, title, author and featured names for organizers' search
    # ("Dang" finds "Đặng"); kept by services.entries.refresh_search_text.
    search_text: Mapped[str] = mapped_column(Text, default="")
    needs_typing: Mapped[bool] = mapped_column(default=False)
    declaration_accepted: Mapped[bool] = mapped_column(default=False)
    # Press works: where and when it was published.
    outlet: Mapped[str] = mapped_column(String(200), default="")
    published_on: Mapped[date | None] = mapped_column(Date)
    link: Mapped[str] = mapped_column(String(500), default="")
    # The working text of a draft; submitted texts live in versions.
    draft_text: Mapped[str] = mapped_column(Text, default="")
    draft_source: Mapped[str] = mapped_column(String(20), default="paste")
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    forwarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Where the entry stands in the unit tree once a unit forwarded it to the unit
    # above (None: still with its own unit, or at the city once FORWARDED).
    holder_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL")
    )
    # Sent by its writer straight to the city, past the writer's unit (kept in
    # unit_id for the statistics): at the city once submitted, never forwarded.
    direct_to_city: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()
    track: Mapped[Track | None] = relationship()
    field: Mapped[Field | None] = relationship()
    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id])
    holder_unit: Mapped[Unit | None] = relationship(foreign_keys=[holder_unit_id])
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    versions: Mapped[list[EntryVersion]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        order_by="EntryVersion.number",
    )
    authors: Mapped[list[EntryAuthor]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        order_by="EntryAuthor.position",
    )
    featured: Mapped[list[FeaturedPerson]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        order_by="FeaturedPerson.position",
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="Attachment.id"
    )

    @property
    def latest_version(self) -> EntryVersion | None:
        """The version judges read (the last one submitted)."""
        return self.versions[-1] if self.versions else None

    @property
    def photos(self) -> list[Attachment]:
        return [a for a in self.attachments if a.kind == AttachmentKind.PHOTO]

    @property
    def videos(self) -> list[Attachment]:
        return [a for a in self.attachments if a.kind == AttachmentKind.VIDEO]

    @property
    def documents(self) -> list[Attachment]:
        return [
            a
            for a in self.attachments
            if a.kind in (AttachmentKind.DOCUMENT, AttachmentKind.SCAN)
        ]

    def is_owned_by(self, user) -> bool:
        return user.is_authenticated and self.owner_id == user.id

    def can_view(self, user) -> bool:
        """Its owner, organizers, admins, and the focal points of its unit or of the
        unit of a person it features, or of a unit above them, once submitted: a writer's online draft is private
        to the writer (as in the unit's list, contest.unit.queries)."""
        if not user.is_authenticated:
            return False
        if self.owner_id == user.id or user.has_role(Role.ORGANIZER, Role.ADMIN):
            return True
        if not user.has_role(Role.UNIT) or user.unit_id is None:
            return False
        if self.channel == EntryChannel.ONLINE and self.status == EntryStatus.DRAFT:
            return False
        # A focal point acts for the unit's whole subtree (a district for its
        # communes), never for a sibling's.
        from contest.services.unit_tree import subtree_ids

        mine = subtree_ids(user.unit_id)
        return self.unit_id in mine or any(
            person.unit_id in mine for person in self.featured
        )

    def can_edit(self, user, now: datetime) -> bool:
        """The owner (or the unit for its paper entries) may change it until the deadline."""
        if self.status not in EDITABLE_STATUSES or not self.edition.is_open(now):
            return False
        if self.owner_id == user.id:
            return True
        return (
            self.channel != EntryChannel.ONLINE
            and self.can_view(user)
            and user.has_role(Role.UNIT)
        )

    def __repr__(self) -> str:
        return f"<Entry {self.id} {self.number or 'draft'}>"


class EntryVersion(db.Model):
    """A submitted version of an entry's text; every version is kept."""

    __table_args__ = (UniqueConstraint("entry_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(
        String(20), default="paste"
    )  # paste / upload / typed
    document_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    entry: Mapped[Entry] = relationship(back_populates="versions")
    document: Mapped[Attachment | None] = relationship()
    # The spans hidden from judges (judging.identity: the feature owns the table).
    redactions: Mapped[list[Redaction]] = relationship(  # noqa: F821
        back_populates="version",
        order_by="Redaction.span_start",
        cascade="all, delete-orphan",
    )


class EntryAuthor(db.Model):
    """One author of an entry (a group entry has several)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    full_name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    # Pen names the author signs with, comma-separated: identity, like the name.
    pen_names: Mapped[str] = mapped_column(String(200), default="", server_default="")

    entry: Mapped[Entry] = relationship(back_populates="authors")


class FeaturedPerson(db.Model):
    """A person or collective the entry is about (nhân vật)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    subject_kind: Mapped[SubjectKind] = mapped_column(
        String(20), default=SubjectKind.INDIVIDUAL, server_default="individual"
    )
    birth_year: Mapped[int | None] = mapped_column(Integer)
    collective_type: Mapped[str] = mapped_column(String(120), default="")
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    locality: Mapped[str] = mapped_column(String(200), default="")
    field_name: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(
        String(200), default=""
    )  # never shown to judges
    summary: Mapped[str] = mapped_column(Text, default="")
    # From the edition's lists (kept by the commendation register), "" when unset.
    social_group: Mapped[str] = mapped_column(
        String(120), default="", server_default=""
    )
    movement: Mapped[str] = mapped_column(String(200), default="", server_default="")

    entry: Mapped[Entry] = relationship(back_populates="featured")

    @property
    def is_collective(self) -> bool:
        """Not one person: a collective or a household (no birth year is shown)."""
        return self.subject_kind != SubjectKind.INDIVIDUAL


class Attachment(db.Model):
    """A stored file of an entry, kept under a server-generated, content-addressed key."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AttachmentKind] = mapped_column(String(20))
    storage_key: Mapped[str] = mapped_column(String(200))
    clean_key: Mapped[str | None] = mapped_column(String(200))  # metadata-free copy
    thumbnail_key: Mapped[str | None] = mapped_column(String(200))
    original_name: Mapped[str] = mapped_column(String(255), default="")
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Words of hidden text (hidden formatting, white/1-pt text, author fields) left
    # out of the extracted text, and their kinds, comma-separated.
    hidden_words: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    hidden_kinds: Mapped[str] = mapped_column(String(60), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[Entry] = relationship(back_populates="attachments")


# The stored files these columns name are checked by `flask files check` and backups.
register_file_column(Attachment.storage_key)
register_file_column(Attachment.clean_key)
register_file_column(Attachment.thumbnail_key)
