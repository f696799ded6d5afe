"""Writer pages: the entry form with autosave, review and submit, receipts (the list of
the writer's entries, with their prizes, is judging.awards.views.writer)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import get_entry_or_404
from contest.entry_editing.flow import (
    EntryPages,
    declaration_error,
    problems_shown,
    submit_if_ready,
)
from contest.exports.receipt import render_receipt_pdf
from contest.extensions import db
from contest.models import Entry
from contest.queries import current_edition
from contest.responses import download_response
from contest.services import entries as service
from contest.textnorm import word_count
from contest.writer import bp
from contest.writer.forms import (
    SEND_TO_LABELS,
    ConfirmForm,
    EntryForm,
    SubmitEntryForm,
)


def _now() -> datetime:
    return datetime.now(UTC)


def _open_edition_or_redirect():
    edition = current_edition()
    if edition is None or not edition.is_open(_now()):
        flash(_("Submissions are closed for this edition."), "warning")
        return None
    if not edition.may_enter(current_user):
        flash(
            _("As a judge or organizer of this edition you cannot enter it."), "warning"
        )
        return None
    return edition


def _editable_entry(entry_id: int) -> Entry:
    entry = get_entry_or_404(entry_id, current_user)
    if not entry.is_owned_by(current_user):
        abort(403)
    if not entry.can_edit(current_user, _now()):
        abort(409)
    return entry


PAGES = EntryPages(
    area="writer",
    editable=_editable_entry,
    review_endpoint="writer.review_entry",
    saved_message=lambda: _("Your draft has been saved."),
    add_anchors={"author": "authors", "featured": "featured"},
    autosave=True,
)


def _prefill_author(form: EntryForm) -> None:
    """The first author is the writer, as in their account."""
    author = form.authors[0]
    author.full_name.data = current_user.full_name
    author.birth_year.data = current_user.birth_year
    author.phone.data = current_user.phone
    author.email.data = current_user.email
    author.address.data = current_user.address
    author.pen_names.data = current_user.pen_names
    author.unit_name.data = current_user.unit.name if current_user.unit else ""


@bp.route("/entries/new", methods=["GET", "POST"])
def new_entry():
    """The empty entry form; the first save (or autosave) creates the draft."""
    edition = _open_edition_or_redirect()
    if edition is None:
        return redirect(url_for("writer.my_entries"))
    return PAGES.new(edition, prefill=_prefill_author)


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_entry(entry_id: int):
    """Change a draft, or a submitted entry until the deadline (a new version on submit)."""
    return PAGES.edit(entry_id)


@bp.route("/entries/<int:entry_id>/review", methods=["GET", "POST"])
def review_entry(entry_id: int):
    """Show the entry as it will be judged; the declaration and the final submit."""
    entry = _editable_entry(entry_id)
    places = service.destinations(entry)
    form = SubmitEntryForm(
        declaration=entry.declaration_accepted,
        send_to=places[0].value if places else None,
    )
    form.send_to.choices = [(p.value, SEND_TO_LABELS[p.value]) for p in places]
    if form.validate_on_submit():
        done, found = submit_if_ready(
            entry,
            form.declaration.data,
            url_for("writer.receipt", entry_id=entry.id),
            lambda _entry: _("Your entry has been submitted. Thank you!"),
            send_to=form.send_to.data,
        )
        if done is not None:
            return done
        declaration_error(form, found)
    return render_template(
        "writer/review.html",
        entry=entry,
        form=form,
        problems=problems_shown(entry),
        words=word_count(entry.draft_text),
        changed=service.has_unsubmitted_changes(entry),
    )


@bp.route("/entries/<int:entry_id>/receipt")
def receipt(entry_id: int):
    """The receipt of a submitted entry (printable)."""
    entry = get_entry_or_404(entry_id, current_user)
    if entry.number is None:
        abort(404)
    return render_template("writer/receipt.html", entry=entry)


@bp.route("/entries/<int:entry_id>/receipt.pdf")
def receipt_pdf(entry_id: int):
    """The receipt as a PDF file."""
    entry = get_entry_or_404(entry_id, current_user)
    if entry.number is None:
        abort(404)
    return download_response(
        render_receipt_pdf(entry),
        f"bien-nhan-{entry.number}.pdf",
        "application/pdf",
        cache=None,
    )


@bp.route("/entries/<int:entry_id>/withdraw", methods=["GET", "POST"])
def withdraw_entry(entry_id: int):
    """Withdraw an entry (before the deadline), after a confirmation."""
    entry = _editable_entry(entry_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        service.withdraw(entry, current_user)
        db.session.commit()
        flash(_("The entry has been withdrawn."), "info")
        return redirect(url_for("writer.my_entries"))
    return render_template("writer/withdraw.html", entry=entry, form=form)


@bp.route("/entries/<int:entry_id>/photos/<int:attachment_id>/delete", methods=["POST"])
def delete_photo(entry_id: int, attachment_id: int):
    """Remove one photo."""
    return PAGES.delete_photo(entry_id, attachment_id)
