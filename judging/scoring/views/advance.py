"""Organizer page closing a round: preview who advances (ties at the cut shown),
manual additions/removals with a reason, commit, then the next round's assignment.

After the commit the organizer is taken straight to the next step: the next round's
assignment preview, or, when "run the next round's assignment now" was ticked, the
assignment is run at once (``judging.assignment.services.runs.commit_round``, the service of the round
page) and its outcome, or why it is impossible, is shown.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.extensions import db
from contest.models import utcnow
from contest.organizer import bp
from judging.assignment.core import AssignmentInfeasible
from judging.assignment.services import runs
from judging.assignment.views.common import explain_run
from judging.rounds.models import Round
from judging.rounds.services import next_round
from judging.scoring.core import advancement
from judging.scoring.services import results as results_service
from judging.scoring.views.results import BASE, _load
from judging.stages.core import EditionAction
from judging.stages.messages import describe_all
from judging.stages.services import (
    StageRefused,
    edition_verdict,
    entries_with_open_pairs,
)

CHANGE_RESULTS = EditionAction.CHANGE_RESULTS

CHANGE_MESSAGES = {
    "reason_required": _l("Please give a reason for each change."),
    "unknown_entry": _l("This entry is not in the round's results."),
    "already_advancing": _l("This entry already advances."),
    "not_advancing": _l("This entry does not advance."),
}


def _changes(results) -> list[advancement.ManualChange]:
    """The manual additions/removals ticked on the preview, with their reasons."""
    out = []
    for r in results.entries:
        action = request.values.get(f"change-{r.entry.id}", "")
        if action in ("add", "remove"):
            reason = request.values.get(f"reason-{r.entry.id}", "")
            out.append(
                advancement.ManualChange(
                    r.entry.id, advancement.ChangeAction(action), reason
                )
            )
    return out


def _run_next(following: Round) -> list[tuple[str, str]]:
    """Run the next round's assignment now; the flash messages saying how it went.

    ``commit_round`` writes nothing when the run is impossible, so the advancement
    just flushed is kept either way.
    """
    try:
        plan = runs.commit_round(
            current_user, following, seed=runs.new_seed(), balance=True, now=utcnow()
        )
    except StageRefused as refusal:
        message = _(
            "%(round)s was not opened: %(why)s Open it from the round's page once "
            "this is cleared.",
            round=following.name,
            why=refusal.description,
        )
        return [(message, "warning")]
    except AssignmentInfeasible as error:
        lines = [
            (
                _(
                    "The assignment of %(round)s could not be run:",
                    round=following.name,
                ),
                "danger",
            )
        ]
        return lines + [(line, "danger") for line in explain_run(following, error)]
    if not plan.new_pairs():
        message = _(
            "%(round)s has no new reading: check that it has judges, then run its "
            "assignment from the round's page.",
            round=following.name,
        )
        return [(message, "warning")]
    message = _(
        "Assignment of %(round)s saved: %(n)s new readings. The judges have been "
        "emailed.",
        round=following.name,
        n=len(plan.new_pairs()),
    )
    return [(message, "success")]


@bp.route(f"{BASE}/advance", methods=["GET", "POST"])
def scoring_advance(edition_id: int, round_id: int):
    """Preview who advances (ties at the cut shown), change by hand, then commit."""
    edition, round_ = _load(edition_id, round_id)
    results = results_service.round_results(round_)
    rule = request.values.get("rule", results_service.CutRule.TOP_TRACK)
    if rule not in set(results_service.CutRule):
        rule = results_service.CutRule.TOP_TRACK
    rule = results_service.CutRule(rule)
    value = request.values.get("value", type=float)
    if value is None or value < 0:
        value = 10.0
    changes = _changes(results)
    problems, selection, status = [], None, 200
    try:
        selection = results_service.preview_advancement(results, rule, value, changes)
    except advancement.ManualChangeError as error:
        problems = [
            (c.entry_id, CHANGE_MESSAGES[str(code)]) for c, code in error.problems
        ]
        selection = results_service.preview_advancement(results, rule, value)
        status = 422
    following = next_round(round_)
    if request.method == "POST" and not problems:
        try:
            count = results_service.commit_advancement(
                current_user, round_, selection, utcnow()
            )
        except results_service.AdvanceRefused as refused:
            status = 422
            problems = [
                (
                    None,
                    _("Decide the ties at the cut first (add or remove them).")
                    if refused.code == "ties"
                    else _("Advancement from this round was already committed."),
                )
            ]
        else:
            outcome = []
            if following is not None and request.form.get("run_next"):
                outcome = _run_next(following)
            db.session.commit()
            flash(_("The round is closed; %(n)s entries advance.", n=count), "success")
            for message, category in outcome:
                flash(message, category)
            if following is not None and outcome:
                return redirect(
                    url_for(
                        "organizer.judging_round",
                        edition_id=edition.id,
                        round_id=following.id,
                    )
                )
            return redirect(url_for("organizer.scoring_results", **request.view_args))
    return render_template(
        "organizer/scoring_advance.html",
        edition=edition,
        round=round_,
        results=results,
        selection=selection,
        rule=rule,
        value=value,
        problems=problems,
        changes={c.entry_id: c for c in changes},
        advancing=set(selection.advancing),
        tied=set(selection.tied_at_cut),
        following=following,
        suspected=entries_with_open_pairs(edition),
        blockers=describe_all(edition_verdict(edition, CHANGE_RESULTS), edition),
    ), status
