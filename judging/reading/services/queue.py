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
from functools import cache

from sqlalchemy import Integer, and_, bindparam, or_, select
from sqlalchemy.orm import contains_eager, defer, joinedload, selectinload
from sqlalchemy.sql.elements import BindParameter

from contest.extensions import db
from contest.models import (
    Edition,
    EditionStaff,
    EditionStatus,
    Entry,
    EntryStatus,
    EntryVersion,
    StaffRole,
    User,
)
from judging.assignment.models import Assignment, JudgingCode, UnitJudge
from judging.reading.core import (
    BlindEntry,
)
from judging.reading.services.blind import (
    blind_entry,
)
from judging.rounds.models import Round


@cache
def _judge_view() -> tuple:
    """What blind_entry reads of an entry, in three statements rather than one per
    relationship: the row with its labels, owner, authors, featured people and
    attachments joined (a handful of each), then the versions and their redactions
    (the owner's roles are not needed). Built once per process."""
    return (
        defer(Entry.search_text),
        defer(Entry.draft_text),
        joinedload(Entry.track),
        joinedload(Entry.field),
        joinedload(Entry.unit),
        joinedload(Entry.owner).lazyload(User.role_rows),
        joinedload(Entry.authors),
        joinedload(Entry.featured),
        joinedload(Entry.attachments),
        selectinload(Entry.versions).selectinload(EntryVersion.redactions),
    )


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


@cache
def _reading_query():
    """The statement of reading_row, built once per process (building it cost more
    than running it); the judge and the code are bound at execution."""
    rows = readable(bindparam("judge_id", type_=Integer))
    return rows.where(JudgingCode.code == bindparam("code")).options(
        contains_eager(Assignment.round).contains_eager(Round.edition)
    )


def reading_row(user: User, code: str) -> tuple[Assignment, str] | None:
    """The judge's reading with this code and the code as stored, or None (404).

    Cheap: an autosave needs only this, not the entry the judge sees.
    """
    found = db.session.execute(
        _reading_query(), {"judge_id": user.id, "code": code.strip().upper()}
    ).first()
    if found is None:
        return None
    row, code_row = found
    return row, code_row.code


def reading(user: User, code: str) -> tuple[Assignment, BlindEntry] | None:
    """The judge's reading of the entry with this code, or None (looks like 404)."""
    found = reading_row(user, code)
    if found is None:
        return None
    row, shown_code = found
    return row, blind_view(row, shown_code)


def blind_view(row: Assignment, code: str) -> BlindEntry:
    """What the judge sees of the reading's entry, under its code."""
    entry = (
        db.session.scalars(
            select(Entry).where(Entry.id == row.entry_id).options(*_judge_view())
        )
        .unique()
        .one()
    )
    return blind_entry(entry, code, row.round.name)


def mark_opened(row: Assignment, now: datetime) -> bool:
    """Remember when the judge first opened the entry (it now counts as started);
    True when that changed the reading (the caller commits)."""
    if row.opened_at is not None:
        return False
    row.opened_at = now
    return True
