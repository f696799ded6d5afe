"""Sign-off of the award list (submit → approve or return → publish; reopen), the
council chair's list of editions, and the "Documents" page with its downloads.

The documents' fields stay editable at every stage (they name the decision; they do
not change who wins); a closed edition refuses every change (contest.edition_guard).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.access import also_for, get_or_404
from contest.extensions import db
from contest.locking import writes_on_get
from contest.models import Edition, Role
from contest.organizer import bp
from contest.organizer.downloads import download
from judging.awards.exports import source as award_source
from judging.awards.models.lists import AwardList
from judging.awards.services import lists as service
from judging.awards.views import forms
from judging.awards.views.lists import BASE, done, refused, render_awards
from judging.awards.views.messages import NOT_STARTED, REFUSALS


@bp.route("/awards")
@also_for(Role.CHAIR)
def award_lists():
    """Every edition with the stage of its award list (the chair's way in)."""
    editions = db.session.scalars(select(Edition).order_by(Edition.year.desc())).all()
    lists = {a.edition_id: a for a in db.session.scalars(select(AwardList)).all()}
    return render_template(
        "organizer/awards_editions.html",
        editions=editions,
        lists=lists,
        stage_labels=forms.STAGE_LABELS,
    )


def _step(edition_id: int, form_class, verb, message: str, with_reason=False):
    """Run one sign-off verb on the edition's list from a posted form."""
    edition = get_or_404(Edition, edition_id)
    award_list = service.award_list_of(edition)
    form = form_class()
    if award_list is None:
        flash(str(NOT_STARTED), "warning")
        return redirect(url_for("organizer.awards", edition_id=edition.id))
    if not form.validate():
        if with_reason:
            return render_awards(edition, 422, reason_step=form)
        return render_awards(edition, 400, form.csrf_token.errors[0])
    args = (form.reason.data,) if with_reason else ()
    try:
        verb(current_user, award_list, form.version_number(), *args)
    except service.AwardRefused as error:
        return refused(edition, error, **({"reason_step": form} if with_reason else {}))
    return done(edition, message)


@bp.route(BASE + "/submit", methods=["POST"])
def awards_submit(edition_id: int):
    """Send the draft to the council chair."""
    return _step(
        edition_id,
        forms.StepForm,
        service.submit,
        _("The award list was sent to the council chair for approval."),
    )


@bp.route(BASE + "/approve", methods=["POST"])
@also_for(Role.CHAIR)
def awards_approve(edition_id: int):
    """The council chair approves the list (it is frozen)."""
    return _step(
        edition_id,
        forms.StepForm,
        service.approve,
        _("The award list is approved and frozen."),
    )


@bp.route(BASE + "/return", methods=["POST"])
@also_for(Role.CHAIR)
def awards_return(edition_id: int):
    """The council chair sends the list back to the organizers, with a reason."""
    return _step(
        edition_id,
        forms.ReasonStepForm,
        service.return_to_draft,
        _("The award list was returned to the organizers."),
        with_reason=True,
    )


@bp.route(BASE + "/publish", methods=["POST"])
def awards_publish(edition_id: int):
    """Publish the approved list: its entries are awarded."""
    return _step(
        edition_id,
        forms.StepForm,
        service.publish,
        _("The award list is published."),
    )


@bp.route(BASE + "/reopen", methods=["POST"])
def awards_reopen(edition_id: int):
    """Reopen an approved or published list, with a reason: back to draft."""
    return _step(
        edition_id,
        forms.ReasonStepForm,
        service.reopen,
        _("The award list is a draft again."),
        with_reason=True,
    )


# -- documents ------------------------------------------------------------------------


@bp.route(BASE + "/documents", methods=["GET", "POST"])
def awards_documents(edition_id: int):
    """Decision number and dates, place, preface; and the downloads."""
    edition = get_or_404(Edition, edition_id)
    award_list = service.award_list_of(edition)
    form = forms.DocumentsForm(obj=award_list)
    status = 200
    if form.is_submitted():
        if award_list is None:
            flash(str(NOT_STARTED), "warning")
            status = 409
        elif form.validate():
            try:
                changed = service.save_documents(
                    current_user, award_list, form.version_number(), form.values()
                )
            except service.AwardRefused as error:
                db.session.rollback()
                flash(str(REFUSALS[error.code]), "danger")
                status = 409
                form = forms.DocumentsForm(formdata=None, obj=award_list)
            else:
                db.session.commit()
                if changed:
                    flash(_("The documents' details were saved."), "success")
                return redirect(
                    url_for("organizer.awards_documents", edition_id=edition.id)
                )
        else:
            status = 422
    form.version.data = str(award_list.version) if award_list else ""
    return render_template(
        "organizer/awards_documents.html",
        edition=edition,
        award_list=award_list,
        form=form,
        stage_labels=forms.STAGE_LABELS,
        stories=len(award_source.anthology_stories(award_list)) if award_list else 0,
    ), status


def _award_download(edition_id: int, name: str, anthology: bool = False):
    """One award document of the edition, through the export registry."""
    edition = get_or_404(Edition, edition_id)
    award_list = service.award_list_of(edition)
    items = (
        award_source.anthology_stories(award_list)
        if anthology
        else award_source.award_rows(award_list)
    )
    info = award_source.edition_info(edition, award_list)
    return download(edition, name, {"edition": info, "items": items})


@bp.route(BASE + "/award-list.xlsx")
@writes_on_get
def awards_xlsx(edition_id: int):
    """The award list as an Excel file."""
    return _award_download(edition_id, "award_list")


@bp.route(BASE + "/decision-annex.pdf")
@writes_on_get
def awards_annex(edition_id: int):
    """The annex of the award decision as PDF."""
    return _award_download(edition_id, "award_annex")


@bp.route(BASE + "/certificates.pdf")
@writes_on_get
def awards_certificates(edition_id: int):
    """The certificates, one page per author and prize, as PDF."""
    return _award_download(edition_id, "award_certificates")


@bp.route(BASE + "/anthology.epub")
@writes_on_get
def awards_anthology_epub(edition_id: int):
    """The anthology "Những bông hoa đẹp" as an e-book."""
    return _award_download(edition_id, "anthology_epub", anthology=True)


@bp.route(BASE + "/anthology.pdf")
@writes_on_get
def awards_anthology_pdf(edition_id: int):
    """The anthology "Những bông hoa đẹp" as PDF."""
    return _award_download(edition_id, "anthology_pdf", anthology=True)
