"""Writer pages: my entries, the entry form with autosave, review and submit, receipts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import (
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.access import get_entry_or_404
from contest.entry_uploads import attach_uploads
from contest.exports.receipt import render_receipt_pdf
from contest.extensions import db
from contest.intake_messages import PROBLEM_MESSAGES
from contest.models import Entry
from contest.queries import current_edition
from contest.responses import download_response
from contest.services import entries as service
from contest.services import entry_files
from contest.textnorm import format_datetime, word_count
from contest.writer import bp
from contest.writer.entry_form import form_data, form_from_entry, prepare_form
from contest.writer.forms import ConfirmForm, EntryForm, SubmitEntryForm
from judging.awards.services.published import writer_prizes
from judging.awards.views.collective_forms import TIER_LABELS


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


@bp.route("/")
def my_entries():
    """Every entry of the writer with its status."""
    entries = db.session.scalars(
        select(Entry)
        .where(Entry.owner_id == current_user.id)
        .order_by(Entry.created_at.desc())
    ).all()
    edition = current_edition()
    return render_template(
        "writer/my_entries.html",
        entries=entries,
        edition=edition,
        now=_now(),
        prizes=writer_prizes([entry.id for entry in entries]),
        tier_labels=TIER_LABELS,
    )


@bp.route("/entries/new", methods=["GET", "POST"])
def new_entry():
    """The empty entry form; the first save (or autosave) creates the draft."""
    edition = _open_edition_or_redirect()
    if edition is None:
        return redirect(url_for("writer.my_entries"))
    form = prepare_form(EntryForm(), edition)
    if request.method == "GET":
        form.key.data = uuid.uuid4().hex
        author = form.authors[0]
        author.full_name.data = current_user.full_name
        author.birth_year.data = current_user.birth_year
        author.phone.data = current_user.phone
        author.email.data = current_user.email
        author.address.data = current_user.address
        author.pen_names.data = current_user.pen_names
        author.unit_name.data = current_user.unit.name if current_user.unit else ""
    if form.validate_on_submit() and form.key.data:
        entry = service.start_entry(current_user, edition, key=form.key.data[:64])
        if not entry.is_owned_by(current_user):
            abort(409)  # a form key that belongs to someone else's entry
        return _save_and_continue(entry, form)
    if request.headers.get("X-Autosave"):
        return jsonify(saved=False, errors=form.errors), 400
    return render_template(
        "writer/entry_form.html", form=form, entry=None, edition=edition
    )


def _save_and_continue(entry: Entry, form: EntryForm):
    """Save the draft; answer an autosave with JSON, a button with the next page."""
    # The pasted text is saved first; a successfully read upload then replaces it.
    service.save_draft(entry, current_user, form_data(form))
    uploads_ok = attach_uploads(entry, form, current_user).ok
    db.session.commit()
    if request.headers.get("X-Autosave"):
        return jsonify(
            saved=True,
            entry_id=entry.id,
            edit_url=url_for("writer.edit_entry", entry_id=entry.id),
            saved_at=format_datetime(_now(), tz=entry.edition.timezone),
            words=word_count(entry.draft_text),
        )
    if not uploads_ok:
        prepare_form(form, entry.edition, entry)
        return render_template(
            "writer/entry_form.html", form=form, entry=entry, edition=entry.edition
        ), 422
    if form.add_author.data:
        return redirect(
            url_for(
                "writer.edit_entry", entry_id=entry.id, add="author", _anchor="authors"
            )
        )
    if form.add_featured.data:
        return redirect(
            url_for(
                "writer.edit_entry",
                entry_id=entry.id,
                add="featured",
                _anchor="featured",
            )
        )
    if form.review.data:
        return redirect(url_for("writer.review_entry", entry_id=entry.id))
    flash(_("Your draft has been saved."), "success")
    return redirect(url_for("writer.edit_entry", entry_id=entry.id))


def _editable_entry(entry_id: int) -> Entry:
    entry = get_entry_or_404(entry_id, current_user)
    if not entry.is_owned_by(current_user):
        abort(403)
    if not entry.can_edit(current_user, _now()):
        abort(409)
    return entry


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_entry(entry_id: int):
    """Change a draft, or a submitted entry until the deadline (a new version on submit)."""
    entry = _editable_entry(entry_id)
    if request.method == "GET":
        form = prepare_form(form_from_entry(entry), entry.edition, entry)
        if request.args.get("add") == "author":
            form.authors.append_entry()
        elif request.args.get("add") == "featured":
            form.featured.append_entry()
    else:
        form = prepare_form(EntryForm(), entry.edition, entry)
        if form.validate_on_submit():
            return _save_and_continue(entry, form)
        if request.headers.get("X-Autosave"):
            return jsonify(saved=False, errors=form.errors), 400
    return render_template(
        "writer/entry_form.html", form=form, entry=entry, edition=entry.edition
    )


@bp.route("/entries/<int:entry_id>/review", methods=["GET", "POST"])
def review_entry(entry_id: int):
    """Show the entry as it will be judged; the declaration and the final submit."""
    entry = _editable_entry(entry_id)
    form = SubmitEntryForm(declaration=entry.declaration_accepted)
    if form.validate_on_submit():
        if entry.number is not None and not service.has_unsubmitted_changes(entry):
            return redirect(
                url_for("writer.receipt", entry_id=entry.id)
            )  # a repeated click
        entry.declaration_accepted = bool(form.declaration.data)
        found = service.problems(entry, _now())
        if not found:
            try:
                service.submit(entry, current_user, _now())
            except service.AlreadySubmitted:
                db.session.rollback()
                return redirect(url_for("writer.receipt", entry_id=entry.id))
            db.session.commit()
            flash(_("Your entry has been submitted. Thank you!"), "success")
            return redirect(url_for("writer.receipt", entry_id=entry.id))
        db.session.rollback()
        if "declaration" in found:
            form.declaration.errors.append(str(PROBLEM_MESSAGES[found["declaration"]]))
    found = service.problems(entry, _now())
    found.pop("declaration", None)
    return render_template(
        "writer/review.html",
        entry=entry,
        form=form,
        problems={key: PROBLEM_MESSAGES[code] for key, code in found.items()},
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
    entry = _editable_entry(entry_id)
    if ConfirmForm().validate_on_submit():
        entry_files.remove_photo(entry, current_user, attachment_id)
        db.session.commit()
    return redirect(url_for("writer.edit_entry", entry_id=entry.id, _anchor="photos"))
