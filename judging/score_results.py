"""Judging verbs, part 5: a round's results, extra readers, and who advances.

Rows in, plain values to the pure modules (judging.scoring, judging.calibration,
judging.advancement), rows out. Only submitted sheets of active readings count.
Calibrated scores are comparable only inside one connected part of the judge–entry
graph: when the graph falls apart, ranking on them falls back to raw scores and the
page says so. Services flush; views commit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, EntryStatus, User
from contest.services.audit import audit
from judging import advancement, calibration, scoring
from judging.assignment import EntrySlot, assign
from judging.models import Assignment, Round, Score, ScoreStatus
from judging.runs import (
    ensure_codes,
    notify_judges,
    round_assignments,
    round_judges,
    solver_slots,
)
from judging.score_service import total_100
from judging.services import actor_id, conflict_map

BASES = ("raw", "calibrated")


@dataclass(frozen=True)
class ReadingRow:
    """One submitted reading: who, which entry, the total on 0–100 and the sheet."""

    assignment: Assignment
    score: Score
    total: float


@dataclass(frozen=True)
class EntryResult:
    """One entry's scores in the round."""

    entry: Entry
    readings: int
    raw: float
    calibrated: float | None
    component: int
    final: float


@dataclass(frozen=True)
class RoundResults:
    """Everything the results page shows."""

    entries: list[EntryResult]  # best final score first
    readings: list[ReadingRow]
    calibration: calibration.Calibration | None
    disagreements: list[calibration.Disagreement]
    basis: str
    fallback_to_raw: bool  # calibrated asked, but the graph is not connected
    pending: int  # active readings not submitted yet


def submitted_readings(round_: Round) -> list[ReadingRow]:
    """Submitted sheets of the round's active readings, oldest reading first."""
    criteria = list(round_.edition.criteria)
    rows = db.session.execute(
        select(Assignment, Score)
        .join(Score, Score.assignment_id == Assignment.id)
        .where(
            Assignment.round_id == round_.id,
            Assignment.recused_at.is_(None),
            Score.status == ScoreStatus.SUBMITTED,
        )
        .order_by(Assignment.entry_id, Assignment.id)
    ).all()
    return [ReadingRow(a, s, total_100(criteria, s)) for a, s in rows]


def round_results(round_: Round) -> RoundResults:
    """Raw (trimmed mean) and calibrated scores per entry, disagreements, progress."""
    rows = submitted_readings(round_)
    readings = [
        scoring.Reading(r.assignment.entry_id, r.assignment.judge_id, r.total)
        for r in rows
    ]
    raw = scoring.aggregate(readings)
    fit = calibration.calibrate(readings) if readings else None
    flagged = calibration.flag_disagreements(readings, fit) if fit else []
    basis = round_.score_basis if round_.score_basis in BASES else "raw"
    fallback = basis == "calibrated" and fit is not None and not fit.connected
    counts = Counter(r.entry_id for r in readings)
    entries = {
        e.id: e for e in db.session.scalars(select(Entry).where(Entry.id.in_(raw)))
    }
    results = []
    for entry_id, value in raw.items():
        calibrated = fit.scores[entry_id] if fit else None
        final = calibrated if basis == "calibrated" and not fallback else value
        results.append(
            EntryResult(
                entries[entry_id],
                counts[entry_id],
                value,
                calibrated,
                fit.component_of[entry_id] if fit else 0,
                final,
            )
        )
    results.sort(key=lambda r: (-round(r.final, 2), r.entry.number or ""))
    active = sum(1 for a in round_assignments(round_) if a.active)
    return RoundResults(
        results, rows, fit, flagged, basis, fallback, max(active - len(rows), 0)
    )


def set_basis(actor: User, round_: Round, basis: str) -> None:
    """Choose which score ranks the round: "raw" or "calibrated"."""
    if basis not in BASES:
        raise ValueError(basis)
    round_.score_basis = basis
    audit(actor, "judging.score_basis", round_.edition, round_id=round_.id, basis=basis)


def add_reader(actor: User, round_: Round, entries: list[Entry]) -> dict[int, int]:
    """One more reader for each entry (a large disagreement): entry id → new judge id.

    The solver keeps every pair of the round and asks readers = current + 1 for these
    entries only; raises AssignmentInfeasible when nobody allowed is free.
    """
    rows = round_assignments(round_)
    judges = round_judges(round_)
    active = {(r.judge_id, r.entry_id) for r in rows if r.active}
    forbidden = set(conflict_map(round_.edition, judges, entries))
    forbidden |= {(r.judge_id, r.entry_id) for r in rows}
    current = Counter(e for _j, e in active)
    base, judge_slots = solver_slots(round_, entries, judges)
    slots = [EntrySlot(s.id, s.field, current[s.id] + 1) for s in base]
    result = assign(
        slots,
        judge_slots,
        conflicts=forbidden - active,
        existing=active,
        seed=round_.assignment_seed or 0,
        balance=False,
    )
    new: dict[int, int] = {}
    for entry_id, readers in result.pairs.items():
        for judge_id in readers:
            db.session.add(
                Assignment(
                    round_id=round_.id,
                    judge_id=judge_id,
                    entry_id=entry_id,
                    created_by_id=actor_id(actor),
                )
            )
            new[entry_id] = judge_id
    ensure_codes(round_, entries)
    db.session.flush()
    notify_judges(round_, Counter(new.values()))
    audit(actor, "judging.extra_reader", round_.edition, round_id=round_.id, added=new)
    return new


# -- advancement ----------------------------------------------------------------------


class CutRule(StrEnum):
    """How the organizers choose who advances."""

    TOP_TRACK = "top_track"
    TOP_FIELD = "top_field"
    TOP_ROUND = "top_round"
    ABOVE = "above"


GROUP_OF = {
    CutRule.TOP_TRACK: advancement.GroupBy.TRACK,
    CutRule.TOP_FIELD: advancement.GroupBy.FIELD,
    CutRule.TOP_ROUND: advancement.GroupBy.ROUND,
}


def preview_advancement(
    results: RoundResults,
    rule: CutRule,
    value: float,
    changes: list[advancement.ManualChange] = (),
) -> advancement.Selection:
    """Who would advance (ties at the cut reported); raises ManualChangeError."""
    candidates = [
        advancement.Candidate(r.entry.id, r.final, r.entry.track_id, r.entry.field_id)
        for r in results.entries
    ]
    if rule == CutRule.ABOVE:
        selection = advancement.above_score(candidates, value)
    else:
        selection = advancement.top_n(candidates, int(value), GROUP_OF[rule])
    return advancement.apply_changes(selection, list(changes))


class AdvanceRefused(Exception):
    """Why the selection cannot be committed yet (``code``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def commit_advancement(
    actor: User, round_: Round, selection: advancement.Selection, now: datetime
) -> int:
    """Close the round; the advancing entries become SHORTLISTED (next round's pool)."""
    if selection.tied_at_cut:
        raise AdvanceRefused("ties")
    if round_.advanced_at is not None:
        raise AdvanceRefused("done")
    for entry in db.session.scalars(
        select(Entry).where(Entry.id.in_(selection.advancing))
    ):
        entry.status = EntryStatus.SHORTLISTED
    round_.closed_at = round_.closed_at or now
    round_.advanced_at = now
    db.session.flush()
    audit(
        actor,
        "judging.advance",
        round_.edition,
        round_id=round_.id,
        advancing=len(selection.advancing),
        changes=[
            {"entry": c.entry_id, "action": str(c.action), "reason": c.reason}
            for c in selection.log
        ],
    )
    return len(selection.advancing)
