"""What a judge may open: one entry by its code (the rule their queue lists by:
judging.reading.services.queue_list).

A judge reaches an entry only through an active reading of theirs, in an open
round, of an edition they still judge and that is not closed, for an entry still in
the contest. Anything else (another judge's code, a guessed code, an ended reading, a
closed round) looks exactly like a code that does not exist. Judges get BlindEntry
(and, in the queue, BlindHeading) values, never rows; the queue's states, filters
and progress are plain values (judging.reading.core).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.sql.elements import BindParameter

from contest.models import (
    Edition,
    EditionStaff,
    EditionStatus,
    Entry,
    EntryStatus,
    StaffRole,
)
from judging.assignment.models import Assignment, JudgingCode, UnitJudge
from judging.rounds.models import Round

# An entry ruled out or withdrawn after assignment is no longer read.
_GONE = (EntryStatus.DRAFT, EntryStatus.NOT_ELIGIBLE, EntryStatus.WITHDRAWN)


def _still_judges(judge_id: int | BindParameter):
    """SQL: the user still judges the reading's round: a city round as one of the
    edition's judges, a unit's round as one of that round's own judges (so a city
    judge never reads a unit round, and a unit judge only their round)."""
    city_judge = (
        select(EditionStaff.id)
        .where(
            EditionStaff.edition_id == Round.edition_id,
            EditionStaff.user_id == judge_id,
            EditionStaff.role == StaffRole.JUDGE,
        )
        .exists()
    )
    unit_judge = (
        select(UnitJudge.id)
        .where(UnitJudge.round_id == Round.id, UnitJudge.user_id == judge_id)
        .exists()
    )
    return or_(
        and_(Round.unit_id.is_(None), city_judge),
        and_(Round.unit_id.is_not(None), unit_judge),
    )


def readable(judge_id: int | BindParameter):
    """Rows (Assignment, JudgingCode) the judge (an id, or one bound later) may read
    now."""
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
        .where(
            _still_judges(judge_id),
            Assignment.judge_id == judge_id,
            Assignment.recused_at.is_(None),
            Round.opened_at.is_not(None),
            Round.closed_at.is_(None),
            Edition.status != EditionStatus.CLOSED,  # an archive is read by nobody
            Entry.status.not_in([str(s) for s in _GONE]),
        )
    )


def mark_opened(row: Assignment, now: datetime) -> bool:
    """Remember when the judge first opened the entry (it now counts as started);
    True when that changed the reading (the caller commits)."""
    if row.opened_at is not None:
        return False
    row.opened_at = now
    return True
