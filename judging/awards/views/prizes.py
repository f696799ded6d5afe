"""Edition set-up: the prize money of each tier in each track (for the award decision
and the payment list). Amounts may be typed with dots or spaces ("5.000.000")."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import get_or_404
from contest.exports.official.amounts import amount_in_words, figures
from contest.extensions import db
from contest.forms_base import BaseForm
from contest.models import Edition
from contest.organizer import bp
from judging.awards.core import TIER_VALUES, Tier
from judging.official.services import store as service
from judging.official.views.forms import parse_amount


def _tiers(edition: Edition):
    """(track, tier) pairs of the edition whose tier code is a prize tier."""
    return [
        (track, tier)
        for track in edition.tracks
        for tier in track.tiers
        if tier.code in TIER_VALUES
    ]


@bp.route("/editions/<int:edition_id>/prizes", methods=["GET", "POST"])
def edit_prizes(edition_id: int):
    """One amount per tier and track; the total of the set-up in figures and words."""
    edition = get_or_404(Edition, edition_id)
    form = BaseForm()
    money = service.prize_money(edition)
    typed: dict[str, str] = {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        amounts = {}
        for track, tier in _tiers(edition):
            name = f"amount-{track.id}-{tier.code}"
            typed[name] = request.form.get(name, "").strip()
            value = parse_amount(typed[name])
            if value is None:
                errors[name] = _("Type an amount in đồng, e.g. 5.000.000.")
            else:
                amounts[(track.id, tier.code)] = value
        if form.validate() and not errors:
            service.save_amounts(current_user, edition, amounts)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("organizer.edit_prizes", edition_id=edition.id))
        status = 422
    rows = []
    total = 0
    for track, tier in _tiers(edition):
        amount = money.of(track.name, Tier(tier.code))
        total += amount * tier.count
        name = f"amount-{track.id}-{tier.code}"
        rows.append(
            {
                "track": track,
                "tier": tier,
                "name": name,
                "value": typed.get(name, figures(amount) if amount else ""),
                "error": errors.get(name),
            }
        )
    return render_template(
        "organizer/edition_prizes.html",
        edition=edition,
        form=form,
        rows=rows,
        total=figures(total),
        total_words=amount_in_words(total),
    ), status
