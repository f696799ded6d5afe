"""Award data: the edition's award list, its organizers' overrides, the placements it
yields, and the append-only log of every change and sign-off step.

``AwardPlacement`` is the one place everybody reads prizes from (results page,
exports, notifications, statistics, collective awards): the award service rebuilds it
from the final round's ranking and the active overrides while the list is a draft,
and never touches it once the list is approved (frozen) unless it is reopened.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models import Edition, Entry, Track, User
    from judging.rounds.models import Round


class AwardStage(StrEnum):
    """Sign-off of an award list, in order."""

    DRAFT = "draft"  # organizers propose and adjust
    SUBMITTED = "submitted"  # waiting for the council chair
    APPROVED = "approved"  # frozen by the chair
    PUBLISHED = "published"  # on the public results page


class AwardList(db.Model):
    """The award list of one edition (all tracks) and its sign-off state."""

    __tablename__ = "award_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), unique=True
    )
    stage: Mapped[AwardStage] = mapped_column(
        String(20), default=AwardStage.DRAFT, server_default=AwardStage.DRAFT.value
    )
    # The round whose results rank the entries (the last round by default).
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("round.id", ondelete="SET NULL")
    )
    # Tie-break rule codes in order: "criterion:<id>", "first_place_votes".
    tie_rules: Mapped[list] = mapped_column(JSON, default=list)
    # Collective-award formula: {"forwarded": w, "shortlisted": w, "prizes": {tier: w}}.
    unit_weights: Mapped[dict] = mapped_column(JSON, default=dict)
    # Bumped on every change: a form posted against an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # What the official documents print.
    decision_number: Mapped[str] = mapped_column(String(60), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    award_date: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(120), default="Hà Nội")
    preface: Mapped[str] = mapped_column(Text, default="")  # of the anthology

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[Edition] = relationship()
    round: Mapped[Round | None] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    placements: Mapped[list[AwardPlacement]] = relationship(
        back_populates="award_list",
        cascade="all, delete-orphan",
        order_by="(AwardPlacement.track_id, AwardPlacement.position)",
    )
    overrides: Mapped[list[AwardOverride]] = relationship(
        back_populates="award_list",
        cascade="all, delete-orphan",
        order_by="AwardOverride.id",
    )

    @property
    def frozen(self) -> bool:
        """Approved or published: no change without reopening."""
        return self.stage in (AwardStage.APPROVED, AwardStage.PUBLISHED)

    @property
    def published(self) -> bool:
        return self.stage == AwardStage.PUBLISHED


class AwardOverride(db.Model):
    """An organizer's change to the proposal (move to a tier, or remove), with reason.

    Revoking sets ``revoked_at``; rows are never deleted, so the log can show them.
    """

    __tablename__ = "award_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_list_id: Mapped[int] = mapped_column(
        ForeignKey("award_list.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(
        String(10)
    )  # judging.awards.core.overrides.OverrideAction
    tier: Mapped[str | None] = mapped_column(String(30))  # judging.awards.core.Tier
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    award_list: Mapped[AwardList] = relationship(back_populates="overrides")
    entry: Mapped[Entry] = relationship()
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class AwardPlacement(db.Model):
    """One prize: an entry, its tier and its place in its track's final ranking."""

    __tablename__ = "award_placement"
    __table_args__ = (UniqueConstraint("award_list_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    award_list_id: Mapped[int] = mapped_column(
        ForeignKey("award_list.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    track_id: Mapped[int] = mapped_column(ForeignKey("track.id", ondelete="CASCADE"))
    tier: Mapped[str] = mapped_column(String(30))  # judging.awards.core.Tier
    position: Mapped[int] = mapped_column(Integer)  # 1 = best of the track
    score: Mapped[float | None] = mapped_column(Float)

    award_list: Mapped[AwardList] = relationship(back_populates="placements")
    entry: Mapped[Entry] = relationship()
    track: Mapped[Track] = relationship()


class AwardLogEntry(db.Model):
    """Append-only: who changed what in the award list, when and why."""

    __tablename__ = "award_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_list_id: Mapped[int] = mapped_column(
        ForeignKey("award_list.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(40))  # e.g. "override", "approve"
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="SET NULL")
    )
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()
    entry: Mapped[Entry | None] = relationship()
