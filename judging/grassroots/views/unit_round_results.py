"""Unit pages after (and around) a unit's own reading: the round's rubric (the
city's, or criteria of the unit's own), the ranking once the round is closed and
the shortlist picked from it, which the unit's forward form then ticks; and the
template helpers that show the shortlist on the unit's list and the entry's unit
readings to organizers (never to judges).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.extensions import db
from contest.models import utcnow
from contest.queries import current_edition
from contest.unit import bp
from contest.unit.forms import ForwardForm
from judging.grassroots.services import unit_selection as selection
from judging.grassroots.views.forms import ShortlistForm
from judging.grassroots.views.unit_rounds import unit_round_or_404
from judging.rounds import services as rubrics
from judging.rounds.views import locked_message, rubric_page


@bp.route("/rounds/<int:round_id>/rubric", methods=["GET", "POST"])
def unit_round_rubric(round_id: int):
    """The round's rubric: the city's (default) or criteria of the unit's own."""
    round_ = unit_round_or_404(round_id)
    return rubric_page(
        round_,
        here=url_for("unit.unit_round_rubric", round_id=round_.id),
        template="unit/round_rubric.html",
    )


@bp.route("/rounds/<int:round_id>/rubric/source", methods=["POST"])
def unit_round_rubric_source(round_id: int):
    """Use the city's rubric again, or start criteria of the unit's own from it."""
    round_ = unit_round_or_404(round_id)
    try:
        if request.form.get("source") == "edition":
            rubrics.use_edition_rubric(current_user, round_)
        else:
            criteria = rubrics.round_criteria(round_)
            rubrics.set_round_rubric(current_user, round_, rubrics.rows_of(criteria))
    except rubrics.RubricLocked:
        db.session.rollback()
        flash(locked_message(), "danger")
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("unit.unit_round_rubric", round_id=round_.id))


@bp.route("/rounds/<int:round_id>/results", methods=["GET", "POST"])
def unit_round_results(round_id: int):
    """The ranking of a closed round, and the unit's shortlist picked from it."""
    round_ = unit_round_or_404(round_id)
    form = ShortlistForm()
    closed = round_.closed_at is not None
    if request.method == "POST":
        if not closed:  # the page says why; nothing is saved
            return render_template(
                "unit/round_results.html", **_results_context(round_, form)
            ), 409
        ticked = [int(v) for v in request.form.getlist("entry_ids") if v.isdigit()]
        if form.validate_on_submit() and not _both_chosen(round_, form, ticked):
            ids = selection.top(round_, form.top.data) if form.top.data else ticked
            count = selection.set_shortlist(current_user, round_, ids, utcnow())
            db.session.commit()
            flash(_("Shortlisted entries: %(n)d.", n=count), "success")
            return redirect(url_for("unit.unit_round_results", round_id=round_.id))
        return render_template(
            "unit/round_results.html", **_results_context(round_, form)
        ), 422
    return render_template("unit/round_results.html", **_results_context(round_, form))


def _both_chosen(round_, form: ShortlistForm, ticked: list[int]) -> bool:
    """Ticks changed from the saved shortlist and a number of best entries too: the
    choice is unclear, so the number field says so (nothing is saved)."""
    if (
        not form.top.data
        or not ticked
        or set(ticked) == selection.shortlist_ids(round_)
    ):
        return False
    form.top.errors.append(
        _("Either tick entries or give a number of best entries, not both.")
    )
    return True


def _results_context(round_, form) -> dict:
    closed = round_.closed_at is not None
    chosen = selection.shortlist_ids(round_)
    held = selection.held_shortlist(round_.edition, round_.unit_id)
    return {
        "round": round_,
        "form": form,
        "closed": closed,
        "results": selection.ranking(round_) if closed else None,
        "chosen": chosen,
        "to_forward": sorted(chosen & held),
        "forward_form": ForwardForm(),
    }


@bp.app_template_global("unit_shortlist")
def unit_shortlist() -> set[int]:
    """Entries the current focal point's unit shortlisted and still holds (the
    forward form ticks them)."""
    edition = current_edition()
    if edition is None or getattr(current_user, "unit_id", None) is None:
        return set()
    return selection.held_shortlist(edition, current_user.unit_id)


@bp.app_template_global("unit_readings")
def unit_readings(entry_id: int):
    """The unit rounds that read the entry (for the organizer's entry page only)."""
    return selection.unit_history(entry_id)
