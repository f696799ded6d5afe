"""Judging verbs, part 3: moving one reading, and a judge's recusal.

Both keep the round's rules: the new reader is a judge of the round, without a
conflict, under their maximum load and not already reading the entry. A recusal
ends the judge's access at once, records the conflict (so no run ever gives the
entry back) and asks the solver for one replacement reader.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, User, utcnow
from contest.services.audit import audit
from judging.assignment.core import AssignmentInfeasible, JudgeSlot, assign
from judging.assignment.models import Assignment, ConflictSource
from judging.assignment.services.conflicts import add_conflict, round_conflicts
from judging.assignment.services.pool import actor_id
from judging.assignment.services.roster import round_assignments, round_judges
from judging.assignment.services.runs import ensure_codes, notify_judges, solver_slots
from judging.rounds.models import Round
from judging.stages.services import require_results_open


class MoveRefused(Exception):
    """Why an entry cannot go from one judge to another (``code`` for the message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _row(round_: Round, judge_id: int, entry_id: int) -> Assignment | None:
    """The judge's row for the entry in the round, active or ended."""
    return db.session.scalar(
        select(Assignment).where(
            Assignment.round_id == round_.id,
            Assignment.judge_id == judge_id,
            Assignment.entry_id == entry_id,
        )
    )


def _load(round_: Round, judge_id: int) -> int:
    """The judge's active readings in the round."""
    return sum(
        1 for r in round_assignments(round_) if r.judge_id == judge_id and r.active
    )


def move_entry(
    actor: User, round_: Round, entry: Entry, source: User, target: User
) -> Assignment:
    """Give ``source``'s reading of ``entry`` to ``target`` (checked like a run)."""
    require_results_open(round_.edition)
    current = _row(round_, source.id, entry.id)
    if current is None or not current.active:
        raise MoveRefused("not_assigned")
    if source.id == target.id:
        raise MoveRefused("same_judge")
    profile = next((p for p in round_judges(round_) if p.user_id == target.id), None)
    if profile is None:
        raise MoveRefused("not_in_round")
    existing = _row(round_, target.id, entry.id)
    if existing is not None and existing.active:
        raise MoveRefused("already_reads")
    if (target.id, entry.id) in round_conflicts(round_, [profile], [entry]):
        raise MoveRefused("conflict")
    if profile.max_load is not None and _load(round_, target.id) >= profile.max_load:
        raise MoveRefused("over_cap")
    if current.opened_at is None:
        db.session.delete(current)
    else:
        current.recused_at = utcnow()  # keep the record: the judge had started
    if existing is not None:
        existing.recused_at, existing.opened_at = None, None
        moved = existing
    else:
        moved = Assignment(
            round_id=round_.id,
            judge_id=target.id,
            entry_id=entry.id,
            created_by_id=actor_id(actor),
        )
        db.session.add(moved)
    ensure_codes(round_, [entry])
    db.session.flush()
    notify_judges(round_, {target.id: 1})
    audit(
        actor,
        "judging.move",
        entry,
        round_id=round_.id,
        from_judge=source.id,
        to_judge=target.id,
    )
    return moved


def recuse(judge: User, row: Assignment, now: datetime) -> Assignment | None:
    """The judge declares a conflict: access ends and another judge takes the entry.

    Returns the new Assignment, or None when nobody could take it (the organizers
    see the gap on the round's page and can re-run or move).
    """
    round_ = row.round
    row.recused_at = now
    add_conflict(
        judge,
        round_.edition,
        judge,
        entry=row.entry,
        source=ConflictSource.RECUSAL,
        now=now,
    )
    if round_.readers_per_entry is None:
        return None  # a council: every other member reads it already
    replacement = _replacement(round_, row.entry, round_.assignment_seed or 0)
    audit(
        judge,
        "judging.recuse",
        row.entry,
        round_id=round_.id,
        reassigned_to=replacement.judge_id if replacement is not None else None,
    )
    return replacement


def _replacement(round_: Round, entry: Entry, seed: int) -> Assignment | None:
    """One new reader for ``entry``: the least-loaded allowed judge (expert first).

    Balancing a whole round for one reading is too strict, so the solver runs
    unbalanced with every judge capped just above the lowest load first, then one
    higher, and so on: the least-loaded judges who may read it are tried first.
    """
    judges = round_judges(round_)
    rows = round_assignments(round_)
    existing = {(r.judge_id, r.entry_id) for r in rows if r.active}
    forbidden = set(round_conflicts(round_, judges, [entry]))
    forbidden |= {(r.judge_id, r.entry_id) for r in rows}
    loads = {p.user_id: 0 for p in judges}
    for judge_id, _entry_id in existing:
        if judge_id in loads:
            loads[judge_id] += 1
    entry_slots, judge_slots = solver_slots(round_, [entry], judges)
    for bound in sorted(set(loads.values())):
        capped = [
            JudgeSlot(
                s.id,
                s.fields,
                min(bound + 1, s.cap if s.cap is not None else bound + 1),
            )
            for s in judge_slots
        ]
        try:
            result = assign(
                entry_slots,
                capped,
                conflicts=forbidden - existing,
                existing=existing,
                seed=seed,
                balance=False,
            )
        except AssignmentInfeasible:
            continue  # nobody free at this load: allow one reading more
        new = result.pairs.get(entry.id, ())
        if new:
            row = Assignment(round_id=round_.id, judge_id=new[0], entry_id=entry.id)
            db.session.add(row)
            db.session.flush()
            notify_judges(round_, {new[0]: 1})
            return row
        return None
    return None
