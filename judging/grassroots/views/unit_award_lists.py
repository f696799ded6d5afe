"""Organizer pages of the units' own award lists, read only: every unit's list of an
edition (levels, prizes, signature) and one unit's list with its reopenings. Units
keep and sign their lists themselves (judging.grassroots.views.unit_awards)."""

from __future__ import annotations

from flask import render_template

from contest.access import get_or_404
from contest.models import Edition, Unit
from contest.organizer import bp
from judging.grassroots.services import unit_awards as service

BASE = "/editions/<int:edition_id>/unit-awards"


@bp.route(BASE)
def unit_award_lists(edition_id: int):
    """Every unit's award list of the edition, by unit name."""
    edition = get_or_404(Edition, edition_id)
    return render_template(
        "organizer/unit_award_lists.html",
        edition=edition,
        lists=service.edition_lists(edition),
    )


@bp.route(f"{BASE}/<int:unit_id>")
def unit_award_list(edition_id: int, unit_id: int):
    """One unit's award list, read only."""
    edition = get_or_404(Edition, edition_id)
    unit = get_or_404(Unit, unit_id)
    award_list = service.award_list_of(edition, unit.id)
    return render_template(
        "organizer/unit_award_list.html",
        edition=edition,
        unit=unit,
        award_list=award_list,
        awards=service.awards_in_order(award_list),
        reopenings=service.reopenings(award_list),
    )
