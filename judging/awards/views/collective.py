"""Organizer pages of the collective awards (units ranked by the edition's formula,
proposed for Bằng khen / Giấy khen) and of the featured-people candidates (one row
per person, merges confirmed or rejected by an organizer), with their XLSX exports.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.access import get_or_404
from contest.extensions import db
from contest.locking import writes_on_get
from contest.models import Edition
from contest.organizer import bp
from contest.organizer.downloads import download
from judging.awards.core import TIER_ORDER
from judging.awards.services import collective
from judging.awards.views.collective_forms import (
    AWARD_LABELS,
    TIER_LABELS,
    FormulaForm,
    MergeForm,
)
from judging.featured import services as featured
from judging.featured.models import MergeDecision

BASE = "/editions/<int:edition_id>/awards"
REFUSALS = {
    "frozen": _l(
        "The award list is approved: the formula can no longer change "
        "unless the list is reopened."
    ),
    "stale": _l(
        "Someone changed the award list while you were editing: "
        "the page shows the current formula, please check it and save again."
    ),
}


@bp.route(f"{BASE}/collective", methods=["GET", "POST"])
def collective_awards(edition_id: int):
    """Units ranked by the formula; the formula and the cut are edited here."""
    edition = get_or_404(Edition, edition_id)
    table = collective.collective_table(edition)
    form = FormulaForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                collective.save_formula(
                    current_user, edition, form.formula(), form.version_number()
                )
            except collective.FormulaRefused as refused:
                db.session.rollback()
                flash(str(REFUSALS[refused.code]), "danger")
                table, status = collective.collective_table(edition), 409
                form = FormulaForm(formdata=None)
                _fill(form, table)
            else:
                db.session.commit()
                flash(_("The formula was saved and the units re-ranked."), "success")
                return redirect(
                    url_for("organizer.collective_awards", **request.view_args)
                )
        else:
            status = 422
    else:
        _fill(form, table)
    return render_template(
        "organizer/collective_awards.html",
        edition=edition,
        table=table,
        form=form,
        tiers=TIER_ORDER,
        tier_labels=TIER_LABELS,
        award_labels=AWARD_LABELS,
    ), status


def _fill(form: FormulaForm, table: collective.CollectiveTable) -> None:
    """Show the stored formula and the list version it belongs to."""
    form.fill(table.formula, table.award_list.version if table.award_list else None)


@bp.route(f"{BASE}/collective.xlsx")
@writes_on_get
def collective_export(edition_id: int):
    """The collective ranking as an Excel file."""
    return download(get_or_404(Edition, edition_id), "collective_awards")


@bp.route(f"{BASE}/featured")
def featured_people(edition_id: int):
    """One row per featured person of the shortlisted entries; merges to decide."""
    return _featured_page(get_or_404(Edition, edition_id))


def _featured_page(edition: Edition, problem: str | None = None, status: int = 200):
    return render_template(
        "organizer/collective_featured.html",
        edition=edition,
        table=featured.featured_table(edition),
        tier_labels=TIER_LABELS,
        problem=problem,
        form=MergeForm(formdata=None),
    ), status


@bp.route(f"{BASE}/featured/merge", methods=["POST"])
def featured_merge(edition_id: int):
    """Confirm or reject (or undo) the merge of two rows of the featured people."""
    edition = get_or_404(Edition, edition_id)
    form = MergeForm()
    if not form.validate():
        problem = (
            form.csrf_token.errors[0]
            if form.csrf_token.errors
            else _("Choose a merge to confirm or reject.")
        )
        return _featured_page(edition, problem, 400)
    decision = MergeDecision(form.decision.data)
    try:
        featured.decide_merge(
            current_user, edition, form.key_a.data, form.key_b.data, decision
        )
    except featured.MergeRefused:
        db.session.rollback()
        return _featured_page(
            edition, _("These two rows cannot be merged: the list has changed."), 409
        )
    db.session.commit()
    flash(
        _("The rows were merged into one person.")
        if decision == MergeDecision.CONFIRMED
        else _("The rows stay separate people."),
        "success",
    )
    return redirect(url_for("organizer.featured_people", edition_id=edition.id))


@bp.route(f"{BASE}/featured.xlsx")
@writes_on_get
def featured_export(edition_id: int):
    """The featured people as an Excel file."""
    return download(get_or_404(Edition, edition_id), "featured_people")
