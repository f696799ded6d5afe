"""Unit pages of a unit's own round: the unit's rounds, a new round, its judges (the
unit's accounts, or new ones invited by email), the assignment run, opening and
closing, reopening a judge's submitted sheet. A focal point reaches only its own unit's rounds: any other round id (the
city's, another unit's) answers 404. The ranking, the shortlist and the round's
rubric are ``judging.grassroots.views.unit_round_results``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.extensions import db, limiter
from contest.forms_base import as_choices
from contest.models import User
from contest.queries import current_edition
from contest.timezones import local_to_utc
from contest.unit import bp
from judging.assignment.core import AssignmentInfeasible
from judging.assignment.services import roster, runs
from judging.assignment.views.common import explain_run, gate_context
from judging.grassroots.services import unit_rounds as service
from judging.grassroots.views.forms import (
    InviteJudgeForm,
    UnitJudgeForm,
    UnitRoundForm,
    UnlockSheetForm,
)
from judging.grassroots.views.messages import UNIT_ROUND_MESSAGES
from judging.rounds import services as rubrics
from judging.rounds.models import Round
from judging.scoring.models import Score
from judging.scoring.services import sheets
from judging.stages.services import StageRefused


def unit_round_or_404(round_id: int) -> Round:
    """A round of the focal point's own unit, or 404 (the city's or another unit's)."""
    round_ = service.unit_round_of(round_id, current_user.unit_id)
    if round_ is None:
        abort(404)
    return round_


def _back(round_: Round):
    return redirect(url_for("unit.unit_round", round_id=round_.id))


@bp.route("/rounds", methods=["GET", "POST"])
def unit_rounds():
    """The unit's own rounds in the current edition, and a form for a new one."""
    edition = current_edition()
    unit = current_user.unit
    form = UnitRoundForm()
    if unit is None or edition is None:
        if request.method == "POST":
            flash(_("Your account is not attached to a unit yet."), "warning")
            return redirect(url_for("unit.dashboard"))
        return render_template("unit/rounds.html", unit=None, edition=edition)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            round_ = service.create_unit_round(
                current_user,
                edition,
                unit,
                name=form.name.data,
                starts_at=local_to_utc(form.starts_at.data, edition.zone),
                ends_at=local_to_utc(form.ends_at.data, edition.zone),
                readers_per_entry=form.readers_per_entry.data,
            )
            if form.own_rubric.data:
                criteria = rubrics.round_criteria(round_)
                rubrics.set_round_rubric(
                    current_user, round_, rubrics.rows_of(criteria)
                )
            db.session.commit()
            flash(_("The round is created. Now choose its judges."), "success")
            if form.own_rubric.data:
                return redirect(url_for("unit.unit_round_rubric", round_id=round_.id))
            return _back(round_)
        status = 422
    rounds = service.unit_rounds(edition, unit.id)
    return render_template(
        "unit/rounds.html",
        unit=unit,
        edition=edition,
        rounds=rounds,
        held=service.held_count(edition, unit.id),
        form=form,
    ), status


def _with_choices(round_: Round, form: UnitJudgeForm) -> UnitJudgeForm:
    """The judge picker offers the unit's accounts not judging the round yet."""
    form.user_id.choices = as_choices(
        (u.id, f"{u.full_name} ({u.email})") for u in service.candidates(round_)
    )
    return form


@bp.route("/rounds/<int:round_id>")
def unit_round(round_id: int):
    """One round: what it reads, its judges and their progress, the next step."""
    return _round_page(unit_round_or_404(round_id))


def _sheet_choices(round_: Round, form: UnlockSheetForm) -> UnlockSheetForm:
    """The unlock form offers the round's submitted sheets."""
    form.score_id.choices = as_choices(service.submitted_sheets(round_))
    return form


def _round_page(
    round_: Round, *, add_form=None, invite_form=None, unlock_form=None, status=200
):
    """The round's page (with a refused form's errors beside its fields)."""
    add_form = add_form or _with_choices(round_, UnitJudgeForm(formdata=None))
    unlock_form = unlock_form or _sheet_choices(round_, UnlockSheetForm(formdata=None))
    loads, gaps = roster.round_progress(round_)
    return render_template(
        "unit/round.html",
        round=round_,
        entries=roster.round_entries(round_),
        waiting=roster.entries_waiting_for_typing(round_),
        judges=service.judge_rows(round_),
        loads={load.profile.user_id: load for load in loads},
        submitted=service.submitted_counts(round_),
        gaps=gaps,
        own=rubrics.has_own_rubric(round_),
        add_form=add_form,
        invite_form=invite_form or InviteJudgeForm(formdata=None),
        unlock_form=unlock_form,
        gate=gate_context(round_),
    ), status


@bp.route("/rounds/<int:round_id>/judges", methods=["POST"])
def unit_round_add_judge(round_id: int):
    """Add an account of the unit (or a unit below it) as a judge of the round."""
    round_ = unit_round_or_404(round_id)
    form = _with_choices(round_, UnitJudgeForm())
    if not form.validate_on_submit():
        form.user_id.errors = [_("Please choose an account of your unit.")]
        return _round_page(round_, add_form=form, status=422)
    user = db.session.get(User, form.user_id.data)
    try:
        service.add_judge(current_user, round_, user)
    except service.UnitRoundRefused as refused:
        db.session.rollback()
        flash(str(UNIT_ROUND_MESSAGES[refused.code]), "warning")
        return _back(round_)
    db.session.commit()
    flash(_("%(name)s now judges this round.", name=user.full_name), "success")
    return _back(round_)


# Invitations by email per focal point: enough for a round's judges, too few to
# probe addresses.
INVITE_LIMIT = "20 per hour"


def _per_focal_point() -> str:
    return f"unit-invite:{current_user.get_id()}"


@bp.route("/rounds/<int:round_id>/judges/new", methods=["POST"])
@limiter.limit(INVITE_LIMIT, key_func=_per_focal_point, methods=["POST"])
def unit_round_invite_judge(round_id: int):
    """A judge by email: the unit's account with that address, or a new account.
    An address of another unit's account is not added, and the answer is the same
    as when it is: the page never tells whether an address has an account."""
    round_ = unit_round_or_404(round_id)
    form = InviteJudgeForm()
    if not form.validate_on_submit():
        return _round_page(round_, invite_form=form, status=422)
    try:
        service.invite_judge(
            current_user, round_, email=form.email.data, full_name=form.full_name.data
        )
    except service.UnitRoundRefused as refused:
        db.session.rollback()
        # Any other refusal is about the address typed: said beside it, what was
        # typed kept.
        if refused.code != service.UnitRoundError.NOT_OF_UNIT:
            form.email.errors = [str(UNIT_ROUND_MESSAGES[refused.code])]
            return _round_page(round_, invite_form=form, status=422)
    else:
        db.session.commit()
    flash(
        _(
            "%(email)s: a new address or an account of your unit now judges this round (see the list of judges); an address of an account outside your unit is not added.",
            email=form.email.data,
        ),
        "info",
    )
    return _back(round_)


@bp.route("/rounds/<int:round_id>/judges/remove", methods=["POST"])
def unit_round_remove_judge(round_id: int):
    """Take a judge off the round (only before they were given entries)."""
    round_ = unit_round_or_404(round_id)
    user_id = request.form.get("user_id", "")
    if not user_id.isdigit():
        abort(400)
    try:
        service.remove_judge(current_user, round_, int(user_id))
    except service.UnitRoundRefused as refused:
        db.session.rollback()
        flash(str(UNIT_ROUND_MESSAGES[refused.code]), "warning")
        return _back(round_)
    db.session.commit()
    flash(_("The judge was taken off the round."), "success")
    return _back(round_)


@bp.route("/rounds/<int:round_id>/assign", methods=["POST"])
def unit_round_assign(round_id: int):
    """Run the assignment (conflicts included) and give the judges their entries."""
    round_ = unit_round_or_404(round_id)
    if not service.judge_rows(round_):  # nothing to give out: the round stays shut
        flash(_("Add at least one judge first: the round has no judge yet."), "warning")
        return _back(round_)
    try:
        plan = runs.commit_round(
            current_user,
            round_,
            seed=runs.new_seed(),
            balance=True,
            now=datetime.now(UTC),
        )
    except StageRefused as refused:
        db.session.rollback()
        flash(refused.description, "danger")
        return _back(round_)
    except AssignmentInfeasible as error:
        db.session.rollback()
        for line in explain_run(round_, error):
            flash(line, "danger")
        return _back(round_)
    db.session.commit()
    flash(
        _("Entries given to the judges: %(n)d new readings.", n=len(plan.new_pairs())),
        "success",
    )
    return _back(round_)


@bp.route("/rounds/<int:round_id>/state", methods=["POST"])
def unit_round_state(round_id: int):
    """Open the round to its judges, or close it (then the ranking shows)."""
    round_ = unit_round_or_404(round_id)
    is_open = request.form.get("state") == "open"
    try:
        runs.set_round_open(current_user, round_, is_open, datetime.now(UTC))
    except StageRefused as refused:
        db.session.rollback()
        flash(refused.description, "danger")
        return _back(round_)
    db.session.commit()
    if is_open:
        flash(_("The round is open: its judges can read and score."), "success")
        return _back(round_)
    flash(_("The round is closed."), "success")
    return redirect(url_for("unit.unit_round_results", round_id=round_.id))


@bp.route("/rounds/<int:round_id>/sheets/unlock", methods=["POST"])
def unit_round_unlock_sheet(round_id: int):
    """Reopen a judge's submitted sheet of the round; the reason is logged."""
    round_ = unit_round_or_404(round_id)
    form = _sheet_choices(round_, UnlockSheetForm())
    if not form.validate_on_submit():
        return _round_page(round_, unlock_form=form, status=422)
    score = db.session.get(Score, form.score_id.data)
    try:
        sheets.unlock(current_user, score, form.reason.data, datetime.now(UTC))
    except sheets.ScoreRefused:
        db.session.rollback()
        flash(_("This score sheet is not submitted."), "warning")
    except StageRefused as refusal:
        db.session.rollback()
        flash(
            _("The score sheet was not reopened: %(why)s", why=refusal.description),
            "danger",
        )
    else:
        db.session.commit()
        flash(_("The score sheet was reopened for its judge."), "success")
    return _back(round_)
