"""The official documents of an edition: their settings, the "issue" buttons (each
takes numbers from the edition's register), the register with every issued file to
download again, and the calibration page for certificate blanks.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import get_or_404
from contest.extensions import db
from contest.locking import writes_on_get
from contest.models import Edition, IssuedDocument
from contest.organizer import bp
from contest.organizer.downloads import send_issued
from contest.responses import download_response
from contest.services.audit import audit
from judging.awards.services.lists import award_list_of
from judging.official.core.blanks import calibration_pdf
from judging.official.services import store as service
from judging.official.services.issuers import ISSUERS
from judging.official.views.forms import (
    CLOSING_KINDS,
    KIND_LABELS,
    SETTINGS_FIELDS,
    SETUP_KINDS,
    DocumentSettingsForm,
    IssueForm,
)

BASE = "/editions/<int:edition_id>/official-documents"
REFUSALS = {
    service.DocumentError.NOT_APPROVED: lambda: _(
        "The award list must be approved by the council chair before its documents"
        " are issued."
    ),
    service.DocumentError.NO_WINNERS: lambda: _("The award list has no winners."),
    service.DocumentError.NO_AMOUNTS: lambda: _(
        "Set the prize money of each tier first (edition set-up, “Prize money”)."
    ),
    service.DocumentError.NO_PEOPLE: lambda: _(
        "Nobody has this role in the edition yet: add the people first (Judging)."
    ),
    service.DocumentError.NO_LAGGING: lambda: _(
        "Every active unit has sent entries: there is nobody to remind."
    ),
}


def _page(edition: Edition, form: DocumentSettingsForm, status: int = 200):
    award_list = award_list_of(edition)
    return render_template(
        "organizer/official_documents.html",
        edition=edition,
        award_list=award_list,
        form=form,
        issue_forms={
            kind: IssueForm(formdata=None, kind=kind.value) for kind in KIND_LABELS
        },
        kind_labels=KIND_LABELS,
        setup_kinds=SETUP_KINDS,
        award_kinds=[k for k in KIND_LABELS if k not in (*SETUP_KINDS, *CLOSING_KINDS)],
        closing_kinds=CLOSING_KINDS,
        register=service.register_of(edition),
        money=service.prize_money(edition),
    ), status


@bp.route(BASE, methods=["GET", "POST"])
def official_documents(edition_id: int):
    """Settings of the documents, the issue buttons and the register."""
    edition = get_or_404(Edition, edition_id)
    form = DocumentSettingsForm(obj=service.settings_of(edition))
    if form.is_submitted():
        if not form.validate():
            db.session.rollback()
            return _page(edition, form, 422)
        settings = service.saved_settings(edition)
        for name in SETTINGS_FIELDS:
            value = getattr(form, name).data
            setattr(settings, name, value.strip() if isinstance(value, str) else value)
        audit(current_user, "documents.settings", edition)
        db.session.commit()
        flash(_("The documents' settings were saved."), "success")
        return redirect(url_for("organizer.official_documents", edition_id=edition.id))
    return _page(edition, form)


@bp.route(BASE + "/issue", methods=["POST"])
def official_issue(edition_id: int):
    """Issue one document: numbers are taken and the files kept."""
    edition = get_or_404(Edition, edition_id)
    form = IssueForm()
    kind = form.document_kind() if form.validate() else None
    if kind is None:
        flash(
            str(form.csrf_token.errors[0])
            if form.csrf_token.errors
            else _("Unknown document."),
            "danger",
        )
        return redirect(
            url_for("organizer.official_documents", edition_id=edition.id)
        ), 303
    try:
        issued = ISSUERS[kind](current_user, edition)
    except service.DocumentRefused as refusal:
        db.session.rollback()
        flash(REFUSALS[refusal.code](), "warning")
        return redirect(
            url_for("organizer.official_documents", edition_id=edition.id)
        ), 303
    db.session.commit()
    flash(_("Issued as number %(number)s.", number=issued.number), "success")
    return redirect(url_for("organizer.official_documents", edition_id=edition.id))


@bp.route(BASE + "/<int:document_id>/<fmt>")
@writes_on_get
def official_download(edition_id: int, document_id: int, fmt: str):
    """An issued document again, exactly as it was issued."""
    edition = get_or_404(Edition, edition_id)
    issued = db.session.get(IssuedDocument, document_id)
    if issued is None or issued.edition_id != edition.id:
        abort(404)
    keys = {
        "docx": issued.docx_key,
        "pdf": issued.pdf_key,
        "blanks": issued.overlay_key,
    }
    key = keys.get(fmt)
    if key is None:
        abort(404)
    return send_issued(edition, issued, fmt, key)


@bp.route(BASE + "/calibration.pdf")
def official_calibration(edition_id: int):
    """The calibration page of the certificate blanks, with the edition's offsets."""
    edition = get_or_404(Edition, edition_id)
    settings = service.settings_of(edition)
    data = calibration_pdf(settings.offset_x_mm, settings.offset_y_mm)
    return download_response(
        data, f"canh-le-phoi-{edition.year}.pdf", "application/pdf"
    )
