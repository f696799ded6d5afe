"""What a judge may open: their queue of codes and one entry by its code.

A judge reaches an entry only through an active reading of theirs, in an open
round, of an edition they still judge and that is not closed, for an entry still in
the contest. Anything else (another judge's code, a guessed code, an ended reading, a
closed round) looks exactly like a code that does not exist. Judges get BlindEntry
(and, in the queue, BlindHeading) values, never rows; the queue's states, filters
and progress are plain values (judging.reading_queue).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, defer, joinedload, selectinload

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
from judging.blind import BlindEntry, blind_entry, blind_heading
from judging.models import Assignment, JudgingCode, Round, Score
from judging.reading_queue import (
    QueueItem,
    ReadingState,
    RoundProgress,
    progress,
    state_of,
)


def _heading_view() -> tuple:
    """What blind_heading reads of an entry (labels and the identity its title is
    cleaned of), without the long texts no judge page shows from the row."""
    return (
        defer(Entry.search_text),
        defer(Entry.draft_text),
        joinedload(Entry.track),
        joinedload(Entry.field),
        joinedload(Entry.unit),
        joinedload(Entry.owner).lazyload(User.role_rows),
        selectinload(Entry.authors),
    )


def _judge_view() -> tuple:
    """What blind_entry reads of an entry, loaded in six statements rather than one
    per relationship (the owner's roles are not needed). A function: the redactions
    backref exists only once the mappers are configured."""
    return (
        *_heading_view(),
        selectinload(Entry.versions).selectinload(EntryVersion.redactions),
        selectinload(Entry.featured),
        selectinload(Entry.attachments),
    )


# An entry ruled out or withdrawn after assignment is no longer read.
_GONE = (EntryStatus.DRAFT, EntryStatus.NOT_ELIGIBLE, EntryStatus.WITHDRAWN)
_STATE_ORDER = {state: rank for rank, state in enumerate(ReadingState)}


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
    """The judge's entries in open rounds: new first, submitted last, then by code."""
    query = _readable(user).add_columns(Score.status)
    query = query.outerjoin(Score, Score.assignment_id == Assignment.id).options(
        contains_eager(Assignment.round),
        selectinload(Assignment.entry).options(
            *_heading_view(),
            selectinload(Entry.versions).defer(EntryVersion.text),
        ),
    )
    items = [
        QueueItem(
            blind_heading(row.entry, code.code, row.round.name),
            round_id=row.round_id,
            state=state_of(row.opened_at is not None, status),
        )
        for row, code, status in db.session.execute(query).all()
    ]
    return sorted(
        items, key=lambda i: (_STATE_ORDER[i.state], i.entry.round_name, i.entry.code)
    )


def queue_progress(items: list[QueueItem], now: datetime) -> list[RoundProgress]:
    """Per open round of the queue, in round order: submitted / total and the deadline."""
    ids = {item.round_id for item in items}
    if not ids:
        return []
    rounds = db.session.scalars(
        select(Round)
        .where(Round.id.in_(ids))
        .order_by(Round.edition_id, Round.position)
    ).all()
    return progress(
        items,
        [(r.id, r.name, r.ends_at) for r in rounds],
        now,
        {r.id: r.edition.zone for r in rounds},
    )


def reading_row(user: User, code: str) -> tuple[Assignment, str] | None:
    """The judge's reading with this code and the code as stored, or None (404).

    Cheap: an autosave needs only this, not the entry the judge sees.
    """
    query = (
        _readable(user)
        .where(JudgingCode.code == code.strip().upper())
        .options(contains_eager(Assignment.round).contains_eager(Round.edition))
    )
    found = db.session.execute(query).first()
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
    entry = db.session.scalars(
        select(Entry).where(Entry.id == row.entry_id).options(*_judge_view())
    ).one()
    return blind_entry(entry, code, row.round.name)


def mark_opened(row: Assignment, now: datetime) -> bool:
    """Remember when the judge first opened the entry (it now counts as started);
    True when that changed the reading (the caller commits)."""
    if row.opened_at is not None:
        return False
    row.opened_at = now
    return True
