"""The unit's forward of its submitted entries up the unit tree (to the parent unit,
or from the top to the city), warned first about entries that look like a duplicate.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import hooks
from contest.extensions import db
from contest.queries import current_edition
from contest.services.audit import audit
from contest.timezones import format_datetime
from contest.unit import bp
from contest.unit import queries as unit_queries
from contest.unit.forms import ForwardForm
from judging.grassroots.services.forward import forward_up


@bp.route("/forward", methods=["POST"])
def forward():
    """Forward the ticked submitted entries to the city, before the unit deadline."""
    form = ForwardForm()
    edition = current_edition()
    if not form.validate_on_submit() or edition is None or not current_user.unit_id:
        flash(_("Nothing was forwarded."), "warning")
        return redirect(url_for("unit.dashboard"))
    now = datetime.now(UTC)
    if unit_queries.unit_deadline_passed(edition, now):
        flash(
            _(
                "The units' deadline (%(when)s) has passed: entries can no longer be forwarded.",
                when=format_datetime(edition.unit_deadline_at, tz=edition.timezone),
            ),
            "danger",
        )
        return redirect(url_for("unit.dashboard"))
    ids = [int(v) for v in request.form.getlist("entry_ids") if v.isdigit()]
    entries = unit_queries.entries_by_ids(edition, current_user.unit_id, ids)
    if not entries:
        flash(_("Please tick the entries to forward."), "warning")
        return redirect(url_for("unit.dashboard"))
    doubtful = hooks.entry_suspects.merged(edition, entries, current_user.unit_id)
    if doubtful and request.form.get("confirm_suspected") != "1":
        # Warned first: nothing is forwarded until the unit confirms.
        return render_template(
            "unit/forward_confirm.html",
            form=ForwardForm(),
            entries=entries,
            doubtful=doubtful,
        )
    count, target = forward_up(entries, current_user, now)
    if doubtful:
        audit(
            current_user,
            "entry.forward_suspected",
            edition,
            entries=[e.number for e in entries if e.id in doubtful],
        )
    db.session.commit()
    if target is None:
        flash(_("Entries forwarded to the city: %(n)d.", n=count), "success")
    else:
        flash(
            _("Entries forwarded to %(unit)s: %(n)d.", unit=target.name, n=count),
            "success",
        )
    if count < len(entries):
        flash(
            _(
                "Not forwarded, because only submitted entries can be: %(n)d.",
                n=len(entries) - count,
            ),
            "warning",
        )
    return redirect(url_for("unit.dashboard"))
