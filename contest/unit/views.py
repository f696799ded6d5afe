"""Unit pages: the unit's entries, one entry, verify, bulk ZIP import (forwarding them
up the tree is judging.grassroots.views.forward)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import hooks
from contest.access import get_entry_or_404
from contest.extensions import db
from contest.forms_base import as_choices
from contest.models import EntryStatus
from contest.queries import current_edition
from contest.services import entries as service
from contest.services.unit_bundle import BundleRejected
from contest.services.unit_import import import_bundle
from contest.services.unit_manifest import MAX_ROWS
from contest.textnorm import word_count
from contest.unit import bp
from contest.unit import queries as unit_queries
from contest.unit.forms import (
    STATUS_LABELS,
    FilterForm,
    ForwardForm,
    ImportForm,
    VerifyForm,
)
from contest.unit.messages import bundle_message, row_message

VERIFIABLE = (EntryStatus.SUBMITTED, EntryStatus.FORWARDED)


def utc_now() -> datetime:
    """The current time (UTC); deadlines are compared in UTC."""
    return datetime.now(UTC)


def ready_edition():
    """The open edition for a focal point with a unit, or None (with a message)."""
    if current_user.unit_id is None:
        flash(_("Your account is not attached to a unit yet."), "warning")
        return None
    edition = current_edition()
    if edition is None or not edition.is_open(utc_now()):
        flash(_("Submissions are closed for this edition."), "warning")
        return None
    return edition


def _filters(form: FilterForm) -> unit_queries.EntryFilter:
    """The list filter from the query string (a bad value means "all")."""
    form.validate()
    return unit_queries.EntryFilter(
        q=form.q.data or "",
        status=form.status.data if form.status.data in STATUS_LABELS else "",
        track_id=form.track_id.data or None,
        field_id=form.field_id.data or None,
        verified=form.verified.data if form.verified.data in ("yes", "no") else "",
        needs_typing=bool(form.needs_typing.data),
    )


@bp.route("/")
def dashboard():
    """The unit's entries with filters, counts per status and the forward form."""
    edition = current_edition()
    if current_user.unit_id is None or edition is None:
        return render_template("unit/dashboard.html", unit=None, edition=edition)
    form = FilterForm(formdata=request.args)
    form.status.choices = as_choices(
        [("", _("All"))] + [(k.value, v) for k, v in STATUS_LABELS.items()]
    )
    form.track_id.choices = as_choices(
        [(0, _("All"))] + [(t.id, t.name) for t in edition.tracks]
    )
    form.field_id.choices = as_choices(
        [(0, _("All"))] + [(f.id, f.name) for f in edition.fields]
    )
    unit_id = current_user.unit_id
    now = utc_now()
    entries = unit_queries.unit_entries(edition, unit_id, _filters(form))
    return render_template(
        "unit/dashboard.html",
        unit=current_user.unit,
        edition=edition,
        filter_form=form,
        forward_form=ForwardForm(),
        entries=entries,
        # Entries that look like a duplicate (e.g. the plagiarism checks' pairs).
        suspects=hooks.entry_suspects.merged(
            edition, [e for e in entries if e.status == "submitted"], unit_id
        ),
        counts=unit_queries.status_counts(edition, unit_id),
        labels=STATUS_LABELS,
        deadline_passed=unit_queries.unit_deadline_passed(edition, now),
        now=now,
    )


@bp.route("/entries/<int:entry_id>")
def entry(entry_id: int):
    """One entry of the unit: details, files, and what can be done with it."""
    entry = get_entry_or_404(entry_id, current_user)
    now = utc_now()
    return render_template(
        "unit/entry.html",
        entry=entry,
        verify_form=VerifyForm(),
        can_edit=entry.can_edit(current_user, now),
        can_verify=entry.status in VERIFIABLE and entry.verified_at is None,
        changed=service.has_unsubmitted_changes(entry),
        words=word_count(entry.draft_text),
    )


@bp.route("/entries/<int:entry_id>/verify", methods=["POST"])
def verify_entry(entry_id: int):
    """Mark a submitted entry as verified (who and when are recorded)."""
    entry = get_entry_or_404(entry_id, current_user)
    if VerifyForm().validate_on_submit():
        if entry.status not in VERIFIABLE:
            flash(_("Only submitted entries can be verified."), "warning")
        elif entry.verified_at is None:
            service.verify(entry, current_user, utc_now())
            db.session.commit()
            flash(_("Entry %(number)s verified.", number=entry.number), "success")
    if request.form.get("next") == "list":
        return redirect(url_for("unit.dashboard"))
    return redirect(url_for("unit.entry", entry_id=entry.id))


@bp.route("/import", methods=["GET", "POST"])
def import_entries():
    """Import a ZIP of entry files with its manifest; show a report row by row."""
    edition = ready_edition()
    if edition is None:
        return redirect(url_for("unit.dashboard"))
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        manifest = form.manifest.data
        try:
            report = import_bundle(
                current_user,
                edition,
                form.archive.data.read(),
                (manifest.read(), manifest.filename or "")
                if manifest and manifest.filename
                else None,
                utc_now(),
            )
        except BundleRejected as refusal:
            form.archive.errors.append(bundle_message(refusal))
            db.session.rollback()
        else:
            db.session.commit()
    return render_template(
        "unit/import.html",
        form=form,
        report=report,
        reason=row_message,
        max_rows=MAX_ROWS,
    )
