"""What the round pages share, with each other and with the scoring and rubric pages:
the edition's round or 404, the names of its judges, what blocks the round's next step
(the stage model's verdict in words), and a refused assignment run in plain words.
"""

from __future__ import annotations

from flask import abort

from contest.extensions import db
from contest.models import Edition
from judging.assignment.core import AssignmentInfeasible
from judging.assignment.services import roster
from judging.assignment.views.messages import explain_infeasible
from judging.rounds.models import Round
from judging.stages.core import RoundAction
from judging.stages.messages import describe_all, describe_warnings
from judging.stages.services import readings_of, round_verdict


def round_or_404(edition: Edition, round_id: int) -> Round:
    """The edition's (city) round, or 404 (a round id of another edition, or a
    unit's own round, included: units manage theirs on their own pages)."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or round_.edition_id != edition.id or round_.unit_id is not None:
        abort(404)
    return round_


def judge_names(profiles) -> dict[int, str]:
    """Judge user id → name, for explanations."""
    return {p.user_id: p.user.full_name for p in profiles}


def gate_context(round_: Round, action: RoundAction | None = None) -> dict:
    """What blocks the round's next step (assigning, opening, or closing once open),
    in words with links, for the round and preview pages (the stage model decides)."""
    if action is None:
        if round_.is_open:
            action = RoundAction.CLOSE
        elif round_.closed_at is not None or readings_of(round_):
            action = RoundAction.OPEN
        else:
            action = RoundAction.ASSIGN
    verdict, found = round_verdict(round_, action)
    return {
        "action": str(action),
        "verdict": verdict,
        "blockers": describe_all(verdict, round_.edition),
        "warnings": describe_warnings(verdict, round_.edition),
        "scans": list(found.scans) if found is not None else [],
    }


def explain_run(round_: Round, error: AssignmentInfeasible) -> list[str]:
    """The refusal in plain words, naming entries by number and judges by name."""
    entries = {e.id: e.number or str(e.id) for e in roster.round_entries(round_)}
    judges = judge_names(roster.round_judges(round_))
    return explain_infeasible(error, entries, judges)
