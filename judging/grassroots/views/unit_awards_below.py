"""What a unit reads of the award lists below it, and the unit prizes on an entry's
page. A district reads its communes' lists (read only, from its own award page),
never a sibling's or its parent's; the entry pages of organizers and focal points
show the prizes the entry received on its way up (a focal point: those of its own
subtree). Judges never reach any of it."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from contest.access import get_or_404
from contest.models import Edition, Role, Unit
from contest.services.unit_tree import subtree_ids
from contest.unit import bp
from judging.grassroots.services import unit_award_reads as reads
from judging.grassroots.services import unit_awards as service


@bp.route("/editions/<int:edition_id>/awards/units/<int:unit_id>")
def unit_award_list_below(edition_id: int, unit_id: int):
    """The award list of a unit below the focal point's, read only (404 otherwise)."""
    edition = get_or_404(Edition, edition_id)
    if current_user.unit_id is None or unit_id not in reads.units_below(
        current_user.unit_id
    ):
        abort(404)
    unit = get_or_404(Unit, unit_id)
    award_list = service.award_list_of(edition, unit.id)
    return render_template(
        "unit/awards_below.html",
        edition=edition,
        unit=unit,
        award_list=award_list,
        awards=service.awards_in_order(award_list),
        reopenings=service.reopenings(award_list),
    )


@bp.app_template_global("unit_prizes")
def unit_prizes(entry_id: int) -> list[reads.EntryPrize]:
    """The unit prizes of the entry the current user may read: every unit's for
    organizers, their own subtree's for a focal point, none for anyone else."""
    if not current_user.is_authenticated:
        return []
    if current_user.has_role(Role.ORGANIZER, Role.ADMIN):
        return reads.entry_prizes(entry_id)
    if current_user.has_role(Role.UNIT) and current_user.unit_id is not None:
        return reads.entry_prizes(entry_id, subtree_ids(current_user.unit_id))
    return []
