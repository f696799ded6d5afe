"""Organizer pages of the grassroots feature: intake policy and targets (set-up),
progress per unit with reminders (preview, send, log), and the small blocks shown
on the round and participation pages."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.access import get_or_404
from contest.extensions import db
from contest.models import Edition, RoundKind, Unit, UnitKind
from contest.organizer import bp
from contest.organizer.people_forms import UNIT_KIND_LABELS
from judging.grassroots import services
from judging.grassroots.models import CityReads, EntryForward
from judging.grassroots.views.forms import (
    CITY_READS_LABELS,
    IntakeForm,
    RemindForm,
    TargetsForm,
)

BASE = "/editions/<int:edition_id>"


@bp.route(f"{BASE}/grassroots", methods=["GET", "POST"])
def grassroots_setup(edition_id: int):
    """The intake policy and the targets per kind of unit."""
    edition = get_or_404(Edition, edition_id)
    intake = services.intake_of(edition.id)
    intake_form = IntakeForm(
        prefix="intake",
        city_reads=str(intake.city_reads),
        conflicts_follow_tree=intake.conflicts_follow_tree,
    )
    saved = services.targets(edition)
    defaults = {}
    for kind in UnitKind:
        row = saved.get(kind.value)
        defaults[f"min_{kind.value}"] = row.minimum if row else None
        defaults[f"pct_{kind.value}"] = row.percent_of_staff if row else None
    targets_form = TargetsForm(prefix="targets", **defaults)
    if intake_form.save_intake.data and intake_form.validate_on_submit():
        services.save_intake(
            current_user,
            edition,
            city_reads=CityReads(intake_form.city_reads.data),
            follow_tree=intake_form.conflicts_follow_tree.data,
        )
        db.session.commit()
        flash(_("The intake policy has been saved."), "success")
        return redirect(url_for("organizer.grassroots_setup", edition_id=edition.id))
    if targets_form.save_targets.data and targets_form.validate_on_submit():
        values = {
            kind.value: (
                targets_form[f"min_{kind.value}"].data or 0,
                targets_form[f"pct_{kind.value}"].data or None,
            )
            for kind in UnitKind
        }
        services.save_targets(current_user, edition, values)
        db.session.commit()
        flash(_("The targets have been saved."), "success")
        return redirect(url_for("organizer.grassroots_setup", edition_id=edition.id))
    return render_template(
        "organizer/grassroots_setup.html",
        edition=edition,
        intake_form=intake_form,
        targets_form=targets_form,
        kinds=UNIT_KIND_LABELS,
        counts=services.intake_counts(edition.id),
    )


@bp.route(f"{BASE}/targets")
def unit_targets(edition_id: int):
    """Each unit's progress against its target, with reminders and their log."""
    edition = get_or_404(Edition, edition_id)
    rows = services.unit_progress(edition)
    return render_template(
        "organizer/unit_targets.html",
        edition=edition,
        rows=rows,
        log=services.reminder_log(edition),
        kinds=UNIT_KIND_LABELS,
        form=RemindForm(),
    )


@bp.route(f"{BASE}/targets/<int:unit_id>/preview")
def unit_reminder_preview(edition_id: int, unit_id: int):
    """The reminder a unit's focal points would receive (nothing is sent)."""
    edition = get_or_404(Edition, edition_id)
    unit = get_or_404(Unit, unit_id)
    row = next(
        (r for r in services.unit_progress(edition) if r.unit_id == unit_id), None
    )
    people = services.focal_points(unit_id) if row is not None else []
    subject, body = (
        services.preview_reminder(edition, row, people[0]) if people else ("", "")
    )
    return render_template(
        "organizer/unit_reminder_preview.html",
        edition=edition,
        unit=unit,
        row=row,
        people=people,
        subject=subject,
        body=body,
    )


@bp.route(f"{BASE}/targets/remind", methods=["POST"])
def unit_reminders_send(edition_id: int):
    """Queue reminders to the focal points of the ticked units below their target."""
    edition = get_or_404(Edition, edition_id)
    form = RemindForm()
    ids = {int(v) for v in request.form.getlist("unit_ids") if v.isdigit()}
    if not form.validate_on_submit() or not ids:
        flash(_("Please tick the units to remind."), "warning")
        return redirect(url_for("organizer.unit_targets", edition_id=edition.id))
    sent, nobody = services.send_reminders(
        current_user, edition, ids, datetime.now(UTC)
    )
    db.session.commit()
    flash(_("Reminders queued in the outbox: %(n)d.", n=sent), "success")
    if nobody:
        flash(
            _(
                "These units have no focal point account to write to: %(units)s.",
                units=", ".join(nobody),
            ),
            "warning",
        )
    return redirect(url_for("organizer.unit_targets", edition_id=edition.id))


@bp.app_template_global("round_intake")
def round_intake(round_):
    """Where the first round's entries stand (None for later rounds)."""
    if round_.kind != RoundKind.PRELIMINARY:
        return None
    return services.intake_counts(round_.edition_id)


@bp.app_template_global("city_reads_label")
def city_reads_label(value) -> str:
    """The policy's label in the page's language."""
    return str(CITY_READS_LABELS[CityReads(value)])


@bp.app_template_global("targets_summary")
def targets_summary(edition) -> tuple[int, int] | None:
    """(units meeting their target, units with a target), or None without targets."""
    rows = services.unit_progress(edition)
    if not rows:
        return None
    return sum(1 for r in rows if r.met), len(rows)


@bp.app_template_global("forward_history")
def forward_history(entry_id: int):
    """The entry's forwarding steps, oldest first (for the organizer's entry page)."""
    return list(
        db.session.scalars(
            select(EntryForward)
            .where(EntryForward.entry_id == entry_id)
            .order_by(EntryForward.at, EntryForward.id)
        )
    )
