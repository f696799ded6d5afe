"""The steps of the entry pages, shared by writers and unit focal points: start an
entry, edit it, save what was typed and uploaded, remove a photo, submit it.

An area describes itself once (``EntryPages``: its blueprint, its loader of entries
it may change, where "Review" leads, what a save says); its views keep their routes
and access checks and call these steps.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.entry_editing.form import (
    form_data,
    form_from_entry,
    missing_localities,
    prepare_form,
)
from contest.entry_editing.uploads import attach_uploads
from contest.extensions import db
from contest.intake_messages import PROBLEM_MESSAGES
from contest.models import Edition, Entry
from contest.services import entries as service
from contest.services import entry_files
from contest.textnorm import word_count
from contest.timezones import format_datetime
from contest.writer.forms import ConfirmForm, EntryForm


def utc_now() -> datetime:
    """The current time (UTC); deadlines are compared in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class EntryPages:
    """How one role area runs the entry form."""

    area: str  # blueprint name and template folder ("writer", "unit")
    editable: Callable[[int], Entry]  # the area's entry it may change now, else abort
    review_endpoint: str  # where the "Review" button leads
    saved_message: Callable[[], str]  # flashed after a plain save
    # Anchor of the section a new author / featured person row is added to.
    add_anchors: Mapping[str, str] = field(
        default_factory=lambda: {"author": "author", "featured": "featured"}
    )
    allow_scan: bool = False  # a scan may be kept, to be typed in later (units)
    autosave: bool = False  # posts marked X-Autosave are answered with JSON

    def _form_page(self, form: EntryForm, entry: Entry | None, edition: Edition):
        return render_template(
            f"{self.area}/entry_form.html", form=form, entry=entry, edition=edition
        )

    def _autosaving(self) -> bool:
        return self.autosave and bool(request.headers.get("X-Autosave"))

    def new(
        self,
        edition: Edition,
        prefill: Callable[[EntryForm], None] | None = None,
        **start,
    ):
        """The empty form; the first save (or autosave) creates the draft.

        ``start`` goes to ``start_entry`` (a unit's channel and unit)."""
        form = prepare_form(EntryForm(), edition)
        if request.method == "GET":
            form.key.data = uuid.uuid4().hex
            if prefill is not None:
                prefill(form)
        if form.validate_on_submit() and form.key.data:
            entry = service.start_entry(
                current_user, edition, key=form.key.data[:64], **start
            )
            if not entry.is_owned_by(current_user):
                abort(409)  # a form key of someone else's entry: never write into it
            return self.save(entry, form)
        if self._autosaving():
            return jsonify(saved=False, errors=form.errors), 400
        return self._form_page(form, None, edition)

    def edit(self, entry_id: int):
        """The form of a saved entry (``?add=author|featured`` adds an empty row)."""
        entry = self.editable(entry_id)
        if request.method == "GET":
            form = form_from_entry(entry)
            if request.args.get("add") == "author":
                form.authors.append_entry()
            elif request.args.get("add") == "featured":
                form.featured.append_entry()
            prepare_form(form, entry.edition, entry)
        else:
            form = prepare_form(EntryForm(), entry.edition, entry)
            if form.validate_on_submit():
                return self.save(entry, form)
            if self._autosaving():
                return jsonify(saved=False, errors=form.errors), 400
        return self._form_page(form, entry, entry.edition)

    def save(self, entry: Entry, form: EntryForm):
        """Save what was typed and uploaded, then answer an autosave with JSON or go
        where the button said."""
        # The pasted text is saved first; a successfully read upload then replaces it.
        service.save_draft(entry, current_user, form_data(form))
        outcome = attach_uploads(entry, form, current_user, allow_scan=self.allow_scan)
        if outcome.scan_kept:
            flash(
                _(
                    "The scan has been kept. The entry is marked “needs typing” until someone types its text in."
                ),
                "info",
            )
        # What the answer needs is read before the commit expires the entry: the
        # redirects then cost no statement.
        entry_id, edition = entry.id, entry.edition
        if self._autosaving():
            words, tz = word_count(entry.draft_text), edition.timezone
            db.session.commit()
            return jsonify(
                saved=True,
                entry_id=entry_id,
                edit_url=url_for(f"{self.area}.edit_entry", entry_id=entry_id),
                saved_at=format_datetime(utc_now(), tz=tz),
                words=words,
            )
        # Going on to review: a required locality left empty is shown under its
        # field (the draft itself is saved: nothing typed is lost).
        if not outcome.ok or (form.review.data and missing_localities(form, edition)):
            db.session.commit()
            prepare_form(form, entry.edition, entry)
            return self._form_page(form, entry, entry.edition), 422
        saved = self.saved_message()  # its language needs the user: before the commit
        db.session.commit()
        if form.add_author.data or form.add_featured.data:
            add = "author" if form.add_author.data else "featured"
            return redirect(
                url_for(
                    f"{self.area}.edit_entry",
                    entry_id=entry_id,
                    add=add,
                    _anchor=self.add_anchors[add],
                )
            )
        if form.review.data:
            return redirect(url_for(self.review_endpoint, entry_id=entry_id))
        flash(saved, "success")
        return redirect(url_for(f"{self.area}.edit_entry", entry_id=entry_id))

    def delete_photo(self, entry_id: int, attachment_id: int):
        """Remove one photo, back to the photos of the form."""
        entry = self.editable(entry_id)
        if ConfirmForm().validate_on_submit():
            entry_files.remove_photo(entry, current_user, attachment_id)
            db.session.commit()
        return redirect(
            url_for(f"{self.area}.edit_entry", entry_id=entry.id, _anchor="photos")
        )


def submit_if_ready(
    entry: Entry,
    declaration: bool,
    done_url: str,
    message: Callable[[Entry], str],
    send_to: str | None = None,
):
    """Submit the entry with this declaration if nothing is missing (``send_to``:
    the writer's choice of destination, where the edition lets them choose).

    Returns (the redirect to ``done_url``, {}) once submitted (or when it already
    was, unchanged: a repeated click), else (None, the problems found)."""
    if entry.number is not None and not service.has_unsubmitted_changes(entry):
        return redirect(done_url), {}
    entry.declaration_accepted = bool(declaration)
    found = service.problems(entry, utc_now())
    if found:
        db.session.rollback()
        return None, found
    try:
        service.submit(entry, current_user, utc_now(), send_to=send_to)
    except service.AlreadySubmitted:
        db.session.rollback()
        return redirect(done_url), {}
    said = message(entry)  # its language needs the user: before the commit expires it
    db.session.commit()
    flash(said, "success")
    return redirect(done_url), {}


def declaration_error(form, found: Mapping[str, str]) -> None:
    """Show a missing declaration on its checkbox."""
    if "declaration" in found:
        form.declaration.errors.append(str(PROBLEM_MESSAGES[found["declaration"]]))


def problems_shown(entry: Entry) -> dict:
    """What still keeps the entry from being submitted, declaration aside (that one
    is shown on its checkbox), as messages."""
    found = service.problems(entry, utc_now())
    found.pop("declaration", None)
    return {key: PROBLEM_MESSAGES[code] for key, code in found.items()}
