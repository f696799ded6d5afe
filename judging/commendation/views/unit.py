"""Unit pages of the register: the people the unit's subtree introduced, and the
focal point's confirmation that the person and the deeds are real (who, when): of a
register person, and of an entry's featured people on the unit's entry page."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import get_entry_or_404
from contest.extensions import db
from contest.models import Edition
from contest.queries import current_edition
from contest.services.unit_tree import subtree_ids
from contest.unit import bp as unit_bp
from judging.commendation import services
from judging.commendation.models import Commendation
from judging.commendation.services import confirmations
from judging.commendation.views.forms import (
    STATUS_LABELS,
    ConfirmForm,
    WithdrawConfirmationForm,
)


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


# -- an entry's featured people, confirmed on the unit's entry page ------------------


@unit_bp.app_template_global("entry_confirmation")
def entry_confirmation(entry) -> dict:
    """What the entry pages show of the unit's confirmation: the row (or None),
    whether the current focal point may give or withdraw it, whether the names
    changed since. Organizers see it too; judges never reach an Entry."""
    row = confirmations.confirmation_of(entry)
    return {
        "row": row,
        "may_confirm": confirmations.may_confirm(entry, current_user),
        "changed": row is not None and confirmations.people_changed(row, entry),
        "form": ConfirmForm(),
        "withdraw_form": WithdrawConfirmationForm(),
    }


def _confirmable(entry_id: int):
    """The unit's entry whose people the focal point may confirm, else 404."""
    entry = get_entry_or_404(entry_id, current_user)
    if not confirmations.may_confirm(entry, current_user):
        abort(404)
    return entry


@unit_bp.route("/entries/<int:entry_id>/people/confirm", methods=["POST"])
def confirm_entry_people(entry_id: int):
    """The focal point confirms that the entry's people and deeds are real."""
    entry = _confirmable(entry_id)
    if ConfirmForm().validate_on_submit():
        confirmations.confirm_entry(current_user, entry, datetime.now(UTC))
        db.session.commit()
        flash(
            _(
                "Confirmed: the people of entry %(number)s and their deeds are real.",
                number=entry.number,
            ),
            "success",
        )
    return redirect(url_for("unit.entry", entry_id=entry.id, _anchor="confirmation"))


@unit_bp.route("/entries/<int:entry_id>/people/unconfirm", methods=["POST"])
def withdraw_entry_people(entry_id: int):
    """The focal point takes the confirmation back."""
    entry = _confirmable(entry_id)
    if WithdrawConfirmationForm().validate_on_submit() and (
        confirmations.withdraw_confirmation(current_user, entry)
    ):
        db.session.commit()
        flash(_("The confirmation has been withdrawn."), "success")
    return redirect(url_for("unit.entry", entry_id=entry.id, _anchor="confirmation"))
