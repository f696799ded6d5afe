"""Paper entries typed in or uploaded by a unit focal point on the author's behalf."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import get_entry_or_404
from contest.entry_editing.flow import (
    EntryPages,
    declaration_error,
    problems_shown,
    submit_if_ready,
)
from contest.models import Entry, EntryChannel
from contest.services import entries as service
from contest.textnorm import word_count
from contest.unit import bp
from contest.unit.forms import UnitSubmitForm
from contest.unit.views import ready_edition, utc_now


def _editable_entry(entry_id: int) -> Entry:
    """An entry the focal point may change now (its paper entries, while open)."""
    entry = get_entry_or_404(entry_id, current_user)
    if not entry.can_edit(current_user, utc_now()):
        abort(403 if entry.channel == EntryChannel.ONLINE else 409)
    return entry


PAGES = EntryPages(
    area="unit",
    editable=_editable_entry,
    review_endpoint="unit.submit_entry",
    saved_message=lambda: _("The entry has been saved."),
    allow_scan=True,
)


@bp.route("/entries/new", methods=["GET", "POST"])
def new_entry():
    """Type in a paper entry (or upload its file or scan) on the author's behalf."""
    edition = ready_edition()
    if edition is None:
        return redirect(url_for("unit.dashboard"))
    return PAGES.new(edition, channel=EntryChannel.UNIT, unit_id=current_user.unit_id)


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_entry(entry_id: int):
    """Change a paper entry, e.g. type in the text of a scan."""
    return PAGES.edit(entry_id)


@bp.route("/entries/<int:entry_id>/photos/<int:attachment_id>/delete", methods=["POST"])
def delete_photo(entry_id: int, attachment_id: int):
    """Remove one photo of a paper entry."""
    return PAGES.delete_photo(entry_id, attachment_id)


@bp.route("/entries/<int:entry_id>/submit", methods=["GET", "POST"])
def submit_entry(entry_id: int):
    """Review a paper entry and submit it: it gets its number, the unit a receipt."""
    entry = _editable_entry(entry_id)
    form = UnitSubmitForm(declaration=entry.declaration_accepted)
    if form.validate_on_submit():
        done, _found = submit_if_ready(
            entry,
            form.declaration.data,
            url_for("unit.entry", entry_id=entry.id),
            lambda entry: _(
                "The entry has been submitted as %(number)s.", number=entry.number
            ),
        )
        if done is not None:
            return done
    if request.method == "POST":
        declaration_error(form, service.problems(entry, utc_now()))
    return render_template(
        "unit/submit.html",
        entry=entry,
        form=form,
        problems=problems_shown(entry),
        words=word_count(entry.draft_text),
    )
