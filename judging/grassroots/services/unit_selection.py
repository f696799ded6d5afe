"""What a unit keeps from its own round: the ranking (the city's results
computations, ``judging.scoring.services.results``), the shortlist its focal point
picks from it, the shortlist the forward form offers, and the entry's lower-level
history that organizers see (never judges: their pages know only the city's rounds).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, User
from contest.services.audit import audit
from judging.assignment.models import Assignment
from judging.grassroots.models import UnitShortlist
from judging.grassroots.services import held_by_clause
from judging.rounds.models import Round
from judging.scoring.services.results import RoundResults, round_results


def ranking(round_: Round) -> RoundResults:
    """The round's results, best first (the city's computation, unchanged)."""
    return round_results(round_)


def shortlist_ids(round_: Round) -> set[int]:
    """Ids of the entries the unit shortlisted from this round."""
    return set(
        db.session.scalars(
            select(UnitShortlist.entry_id).where(UnitShortlist.round_id == round_.id)
        )
    )


def set_shortlist(
    actor: User, round_: Round, entry_ids: Iterable[int], now: datetime
) -> int:
    """The unit's selection from a closed round: exactly these ranked entries (ids
    the ranking does not hold are ignored); returns how many are shortlisted."""
    results = ranking(round_).entries
    place = {r.entry.id: rank for rank, r in enumerate(results, start=1)}
    wanted = {i for i in entry_ids if i in place}
    for row in db.session.scalars(
        select(UnitShortlist).where(UnitShortlist.round_id == round_.id)
    ):
        if row.entry_id not in wanted:
            db.session.delete(row)
    kept = shortlist_ids(round_)
    for entry_id in sorted(wanted - kept, key=place.__getitem__):
        db.session.add(
            UnitShortlist(
                round_id=round_.id,
                entry_id=entry_id,
                rank=place[entry_id],
                by_id=actor.id,
                at=now,
            )
        )
    db.session.flush()
    audit(
        actor,
        "unit_round.shortlist",
        round_.edition,
        round_id=round_.id,
        entries=sorted(wanted, key=place.__getitem__),
    )
    return len(wanted)


def top(round_: Round, count: int) -> list[int]:
    """Ids of the round's ``count`` best-ranked entries."""
    return [r.entry.id for r in ranking(round_).entries[: max(count, 0)]]


def held_shortlist(edition: Edition, unit_id: int) -> set[int]:
    """Entries the unit shortlisted in any of its rounds that it still holds (what
    the forward form ticks for it)."""
    return set(
        db.session.scalars(
            select(UnitShortlist.entry_id)
            .join(Round, Round.id == UnitShortlist.round_id)
            .join(Entry, Entry.id == UnitShortlist.entry_id)
            .where(
                Round.edition_id == edition.id,
                Round.unit_id == unit_id,
                held_by_clause(unit_id),
            )
        )
    )


@dataclass(frozen=True)
class UnitReading:
    """One unit round an entry was read in, for the organizers' entry page."""

    round_name: str
    unit_name: str
    closed: bool
    rank: int | None  # in the unit's ranking (None: not scored)
    of: int  # how many the unit ranked
    final: float | None
    readings: int
    shortlisted: bool


def unit_history(entry_id: int) -> list[UnitReading]:
    """Every unit round that read the entry, oldest first, with its place there."""
    rounds = db.session.scalars(
        select(Round)
        .join(Assignment, Assignment.round_id == Round.id)
        .where(Assignment.entry_id == entry_id, Round.unit_id.is_not(None))
        .distinct()
        .order_by(Round.id)
    ).all()
    lines = []
    for round_ in rounds:
        results = ranking(round_).entries
        mine = next(
            ((i, r) for i, r in enumerate(results, 1) if r.entry.id == entry_id),
            None,
        )
        lines.append(
            UnitReading(
                round_name=round_.name,
                unit_name=round_.unit.name if round_.unit else "",
                closed=round_.closed_at is not None,
                rank=mine[0] if mine else None,
                of=len(results),
                final=mine[1].final if mine else None,
                readings=mine[1].readings if mine else 0,
                shortlisted=entry_id in shortlist_ids(round_),
            )
        )
    return lines
