"""Organizer pages of the judging set-up: the edition's rubric and its rounds, and a
round's rubric: the edition's (default), a copy of the previous round's, or criteria of
its own; frozen once a sheet of the round is saved.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import get_or_404
from contest.extensions import db
from contest.models import Edition
from contest.organizer import bp
from contest.organizer.setup_forms import RoundsForm, RubricForm
from contest.timezones import local_to_utc, utc_to_local
from judging.assignment.views.common import round_or_404
from judging.rounds import services as rubrics
from judging.scoring.services.results import set_gap

URL = "/editions/<int:edition_id>/rounds/<int:round_id>/rubric"


def locked_message() -> str:
    """Why a rubric can no longer change (shown on the rubric pages)."""
    return _(
        "Judges have already saved score sheets with these criteria, so the criteria "
        "can no longer change (each sheet is stored criterion by criterion). To score "
        "differently, give the next round a rubric of its own."
    )


def form_data(criteria) -> dict:
    """The rubric form's data for these criteria."""
    return {
        "criteria": [
            {
                "name": c.name,
                "description": c.description,
                "max_points": c.max_points,
                "weight": c.weight,
                "step": "0.5" if c.step == 0.5 else "1",
                "comment_required": c.comment_required,
            }
            for c in criteria
        ]
    }


def form_rows(form: RubricForm) -> list[rubrics.CriterionRow]:
    """The criteria typed in the rubric form (of a round or of the edition); rows
    without a name or ticked "remove" are left out."""
    return [
        rubrics.CriterionRow(
            name=entry.form.name.data.strip(),
            description=(entry.form.description.data or "").strip(),
            max_points=entry.form.max_points.data,
            weight=entry.form.weight.data
            if entry.form.weight.data is not None
            else 1.0,
            step=float(entry.form.step.data),
            comment_required=entry.form.comment_required.data,
        )
        for entry in form.criteria.entries
        if entry.form.name.data and not entry.form.remove.data
    ]


def rubric_page(round_, *, here: str, template: str, **context):
    """A round's rubric page, shown and saved (the organizers' and a unit's): the
    criteria in a form, editable while the round has its own and no sheet froze
    them. `here` is the page's own address (a saved form comes back to it)."""
    locked = rubrics.round_rubric_locked(round_)
    own = rubrics.has_own_rubric(round_)
    if request.method == "GET" or not own:
        form = RubricForm(data=form_data(rubrics.round_criteria(round_)))
    else:
        form = RubricForm()
    status = 200
    if request.method == "POST" and own:
        if locked:
            flash(locked_message(), "danger")
            return redirect(here)
        if form.add_row.data:
            form.criteria.append_entry()
        elif form.validate_on_submit() and form_rows(form):
            rubrics.set_round_rubric(current_user, round_, form_rows(form))
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(here)
        else:
            if not form.errors:
                form.criteria.entries[0].form.name.errors.append(
                    _("The rubric needs at least one criterion.")
                )
            status = 422
    return render_template(
        template,
        round=round_,
        form=form,
        own=own,
        locked=locked,
        locked_message=locked_message(),
        **context,
    ), status


@bp.route(URL, methods=["GET", "POST"])
def edit_round_rubric(edition_id: int, round_id: int):
    """A round's rubric: which one it uses and, if its own, its criteria."""
    edition = get_or_404(Edition, edition_id)
    round_ = round_or_404(edition, round_id)
    return rubric_page(
        round_,
        here=url_for("organizer.edit_round_rubric", **request.view_args),
        template="organizer/round_rubric.html",
        edition=edition,
        previous=rubrics.previous_round(round_),
    )


@bp.route(f"{URL}/source", methods=["POST"])
def round_rubric_source(edition_id: int, round_id: int):
    """Use the edition's rubric, copy the previous round's, or start one's own."""
    edition = get_or_404(Edition, edition_id)
    round_ = round_or_404(edition, round_id)
    source = request.form.get("source", "")
    if source not in ("edition", "previous", "own"):
        abort(400)
    try:
        if source == "edition":
            rubrics.use_edition_rubric(current_user, round_)
        elif source == "previous":
            if rubrics.previous_round(round_) is None:
                abort(400)
            rubrics.copy_previous_rubric(current_user, round_)
        else:
            criteria = rubrics.round_criteria(round_)
            rubrics.set_round_rubric(current_user, round_, rubrics.rows_of(criteria))
    except rubrics.RubricLocked:
        db.session.rollback()
        flash(locked_message(), "danger")
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("organizer.edit_round_rubric", **request.view_args))


def _saved(edition: Edition, endpoint: str):
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(endpoint, edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/rubric", methods=["GET", "POST"])
def edit_rubric(edition_id: int):
    """The scoring rubric: criteria, descriptions, maximum points, weights."""
    edition = get_or_404(Edition, edition_id)
    if request.method == "GET":
        form = RubricForm(data=form_data(edition.criteria))
    else:
        form = RubricForm()
    if form.add_row.data:
        form.criteria.append_entry()
    elif form.validate_on_submit():
        rows = form_rows(form)
        if not rows:
            form.criteria.entries[0].form.name.errors.append(
                _("The rubric needs at least one criterion.")
            )
        elif rubrics.edition_rubric_locked(edition):
            flash(locked_message(), "danger")
        else:
            rubrics.set_rubric(current_user, edition, rows)
            return _saved(edition, "organizer.edit_rubric")
    return render_template(
        "organizer/edition_rubric.html",
        edition=edition,
        form=form,
        locked=rubrics.edition_rubric_locked(edition),
        locked_message=locked_message(),
    )


@bp.route("/editions/<int:edition_id>/rounds", methods=["GET", "POST"])
def edit_rounds(edition_id: int):
    """Judging rounds in order, with their windows and judges per entry."""
    edition = get_or_404(Edition, edition_id)
    if request.method == "GET":
        form = RoundsForm(
            data={
                "rounds": [
                    {
                        "name": r.name,
                        "kind": r.kind,
                        "starts_at": utc_to_local(r.starts_at, edition.zone),
                        "ends_at": utc_to_local(r.ends_at, edition.zone),
                        "readers_per_entry": r.readers_per_entry,
                        "show_previous_scores": r.show_previous_scores,
                        "gap_spreads": r.gap_spreads,
                        "gap_points": r.gap_points,
                    }
                    for r in edition.rounds
                ]
            }
        )
    else:
        form = RoundsForm()
    if form.add_row.data:
        form.rounds.append_entry()
    elif form.validate_on_submit():
        kept = [
            entry
            for entry in form.rounds.entries
            if entry.form.name.data and not entry.form.remove.data
        ]
        rows = [
            rubrics.RoundData(
                name=entry.form.name.data.strip(),
                kind=entry.form.kind.data,
                starts_at=local_to_utc(entry.form.starts_at.data, edition.zone),
                ends_at=local_to_utc(entry.form.ends_at.data, edition.zone),
                readers_per_entry=entry.form.readers_per_entry.data,
                show_previous_scores=bool(entry.form.show_previous_scores.data),
            )
            for entry in kept
        ]
        if not rows:
            form.rounds.entries[0].form.name.errors.append(
                _("The edition needs at least one round.")
            )
        else:
            rubrics.set_rounds(current_user, edition, rows)
            for round_, entry in zip(edition.rounds, kept, strict=True):
                set_gap(round_, entry.form.gap_spreads.data, entry.form.gap_points.data)
            return _saved(edition, "organizer.edit_rounds")
    return render_template("organizer/edition_rounds.html", edition=edition, form=form)
