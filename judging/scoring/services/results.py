"""Judging verbs, part 5: a round's results, extra readers, and who advances.

Rows in, plain values to the pure modules (judging.scoring.core, judging.scoring.core.calibration,
judging.scoring.core.advancement), rows out. Only submitted sheets of active readings count.
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
from judging.assignment.core import AssignmentResult, EntrySlot, assign
from judging.assignment.models import Assignment
from judging.assignment.services.conflicts import round_conflicts
from judging.assignment.services.pool import actor_id
from judging.assignment.services.roster import round_assignments, round_judges
from judging.assignment.services.runs import ensure_codes, notify_judges, solver_slots
from judging.rounds.models import Round
from judging.rounds.services import round_criteria, total_100
from judging.scoring import core as scoring
from judging.scoring.core import advancement, calibration
from judging.scoring.core.aggregation import aggregate
from judging.scoring.models import Score, ScoreStatus
from judging.stages.services import require_results_open

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
    criteria = round_criteria(round_)
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
    raw = aggregate(readings)
    fit = calibration.calibrate(readings) if readings else None
    flagged = gap_flags(round_, readings, fit) if fit else []
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


def gap_flags(
    round_: Round, readings: list[scoring.Reading], fit: calibration.Calibration
) -> list[calibration.Disagreement]:
    """Entries whose adjusted readings differ by more than the round's allowed gap."""
    return calibration.flag_disagreements(
        readings,
        fit,
        threshold=round_.gap_points,
        spreads=round_.gap_spreads or calibration.DEFAULT_GAP_SPREADS,
    )


def set_gap(round_: Round, spreads: float | None, points: float | None) -> None:
    """The round's allowed gap: ``spreads`` (None = the default) or fixed ``points``.

    Ranges are checked by the round form (1–5 spreads, 1–100 points); the change is
    part of the rounds' set-up, audited there (edition.set_rounds).
    """
    round_.gap_spreads = spreads
    round_.gap_points = points


def set_basis(actor: User, round_: Round, basis: str) -> None:
    """Choose which score ranks the round: "raw" or "calibrated"."""
    if basis not in BASES:
        raise ValueError(basis)
    require_results_open(round_.edition)  # it re-ranks the round
    round_.score_basis = basis
    audit(actor, "judging.score_basis", round_.edition, round_id=round_.id, basis=basis)


def plan_extra(round_: Round, entries: list[Entry]) -> AssignmentResult:
    """Who would be each entry's one more reader; writes nothing.

    The solver keeps every pair of the round and asks readers = current + 1 for these
    entries only (conflicts, ended readings, loads and expertise as in a run); raises
    AssignmentInfeasible when nobody allowed is free.
    """
    rows = round_assignments(round_)
    judges = round_judges(round_)
    active = {(r.judge_id, r.entry_id) for r in rows if r.active}
    forbidden = set(round_conflicts(round_, judges, entries))
    forbidden |= {(r.judge_id, r.entry_id) for r in rows}
    current = Counter(e for _j, e in active)
    base, judge_slots = solver_slots(round_, entries, judges)
    slots = [EntrySlot(s.id, s.field, current[s.id] + 1) for s in base]
    return assign(
        slots,
        judge_slots,
        conflicts=forbidden - active,
        existing=active,
        seed=round_.assignment_seed or 0,
        balance=False,
    )


def add_reader(
    actor: User | None,
    round_: Round,
    entries: list[Entry],
    *,
    auto: bool = False,
    reason: str | None = None,
) -> dict[int, int]:
    """One more reader for each entry (a large disagreement, or an entry close to the
    line: judging.scoring.services.targeted): entry id → new judge id.

    ``auto``: added by the automatic third reading (judging.scoring.services.third_reading), logged so;
    ``reason``: why the organizer added them ("disagreement", "targeted"), logged.
    Raises AssignmentInfeasible when nobody allowed is free (nothing written then).
    """
    require_results_open(round_.edition)
    result = plan_extra(round_, entries)
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
    audit(
        actor,
        "judging.extra_reader",
        round_.edition,
        round_id=round_.id,
        added=new,
        auto=auto or None,
        reason=reason,
    )
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
    require_results_open(round_.edition)
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
