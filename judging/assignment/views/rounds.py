"""Organizer pages of one judging round: progress, preview, commit, moves, open/close.

A preview never writes; committing uses the previewed seed and options, so the
result is the one shown. Refusals come back as coded reasons (AssignmentInfeasible,
MoveRefused) and are explained in plain words, naming entries by number and judges
by name.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest.access import get_or_404
from contest.extensions import db
from contest.forms_base import as_choices
from contest.models import Edition, Entry, User, utcnow
from contest.organizer import bp
from judging.assignment.core import AssignmentInfeasible
from judging.assignment.models import JudgingCode
from judging.assignment.services import moves, roster, runs
from judging.assignment.views.common import (
    explain_run,
    gate_context,
    round_or_404,
)
from judging.assignment.views.forms import CommitForm, MoveForm, RoundStateForm
from judging.assignment.views.messages import MOVE_MESSAGES
from judging.rounds.models import Round
from judging.stages.core import RoundAction
from judging.stages.services import (
    StageRefused,
    entries_with_open_pairs,
)


@bp.route("/editions/<int:edition_id>/judging/rounds/<int:round_id>")
def judging_round(edition_id: int, round_id: int):
    """A round: per-judge load and progress, run the assignment, move an entry."""
    edition = get_or_404(Edition, edition_id)
    round_ = round_or_404(edition, round_id)
    gates = gate_context(round_)
    loads, gaps = roster.round_progress(round_)
    move = MoveForm()
    choices = as_choices(
        (load.profile.user_id, load.profile.user.full_name) for load in loads
    )
    move.source_id.choices = move.target_id.choices = choices
    return render_template(
        "organizer/judging_round.html",
        edition=edition,
        round=round_,
        loads=loads,
        gaps=gaps,
        entries=len(roster.round_entries(round_)),
        move=move,
        state=RoundStateForm(),
        **gates,
    )


@bp.route("/editions/<int:edition_id>/judging/rounds/<int:round_id>/preview")
def judging_preview(edition_id: int, round_id: int):
    """What the assignment would be, with loads and expertise: nothing is written."""
    edition = get_or_404(Edition, edition_id)
    round_ = round_or_404(edition, round_id)
    seed = request.args.get("seed", type=int)
    if seed is None or not 0 <= seed <= 2**31:
        seed = runs.new_seed()
    # The form sends balance=0 and, when ticked, balance=1; a bare link means "on".
    values = request.args.getlist("balance")
    balance = not values or "1" in values
    try:
        plan = runs.plan_round(round_, seed=seed, balance=balance)
        without = set(plan.result.entries_without_expert)
        suspected = entries_with_open_pairs(edition)
        page = render_template(
            "organizer/judging_preview.html",
            edition=edition,
            round=round_,
            plan=plan,
            rows=runs.judge_rows(plan),
            without=[e.number for e in plan.entries if e.id in without],
            seed=seed,
            balance=balance,
            problems=[],
            commit=CommitForm(data={"seed": seed, "balance": balance}),
            suspected=[e for e in plan.entries if e.id in suspected],
            **gate_context(round_, RoundAction.ASSIGN),
        )
    except AssignmentInfeasible as error:
        page = render_template(
            "organizer/judging_preview.html",
            edition=edition,
            round=round_,
            plan=None,
            seed=seed,
            balance=balance,
            problems=explain_run(round_, error),
        )
    db.session.rollback()  # a preview never writes (not even a new judge profile)
    return page


@bp.route(
    "/editions/<int:edition_id>/judging/rounds/<int:round_id>/commit", methods=["POST"]
)
def judging_commit(edition_id: int, round_id: int):
    """Commit the assignment that was previewed (same seed, same options)."""
    edition = get_or_404(Edition, edition_id)
    round_ = round_or_404(edition, round_id)
    form = CommitForm()
    back = redirect(
        url_for("organizer.judging_round", edition_id=edition.id, round_id=round_.id)
    )
    if not form.validate_on_submit():
        flash(_("Preview the assignment first, then commit it."), "warning")
        return back
    was_open = round_.is_open
    try:
        plan = runs.commit_round(
            current_user,
            round_,
            seed=form.seed.data,
            balance=form.balance.data,
            now=utcnow(),
            override_reason=form.override_reason.data,
        )
        db.session.commit()
    except StageRefused as refusal:
        db.session.rollback()
        flash(
            _("The assignment was not saved: %(why)s", why=refusal.description),
            "danger",
        )
        return back
    except AssignmentInfeasible as error:
        db.session.rollback()
        for line in explain_run(round_, error):
            flash(line, "danger")
        return back
    except IntegrityError:  # a second click or another organizer at the same time
        db.session.rollback()
        flash(
            _(
                "The assignment of this round was changed at the same moment by "
                "another request. Check the loads below and preview again."
            ),
            "warning",
        )
        return back
    if was_open:
        message = _(
            "Assignment saved: %(n)s new readings. The judges have been emailed.",
            n=len(plan.new_pairs()),
        )
    else:
        message = _(
            "Assignment saved: %(n)s new readings. The round is now open to judges "
            "and they have been emailed.",
            n=len(plan.new_pairs()),
        )
    flash(message, "success")
    return back


@bp.route(
    "/editions/<int:edition_id>/judging/rounds/<int:round_id>/move", methods=["POST"]
)
def judging_move(edition_id: int, round_id: int):
    """Move one entry's reading from one judge to another, with the usual checks."""
    edition = get_or_404(Edition, edition_id)
    round_ = round_or_404(edition, round_id)
    form = MoveForm()
    choices = as_choices(
        (p.user_id, p.user.full_name) for p in roster.round_judges(round_)
    )
    form.source_id.choices = form.target_id.choices = choices
    back = redirect(
        url_for("organizer.judging_round", edition_id=edition.id, round_id=round_.id)
    )
    if not form.validate_on_submit():
        flash(_("Give an entry number or code and choose two judges."), "warning")
        return back
    entry = _entry_by_number_or_code(round_, form.entry.data)
    if entry is None:
        flash(_("No entry of this round has this number or code."), "danger")
        return back
    try:
        moves.move_entry(
            current_user,
            round_,
            entry,
            db.session.get(User, form.source_id.data),
            db.session.get(User, form.target_id.data),
        )
    except moves.MoveRefused as refusal:
        db.session.rollback()
        flash(str(MOVE_MESSAGES.get(refusal.code, refusal.code)), "danger")
        return back
    db.session.commit()
    flash(_("The entry has been moved."), "success")
    return back


def _entry_by_number_or_code(round_: Round, value: str) -> Entry | None:
    """The round's entry with this number (HN2026-000123) or code (SK-7Q4M9X)."""
    value = value.strip().upper()
    entry = db.session.scalar(
        select(Entry).where(
            Entry.edition_id == round_.edition_id, Entry.number == value
        )
    )
    if entry is not None:
        return entry
    code = db.session.scalar(
        select(JudgingCode).where(
            JudgingCode.round_id == round_.id, JudgingCode.code == value
        )
    )
    return code.entry if code is not None else None


@bp.route(
    "/editions/<int:edition_id>/judging/rounds/<int:round_id>/state", methods=["POST"]
)
def judging_round_state(edition_id: int, round_id: int):
    """Open the round to judges, or close it."""
    edition = get_or_404(Edition, edition_id)
    round_ = round_or_404(edition, round_id)
    form = RoundStateForm()
    if form.validate_on_submit() and form.state.data in ("open", "closed"):
        opening = form.state.data == "open"
        try:
            runs.set_round_open(
                current_user,
                round_,
                opening,
                utcnow(),
                override_reason=form.override_reason.data,
            )
        except StageRefused as refusal:
            db.session.rollback()
            flash(
                _(
                    "The round's state was not changed: %(why)s",
                    why=refusal.description,
                ),
                "danger",
            )
        else:
            db.session.commit()
            flash(
                _("The round is open to judges.")
                if opening
                else _("The round is closed."),
                "success",
            )
    return redirect(
        url_for("organizer.judging_round", edition_id=edition.id, round_id=round_.id)
    )
