"""Unit pages of the register: the people the unit's subtree introduced, and the
focal point's confirmation that the person and the deeds are real (who, when)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.extensions import db
from contest.models import Edition
from contest.queries import current_edition
from contest.services.unit_tree import subtree_ids
from contest.unit import bp as unit_bp
from judging.commendation import services
from judging.commendation.models import Commendation
from judging.commendation.views.forms import STATUS_LABELS, ConfirmForm


def _unit_standings(edition: Edition) -> list[Commendation]:
    mine = subtree_ids(current_user.unit_id)
    return [s for s in services.standings_of(edition) if s.unit_id in mine]


@unit_bp.route("/register")
def unit_register():
    """People introduced through the unit's (and its subtree's) entries."""
    edition = current_edition()
    rows = _unit_standings(edition) if edition and current_user.unit_id else []
    return render_template(
        "unit/register.html",
        edition=edition,
        rows=rows,
        statuses=STATUS_LABELS,
        form=ConfirmForm(),
    )


@unit_bp.route("/register/<int:standing_id>/confirm", methods=["POST"])
def unit_register_confirm(standing_id: int):
    """The focal point confirms the person and the deeds are real (who, when)."""
    standing = db.session.get(Commendation, standing_id)
    if standing is None or standing.unit_id not in subtree_ids(current_user.unit_id):
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.confirm(current_user, standing, datetime.now(UTC))
        db.session.commit()
        flash(
            _("Confirmed: %(name)s and the deeds are real.", name=standing.person.name),
            "success",
        )
    return redirect(url_for("unit.unit_register"))
