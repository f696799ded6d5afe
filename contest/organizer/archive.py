"""Closing, reopening and archiving an edition: the archive page, the export and its
download, and the import of an archive file (administrators only)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest import hooks
from contest.access import get_or_404
from contest.archive.jobs import (
    EXPORT_KIND,
    IMPORT_KIND,
    archive_file,
    save_upload,
    start_export,
    start_import,
)
from contest.archive.reader import ArchiveError, check_layout
from contest.edition_guard import allowed_when_closed
from contest.extensions import db
from contest.models import Edition, EditionStatus, Job, JobStatus
from contest.organizer import bp
from contest.organizer.archive_forms import (
    CloseForm,
    ExportForm,
    ImportForm,
    ReopenForm,
)
from contest.responses import download_response
from contest.services import edition_state as service
from contest.services.audit import audit

RECENT = 50  # jobs looked at for an edition's exports


def _managed(edition_id: int) -> Edition:
    """The edition, if the current user may close or export it (else 403)."""
    edition = get_or_404(Edition, edition_id)
    if not service.may_manage(current_user, edition):
        abort(403)
    return edition


def _jobs(kind: str, **params) -> list[Job]:
    """The latest jobs of a kind whose params include these values."""
    rows = db.session.scalars(
        select(Job).where(Job.kind == kind).order_by(Job.id.desc()).limit(RECENT)
    )
    return [
        row
        for row in rows
        if all((row.params or {}).get(k) == v for k, v in params.items())
    ]


def _archive_page(edition: Edition):
    return redirect(url_for("organizer.edition_archive", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/archive")
def edition_archive(edition_id: int):
    """The edition's state, closing or reopening it, its exports to download."""
    edition = get_or_404(Edition, edition_id)
    return render_template(
        "organizer/edition_archive.html",
        edition=edition,
        manage=service.may_manage(current_user, edition),
        may_reopen=service.may_reopen(current_user),
        export_form=ExportForm(),
        exports=_jobs(EXPORT_KIND, edition_id=edition.id)[:10],
        sync=hooks.archive_sync_job.first(edition),
        succeeded=JobStatus.SUCCEEDED,
    )


@bp.route("/editions/<int:edition_id>/close", methods=["GET", "POST"])
def close_edition(edition_id: int):
    """Confirm, with a reason, that the edition is finished: it becomes read-only."""
    edition = _managed(edition_id)
    if edition.status == EditionStatus.CLOSED:
        flash(_("This edition is already closed."), "info")
        return _archive_page(edition)
    form = CloseForm()
    status = 200
    if form.validate_on_submit():
        try:
            service.close_edition(
                current_user,
                edition,
                form.reason.data,
                origin_url=url_for("organizer.edition_archive", edition_id=edition.id),
            )
        except service.CannotClose as refusal:
            form.reason.errors.append(str(refusal))
            status = 409
        else:
            db.session.commit()
            flash(
                _(
                    "The edition is closed: it is read-only, and its entries are being "
                    "added to the archive the plagiarism checks compare with."
                ),
                "success",
            )
            return _archive_page(edition)
    return render_template(
        "organizer/edition_close.html",
        edition=edition,
        form=form,
        open_rounds=service.open_round_names(edition),
    ), (422 if form.errors and status == 200 else status)


@bp.route("/editions/<int:edition_id>/reopen", methods=["GET", "POST"])
@allowed_when_closed
def reopen_edition(edition_id: int):
    """Reopen a closed edition (administrators only), with a reason."""
    edition = get_or_404(Edition, edition_id)
    if not service.may_reopen(current_user):
        abort(403)
    if edition.status != EditionStatus.CLOSED:
        flash(_("This edition is not closed."), "info")
        return _archive_page(edition)
    form = ReopenForm()
    if form.validate_on_submit():
        service.reopen_edition(
            current_user,
            edition,
            form.reason.data,
            origin_url=url_for("organizer.edition_archive", edition_id=edition.id),
        )
        db.session.commit()
        flash(_("The edition has been reopened."), "success")
        return _archive_page(edition)
    return render_template(
        "organizer/edition_reopen.html", edition=edition, form=form
    ), (422 if form.errors else 200)


@bp.route("/editions/<int:edition_id>/archive/export", methods=["POST"])
@allowed_when_closed
def export_edition(edition_id: int):
    """Start the export of the whole edition to one archive file."""
    edition = _managed(edition_id)
    if ExportForm().validate_on_submit():
        job = start_export(
            edition,
            current_user,
            url_for("organizer.edition_archive", edition_id=edition.id),
        )
        audit(current_user, "edition.export", edition, job_id=job.id)
        db.session.commit()
        flash(
            _("The export has started. Its file appears below when it is ready."),
            "info",
        )
    return _archive_page(edition)


@bp.route("/editions/<int:edition_id>/archive/exports/<int:export_id>")
def download_export(edition_id: int, export_id: int):
    """Download the archive file an export job wrote."""
    edition = _managed(edition_id)
    job = get_or_404(Job, export_id)
    name = (job.result or {}).get("file") if job.status == JobStatus.SUCCEEDED else None
    path = archive_file(str(name or ""))
    if (
        job.kind != EXPORT_KIND
        or (job.params or {}).get("edition_id") != edition.id
        or path is None
    ):
        abort(404)
    return download_response(path, path.name, "application/zip", cache=None)


@bp.route("/archive/import", methods=["GET", "POST"])
def import_archive():
    """Upload an edition archive: it is checked, then imported by a background job."""
    if not service.may_reopen(current_user):  # administrators only
        abort(403)
    form = ImportForm()
    if form.validate_on_submit():
        path = save_upload(form.archive.data.stream)
        try:
            check_layout(path)
        except ArchiveError as refusal:
            path.unlink(missing_ok=True)
            form.archive.errors.append(str(refusal))
        else:
            job = start_import(path, current_user, url_for("organizer.import_archive"))
            db.session.commit()
            return redirect(url_for("organizer.job", job_id=job.id))
    return render_template(
        "organizer/archive_import.html",
        form=form,
        imports=_jobs(IMPORT_KIND)[:10],
    ), (422 if form.errors else 200)
