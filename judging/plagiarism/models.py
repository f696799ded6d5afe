"""Plagiarism data: suspicious pairs and their decisions, the reference corpus, and the
boilerplate phrases organizers exclude per edition.

The queue of suspicious pairs (SimilarityMatch) is fed by the engine (origin "engine":
the check at submission and the full scan). It is built to take judges' flags too: a
judge who suspects copying while reading would add a row with origin "judge",
``reported_by`` and ``report_note`` set, ``b`` left empty and score 0; the organizer
decides it with the same verbs (judging.plagiarism.services.decisions).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models import Edition, Entry, EntryVersion, User

SOURCE_EDITION = "edition"  # another entry of the same edition
SOURCE_REFERENCE = "reference"  # a published story imported by organizers
ARCHIVE_PREFIX = "archive:"  # "archive:2025": an entry of a closed edition
# The kinds of a pair, as judging.plagiarism.core.match reports them (copies listed first).
KIND_COPY, KIND_TEMPLATE, KIND_QUOTATION = "copy", "template", "quotation"
MATCH_KINDS = (KIND_COPY, KIND_TEMPLATE, KIND_QUOTATION)


class MatchStatus(StrEnum):
    """The organizer's decision on a suspicious pair."""

    OPEN = "open"  # not decided yet
    NOT_COPYING = "not_copying"
    DUPLICATE = "duplicate"  # the same entry sent twice: one of them withdrawn
    COPYING = "copying"  # the entry is disqualified


class MatchOrigin(StrEnum):
    """Who raised the suspicion."""

    ENGINE = "engine"
    JUDGE = "judge"


class SimilarityMatch(db.Model):
    """Entry A shares passages with B: another entry (this edition or the archive) or a
    reference document. ``a_share`` = fraction of A inside counted passages."""

    __tablename__ = "similarity_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    # One row per pair and edition ("<edition>:e12:e7", "<edition>:e12:r3"), so a new
    # scan updates the row (and keeps its decision) instead of adding another.
    pair_key: Mapped[str] = mapped_column(String(100), unique=True)
    origin: Mapped[MatchOrigin] = mapped_column(String(20), default=MatchOrigin.ENGINE)
    a_entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    b_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    b_reference_id: Mapped[int | None] = mapped_column(
        ForeignKey("reference_document.id", ondelete="CASCADE"), index=True
    )
    # The versions the passages' character offsets point into.
    a_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry_version.id", ondelete="SET NULL")
    )
    b_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry_version.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(String(40), default=SOURCE_EDITION)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    a_share: Mapped[float] = mapped_column(Float, default=0.0)
    b_share: Mapped[float] = mapped_column(Float, default=0.0)
    # [[a_start, a_end, b_start, b_end, quoted, boilerplate], ...]
    passages: Mapped[list] = mapped_column(JSON, default=list)
    same_author: Mapped[bool] = mapped_column(default=False)
    # What the shared text looks like (judging.plagiarism.core KINDS): "copy", "template"
    # (one template with changed numbers) or "quotation" (a long quotation with a
    # short lead-in). Only copies hold a judging round back.
    kind: Mapped[str] = mapped_column(
        String(20), default=KIND_COPY, server_default=KIND_COPY, index=True
    )
    status: Mapped[MatchStatus] = mapped_column(
        String(20), default=MatchStatus.OPEN, index=True
    )
    reported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    report_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # The entry withdrawn (duplicate) or disqualified (copying) by the decision.
    acted_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="SET NULL")
    )
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    edition: Mapped[Edition] = relationship()
    a_entry: Mapped[Entry] = relationship(foreign_keys=[a_entry_id])
    b_entry: Mapped[Entry | None] = relationship(foreign_keys=[b_entry_id])
    b_reference: Mapped[ReferenceDocument | None] = relationship()
    a_version: Mapped[EntryVersion | None] = relationship(foreign_keys=[a_version_id])
    b_version: Mapped[EntryVersion | None] = relationship(foreign_keys=[b_version_id])
    acted_entry: Mapped[Entry | None] = relationship(foreign_keys=[acted_entry_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    reported_by: Mapped[User | None] = relationship(foreign_keys=[reported_by_id])

    @property
    def source_kind(self) -> str:
        """ "edition", "archive" or "reference" (for filters and labels)."""
        return "archive" if self.source.startswith(ARCHIVE_PREFIX) else self.source

    @property
    def archive_year(self) -> int | None:
        """The year of the archived edition B comes from, if it does."""
        if not self.source.startswith(ARCHIVE_PREFIX):
            return None
        year = self.source.removeprefix(ARCHIVE_PREFIX)
        return int(year) if year.isdigit() else None

    @property
    def is_open(self) -> bool:
        """True until an organizer decides the pair."""
        return self.status == MatchStatus.OPEN


class ReferenceDocument(db.Model):
    """A published story (newspaper, anthology, website) entries are checked against."""

    __tablename__ = "reference_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    # Of the extracted text: the same story imported twice is kept once.
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    imported_by: Mapped[User | None] = relationship()


class BoilerplatePhrase(db.Model):
    """A phrase of an edition (slogan, required heading) shown but never counted."""

    __tablename__ = "boilerplate_phrase"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    phrase: Mapped[str] = mapped_column(Text)


class PendingCheck(db.Model):
    """An entry of an edition waiting for its check at submission.

    Written in the transaction that submitted the entry (or changed its status), and
    deleted by the check that handled it, in the transaction recording its pairs: an
    entry is never forgotten, whichever worker dies when. ``entry_id`` None: the
    corpus changed as a whole (reference documents imported) and the next check
    compares the edition's index with the database.
    """

    __tablename__ = "similarity_pending"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
