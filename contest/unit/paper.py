"""Paper entries typed in or uploaded by a unit focal point on the author's behalf."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import get_entry_or_404
from contest.entry_uploads import attach_uploads
from contest.extensions import db
from contest.intake_messages import PROBLEM_MESSAGES
from contest.models import Entry, EntryChannel
from contest.services import entries as service
from contest.services import entry_files
from contest.textnorm import word_count
from contest.unit import bp
from contest.unit.forms import UnitSubmitForm
from contest.unit.views import ready_edition, utc_now
from contest.writer.entry_form import form_data, form_from_entry, prepare_form
from contest.writer.forms import ConfirmForm, EntryForm


@bp.route("/entries/new", methods=["GET", "POST"])
def new_entry():
    """Type in a paper entry (or upload its file or scan) on the author's behalf."""
    edition = ready_edition()
    if edition is None:
        return redirect(url_for("unit.dashboard"))
    form = prepare_form(EntryForm(), edition)
    if request.method == "GET":
        form.key.data = uuid.uuid4().hex
    if form.validate_on_submit() and form.key.data:
        entry = service.start_entry(
            current_user,
            edition,
            key=form.key.data[:64],
            channel=EntryChannel.UNIT,
            unit_id=current_user.unit_id,
        )
        if entry.owner_id != current_user.id:
            abort(409)  # a key that is not this form's: never write into that entry
        return _save(entry, form)
    return render_template(
        "unit/entry_form.html", form=form, entry=None, edition=edition
    )


def _editable_entry(entry_id: int) -> Entry:
    """An entry the focal point may change now (its paper entries, while open)."""
    entry = get_entry_or_404(entry_id, current_user)
    if not entry.can_edit(current_user, utc_now()):
        abort(403 if entry.channel == EntryChannel.ONLINE else 409)
    return entry


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_entry(entry_id: int):
    """Change a paper entry, e.g. type in the text of a scan."""
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
            return _save(entry, form)
    return render_template(
        "unit/entry_form.html", form=form, entry=entry, edition=entry.edition
    )


def _save(entry: Entry, form: EntryForm):
    """Save what was typed and uploaded, then go where the button said."""
    service.save_draft(entry, current_user, form_data(form))
    outcome = attach_uploads(entry, form, current_user, allow_scan=True)
    uploads_ok = outcome.ok
    if outcome.scan_kept:
        flash(
            _(
                "The scan has been kept. The entry is marked “needs typing” until someone types its text in."
            ),
            "info",
        )
    db.session.commit()
    if not uploads_ok:
        prepare_form(form, entry.edition, entry)
        return render_template(
            "unit/entry_form.html", form=form, entry=entry, edition=entry.edition
        ), 422
    if form.add_author.data or form.add_featured.data:
        add = "author" if form.add_author.data else "featured"
        return redirect(
            url_for("unit.edit_entry", entry_id=entry.id, add=add, _anchor=add)
        )
    if form.review.data:
        return redirect(url_for("unit.submit_entry", entry_id=entry.id))
    flash(_("The entry has been saved."), "success")
    return redirect(url_for("unit.edit_entry", entry_id=entry.id))


@bp.route("/entries/<int:entry_id>/photos/<int:attachment_id>/delete", methods=["POST"])
def delete_photo(entry_id: int, attachment_id: int):
    """Remove one photo of a paper entry."""
    entry = _editable_entry(entry_id)
    if ConfirmForm().validate_on_submit():
        entry_files.remove_photo(entry, current_user, attachment_id)
        db.session.commit()
    return redirect(url_for("unit.edit_entry", entry_id=entry.id, _anchor="photos"))


@bp.route("/entries/<int:entry_id>/submit", methods=["GET", "POST"])
def submit_entry(entry_id: int):
    """Review a paper entry and submit it: it gets its number, the unit a receipt."""
    entry = _editable_entry(entry_id)
    form = UnitSubmitForm(declaration=entry.declaration_accepted)
    if form.validate_on_submit():
        if entry.number is not None and not service.has_unsubmitted_changes(entry):
            return redirect(url_for("unit.entry", entry_id=entry.id))
        entry.declaration_accepted = bool(form.declaration.data)
        if not service.problems(entry, utc_now()):
            try:
                service.submit(entry, current_user, utc_now())
            except service.AlreadySubmitted:
                db.session.rollback()
                return redirect(url_for("unit.entry", entry_id=entry.id))
            db.session.commit()
            flash(
                _("The entry has been submitted as %(number)s.", number=entry.number),
                "success",
            )
            return redirect(url_for("unit.entry", entry_id=entry.id))
        db.session.rollback()
    found = service.problems(entry, utc_now())
    if request.method == "POST" and "declaration" in found:
        form.declaration.errors.append(str(PROBLEM_MESSAGES[found["declaration"]]))
    found.pop("declaration", None)
    return render_template(
        "unit/submit.html",
        entry=entry,
        form=form,
        problems={key: PROBLEM_MESSAGES[code] for key, code in found.items()},
        words=word_count(entry.draft_text),
    )
