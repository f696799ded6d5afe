"""Organizers' decisions on merging featured-people rows (likely the same person).

One row per pair of person keys (``judging.featured.core.names.person_key``) of an
edition, smaller key first: confirmed pairs are merged into one person in the
featured-people table, rejected pairs are never proposed again. Deciding again
replaces the decision (and the audit log keeps every step).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.extensions import db
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models import User

KEY_LENGTH = 420  # two folded 200-character fields and the separator


class MergeDecision(StrEnum):
    """What the organizer said about a proposed merge."""

    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class FeaturedMerge(db.Model):
    """An organizer's decision: are these two featured-people rows one person?"""

    __tablename__ = "featured_merge"
    __table_args__ = (UniqueConstraint("edition_id", "key_a", "key_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    key_a: Mapped[str] = mapped_column(String(KEY_LENGTH))
    key_b: Mapped[str] = mapped_column(String(KEY_LENGTH))
    decision: Mapped[MergeDecision] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()
