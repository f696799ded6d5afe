"""Automatic third reading: an entry whose markings are too far apart gets one more
reader, once (the Vietnamese practice: two markings, a large gap → a third reading).

Where it runs: in the submit service (``judging.scoring.services.sheets.submit``), right after
the sheet is flushed, inside the judge's request, and only when the submitted
entry now has two readings or more. The check reads plain columns (entry, judge,
values) instead of ORM rows and refits the round's calibration: on a 2,000-entry
round with 4,000 submitted readings it costs about 90 ms of CPU
(``benchmarks/third_reading.py``; the organizers' full ``round_results`` takes about
0.9 s), below the ~200 ms budget of a submission, so no background job: the
organizers see the new reader at once and the judge gets the usual email.

Rules: the gap is the round's (``Round.gap_points`` or ``gap_spreads``, see
judging.scoring.services.results.gap_flags), measured after removing the judges' offsets. An
entry gets an extra reader only while it has no more active readers than the
round's k, so it gets exactly one extra, never a 4th, 5th… in a loop (the
organizers can still add more by hand). With the spread-based gap, nothing is
automatic until ``MIN_PAIRED_ENTRIES`` entries have two readings: before that the
noise estimate is too rough to trust. Every flagged entry still lacking its extra
reader is tried on each submission, so an entry flagged early, or one for which no
judge was free, is caught up later. The new reader comes from the assignment
module (conflicts, ended readings, loads, expertise) and gets the usual email.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from flask import has_request_context
from sqlalchemy import func, select

from contest.extensions import db
from contest.locking import locked
from contest.models import Entry
from judging.assignment.core import AssignmentInfeasible
from judging.assignment.models import Assignment
from judging.rounds.models import Round
from judging.rounds.services import round_criteria, rubric_of
from judging.scoring import core as scoring
from judging.scoring.core import calibration
from judging.scoring.models import Score, ScoreStatus
from judging.scoring.services.results import add_reader, gap_flags, plan_extra

# Entries with two readings or more needed before a spread-based gap is trusted.
MIN_PAIRED_ENTRIES = 30


def lean_readings(round_: Round) -> list[scoring.Reading]:
    """The round's submitted active readings as plain values (no ORM rows)."""
    rubric = rubric_of(round_criteria(round_))
    scale = 100.0 / rubric.max_total
    weights = [(str(c.key), c.weight * scale) for c in rubric.criteria]
    rows = db.session.execute(
        select(Assignment.entry_id, Assignment.judge_id, Score.values)
        .join(Score, Score.assignment_id == Assignment.id)
        .where(
            Assignment.round_id == round_.id,
            Assignment.recused_at.is_(None),
            Score.status == ScoreStatus.SUBMITTED,
        )
        .order_by(Assignment.entry_id, Assignment.id)
    )
    # The same total as rubric_service.total_100, without a Rubric call per row.
    return [
        scoring.Reading(
            entry_id, judge_id, sum(w * float(values.get(k, 0.0)) for k, w in weights)
        )
        for entry_id, judge_id, values in rows
    ]


def automatic(round_: Round, entry_ids: Iterable[int]) -> bool:
    """Whether flags are trusted enough to add readers without an organizer.

    ``entry_ids``: the entry of each submitted reading of the round.
    """
    if round_.readers_per_entry is None:
        return False  # every judge of the round already reads every entry
    if round_.gap_points is not None:
        return True
    paired = sum(1 for n in Counter(entry_ids).values() if n >= 2)
    return paired >= MIN_PAIRED_ENTRIES


def active_readers(round_: Round) -> Counter:
    """Entry id → active readings in the round."""
    return Counter(
        db.session.scalars(
            select(Assignment.entry_id).where(
                Assignment.round_id == round_.id, Assignment.recused_at.is_(None)
            )
        )
    )


def lacking_extra(round_: Round, flagged: list[calibration.Disagreement]) -> list[int]:
    """Flagged entries that have not got their one extra reader (widest gap first)."""
    k = round_.readers_per_entry
    if k is None:
        return []
    readers = active_readers(round_)
    return [d.entry_id for d in flagged if readers[d.entry_id] <= k]


def after_submit(row: Assignment) -> dict[int, int]:
    """After a submission: one more reader for each flagged entry lacking one.

    Entry id → new judge id. Outside a request (the demo CLI) nothing happens: the
    judges' email needs the site's address; the results page offers the button.
    """
    round_ = row.round
    if round_.readers_per_entry is None or not has_request_context():
        return {}
    if _submitted_count(row) < 2:
        return {}  # a first reading alone cannot disagree with anything
    readings = lean_readings(round_)
    if not automatic(round_, (r.entry_id for r in readings)):
        return {}
    flagged = gap_flags(round_, readings, calibration.calibrate(readings))
    if not lacking_extra(round_, flagged):
        return {}
    locked(round_)  # two submissions at once must not both add the extra reader
    wanted = lacking_extra(round_, flagged)
    entries = list(db.session.scalars(select(Entry).where(Entry.id.in_(wanted))))
    entries.sort(key=lambda e: wanted.index(e.id))
    try:
        return add_reader(None, round_, entries, auto=True)
    except AssignmentInfeasible:
        pass
    added: dict[int, int] = {}
    for entry in entries:  # one at a time: an entry nobody may read blocks no other
        try:
            added |= add_reader(None, round_, [entry], auto=True)
        except AssignmentInfeasible:
            continue
    return added


def _submitted_count(row: Assignment) -> int:
    """Submitted active readings of the row's entry in its round."""
    return db.session.scalar(
        select(func.count(Score.id))
        .join(Assignment, Score.assignment_id == Assignment.id)
        .where(
            Assignment.round_id == row.round_id,
            Assignment.entry_id == row.entry_id,
            Assignment.recused_at.is_(None),
            Score.status == ScoreStatus.SUBMITTED,
        )
    )


def without_reader(round_: Round, flagged: list[calibration.Disagreement]) -> set[int]:
    """Flagged entries still lacking their extra reader for whom no judge is free."""
    stuck = set()
    for entry_id in lacking_extra(round_, flagged):
        try:
            plan_extra(round_, [db.session.get(Entry, entry_id)])
        except AssignmentInfeasible:
            stuck.add(entry_id)
    return stuck
