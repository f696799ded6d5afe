"""A round's roster: the entries it reads (through the edition's intake policy, or
what the unit holds for a unit's round; typed ones only), its judges, its reading
rows, and each judge's progress."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from contest.extensions import db
from contest.models import Entry, EntryStatus, RoundKind
from judging.assignment.models import Assignment, JudgeProfile
from judging.assignment.services.pool import judge_pool, unit_round_judges
from judging.grassroots.services import city_intake_clause, held_by_clause
from judging.rounds.models import Round

# Which entries a round reads: sơ khảo takes every entry still in the contest that
# reached the city (or every one, as the edition's intake policy says).
ROUND_STATUSES = {
    RoundKind.PRELIMINARY: (
        EntryStatus.SUBMITTED,
        EntryStatus.FORWARDED,
        EntryStatus.UNDER_REVIEW,
    ),
    RoundKind.FINAL: (EntryStatus.SHORTLISTED,),
}


def _pool(round_: Round, *, typed: bool) -> tuple:
    """Where-clauses of the entries the round would read: of its edition, in the
    statuses it reads, through the edition's intake policy, typed or still a scan."""
    if round_.unit_id is not None:
        # A unit's round reads what the unit holds (submitted, not forwarded on).
        return (
            Entry.edition_id == round_.edition_id,
            Entry.needs_typing.is_(not typed),
            held_by_clause(round_.unit_id),
        )
    statuses = ROUND_STATUSES.get(RoundKind(round_.kind), ())
    return (
        Entry.edition_id == round_.edition_id,
        Entry.status.in_([str(s) for s in statuses]),
        Entry.needs_typing.is_(not typed),
        city_intake_clause(round_.edition_id, round_.kind),
    )


def round_entries(round_: Round) -> list[Entry]:
    """Entries the round reads (typed ones only: a scan waiting for typing has no text)."""
    return list(
        db.session.scalars(
            select(Entry)
            .where(*_pool(round_, typed=True), Entry.number.is_not(None))
            .options(
                selectinload(Entry.authors),
                selectinload(Entry.featured),
                selectinload(Entry.unit),
            )
            .order_by(Entry.id)
        )
    )


def entries_waiting_for_typing(round_: Round) -> int:
    """Entries left out of the round because their scan is not typed yet."""
    return db.session.scalar(
        select(func.count(Entry.id)).where(*_pool(round_, typed=False))
    )


def untyped_scans(round_: Round) -> list[Entry]:
    """The scanned paper entries left out of the round until someone types them."""
    return list(
        db.session.scalars(
            select(Entry)
            .where(*_pool(round_, typed=False))
            .options(selectinload(Entry.unit))
            .order_by(Entry.number, Entry.id)
        )
    )


def round_judges(round_: Round) -> list[JudgeProfile]:
    """Judges of the pool who read in this round (a unit round: its own judges)."""
    if round_.unit_id is not None:
        return unit_round_judges(round_)
    return [p for p in judge_pool(round_.edition) if round_ in p.rounds]


def round_assignments(round_: Round) -> list[Assignment]:
    """Every assignment row of the round (active and ended)."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.round_id == round_.id)
            .order_by(Assignment.id)
        )
    )


@dataclass(frozen=True)
class JudgeLoad:
    """One judge's readings in a round."""

    profile: JudgeProfile
    assigned: int
    opened: int
    ended: int


def round_progress(round_: Round) -> tuple[list[JudgeLoad], int]:
    """Per-judge load and progress, and how many entries still lack readers."""
    rows = round_assignments(round_)
    per_judge: dict[int, list[Assignment]] = defaultdict(list)
    for row in rows:
        per_judge[row.judge_id].append(row)
    loads = []
    for profile in round_judges(round_):
        mine = per_judge.get(profile.user_id, [])
        active = [r for r in mine if r.active]
        loads.append(
            JudgeLoad(
                profile,
                assigned=len(active),
                opened=sum(1 for r in active if r.opened_at is not None),
                ended=len(mine) - len(active),
            )
        )
    readers: dict[int, int] = defaultdict(int)
    for row in rows:
        if row.active:
            readers[row.entry_id] += 1
    entries = round_entries(round_)
    need = round_.readers_per_entry
    if need is None:
        need = 1 if loads else 0
    gaps = sum(1 for e in entries if readers.get(e.id, 0) < need)
    return loads, gaps
