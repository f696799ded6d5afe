"""What a judge may open: their queue of codes and one entry by its code.

A judge reaches an entry only through an active reading of theirs, in an open
round, of an edition they still judge and that is not closed, for an entry still in
the contest. Anything else (another judge's code, a guessed code, an ended reading, a
closed round) looks exactly like a code that does not exist. Judges get BlindEntry
values, never rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    Edition,
    EditionStaff,
    EditionStatus,
    Entry,
    EntryStatus,
    StaffRole,
    User,
)
from judging.blind import BlindEntry, blind_entry
from judging.models import Assignment, JudgingCode, Round

# An entry ruled out or withdrawn after assignment is no longer read.
_GONE = (EntryStatus.DRAFT, EntryStatus.NOT_ELIGIBLE, EntryStatus.WITHDRAWN)


@dataclass(frozen=True)
class QueueItem:
    """One entry in a judge's queue."""

    entry: BlindEntry
    opened: bool


def _readable(user: User):
    """Rows (Assignment, JudgingCode) the user may read now."""
    return (
        select(Assignment, JudgingCode)
        .join(
            JudgingCode,
            (JudgingCode.round_id == Assignment.round_id)
            & (JudgingCode.entry_id == Assignment.entry_id),
        )
        .join(Round, Round.id == Assignment.round_id)
        .join(Entry, Entry.id == Assignment.entry_id)
        .join(Edition, Edition.id == Round.edition_id)
        .join(
            EditionStaff,
            (EditionStaff.edition_id == Round.edition_id)
            & (EditionStaff.user_id == Assignment.judge_id)
            & (EditionStaff.role == StaffRole.JUDGE),
        )
        .where(
            Assignment.judge_id == user.id,
            Assignment.recused_at.is_(None),
            Round.opened_at.is_not(None),
            Round.closed_at.is_(None),
            Edition.status != EditionStatus.CLOSED,  # an archive is read by nobody
            Entry.status.not_in([str(s) for s in _GONE]),
        )
    )


def judge_queue(user: User) -> list[QueueItem]:
    """The judge's entries in open rounds: unopened first, then by code."""
    rows = db.session.execute(_readable(user)).all()
    items = [
        QueueItem(
            blind_entry(row.entry, code.code, row.round.name),
            opened=row.opened_at is not None,
        )
        for row, code in rows
    ]
    return sorted(items, key=lambda i: (i.opened, i.entry.round_name, i.entry.code))


def reading(user: User, code: str) -> tuple[Assignment, BlindEntry] | None:
    """The judge's reading of the entry with this code, or None (looks like 404)."""
    query = _readable(user).where(JudgingCode.code == code.strip().upper())
    found = db.session.execute(query).first()
    if found is None:
        return None
    row, code_row = found
    return row, blind_entry(row.entry, code_row.code, row.round.name)


def mark_opened(row: Assignment, now: datetime) -> None:
    """Remember when the judge first opened the entry (it now counts as started)."""
    if row.opened_at is None:
        row.opened_at = now
