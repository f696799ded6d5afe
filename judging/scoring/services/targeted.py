"""Which entries should get the extra readings the organizers can afford (no writes).

Reads a round's results (``judging.scoring.services.results.round_results``) and hands them to
the pure core (``judging.scoring.core.targeted``): per track, each entry's probability of being
on the other side of the line (the prize line in the edition's last round, the
advancement cut before it). The most uncertain entries are proposed first; an entry
still waiting for a reading is left out (its probability will change once that
sheet is in). The readers themselves are assigned by
``judging.scoring.services.results.add_reader``, the same flow as the third reading
(``add_readers``: all at once, else one entry at a time, so an entry nobody may
read blocks no other).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from contest.models import Entry, User
from judging.assignment.core import AssignmentInfeasible
from judging.awards.services.proposal import last_round, track_counts
from judging.rounds.models import Round
from judging.scoring.core import Reading, targeted
from judging.scoring.core.calibration import Disagreement
from judging.scoring.services.results import (
    EntryResult,
    RoundResults,
    add_reader,
    plan_extra,
)
from judging.scoring.services.third_reading import active_readers

# Seats above the line per track when the organizers have not said: the advance
# page's own default (top 10 per track), or the track's prize seats in the last round.
DEFAULT_PLACES = 10
# Extra readings proposed by default: this share of the round's ranked entries.
DEFAULT_SHARE = 0.05
MAX_COUNT = 500


@dataclass(frozen=True)
class Target:
    """One proposed extra reading and why."""

    result: EntryResult
    risk: targeted.LineRisk
    disagreement: Disagreement | None


@dataclass(frozen=True)
class TargetPlan:
    """What the results page shows in its targeted-readings section."""

    places: dict[int | None, int]  # track id -> seats above the line
    count: int
    targets: list[Target]
    risk_of: dict[int, targeted.LineRisk]  # every ranked entry with a line
    waiting: frozenset[int]  # entries with a reading not yet submitted
    available: bool  # False: no spread yet, or the judge-entry graph is split
    placeable: bool = True  # False: not every proposed entry can get a reader now


def default_places(round_: Round, results: RoundResults) -> dict[int | None, int]:
    """Seats above the line per track: prize seats in the last round, else 10."""
    tracks = {r.entry.track_id for r in results.entries}
    prizes: dict[int | None, int] = {}
    if last_round(round_.edition) == round_:
        prizes = {t: sum(c.values()) for t, c in track_counts(round_.edition).items()}
    return {t: prizes.get(t) or DEFAULT_PLACES for t in tracks}


def default_count(results: RoundResults) -> int:
    """Extra readings proposed when the organizers have not said how many."""
    return max(1, math.ceil(DEFAULT_SHARE * len(results.entries)))


def plan(
    round_: Round,
    results: RoundResults,
    places: int | None = None,
    count: int | None = None,
) -> TargetPlan:
    """The ``count`` most uncertain entries against a line of ``places`` per track."""
    seats = default_places(round_, results)
    if places is not None:
        seats = dict.fromkeys(seats, places)
    count = default_count(results) if count is None else min(count, MAX_COUNT)
    readers = active_readers(round_)
    submitted = Counter(r.assignment.entry_id for r in results.readings)
    waiting = frozenset(e for e, n in readers.items() if n > submitted[e])
    fit = results.calibration
    if fit is None:
        return TargetPlan(seats, count, [], {}, waiting, available=False)
    readings = [
        Reading(r.assignment.entry_id, r.assignment.judge_id, r.total)
        for r in results.readings
    ]
    group_of = {r.entry.id: r.entry.track_id for r in results.entries}
    risks = targeted.line_risks(readings, fit, seats, group_of)
    by_id = {r.entry.id: r for r in results.entries}
    flags = {d.entry_id: d for d in results.disagreements}
    targets = [
        Target(by_id[risk.entry_id], risk, flags.get(risk.entry_id))
        for risk in targeted.pick(risks, count, waiting)
    ]
    return TargetPlan(
        seats,
        count,
        targets,
        {r.entry_id: r for r in risks},
        waiting,
        available=fit.residual_sd is not None and fit.connected,
        placeable=_placeable(round_, targets),
    )


def _placeable(round_: Round, targets: list[Target]) -> bool:
    """Whether every proposed entry can get a reader now (one solver run, ~0.1 s on
    2,000 entries; which entries cannot is said when the organizer adds them)."""
    if not targets or round_.readers_per_entry is None:
        return True
    try:
        plan_extra(round_, [t.result.entry for t in targets])
    except AssignmentInfeasible:
        return False
    return True


def add_readers(
    actor: User, round_: Round, entries: list[Entry], reason: str | None
) -> tuple[dict[int, int], list[Entry]]:
    """One more reader for each entry: (entry id → new judge id, entries nobody
    allowed is free to read). All at once when possible, else one at a time."""
    try:
        return add_reader(actor, round_, entries, reason=reason), []
    except AssignmentInfeasible:
        pass
    added: dict[int, int] = {}
    left = []
    for entry in entries:
        try:
            added |= add_reader(actor, round_, [entry], reason=reason)
        except AssignmentInfeasible:
            left.append(entry)
    return added, left
