"""Forms of the unit area (paper entries reuse the writer's EntryForm)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from contest.forms_base import BaseForm, as_choices
from contest.models import EntryStatus
from contest.validators import strip_text

# The same words as the writer's status badges (templates/writer/_status.html).
STATUS_LABELS = {
    EntryStatus.DRAFT: _l("Draft"),
    EntryStatus.SUBMITTED: _l("Submitted"),
    EntryStatus.FORWARDED: _l("Forwarded by the unit"),
    EntryStatus.UNDER_REVIEW: _l("Under review"),
    EntryStatus.SHORTLISTED: _l("Shortlisted"),
    EntryStatus.AWARDED: _l("Awarded"),
    EntryStatus.NOT_ELIGIBLE: _l("Not eligible"),
    EntryStatus.WITHDRAWN: _l("Withdrawn"),
}


class FilterForm(BaseForm):
    """Filters of the unit's entry list (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Search (number, title, author, featured person)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=200)],
    )
    status = SelectField(_l("Status"), validate_choice=False)
    track_id = SelectField(_l("Track"), coerce=int, validate_choice=False)
    field_id = SelectField(_l("Field"), coerce=int, validate_choice=False)
    verified = SelectField(
        _l("Verified"),
        choices=as_choices(
            [("", _l("All")), ("yes", _l("Verified")), ("no", _l("Not verified"))]
        ),
        validate_choice=False,
    )
    needs_typing = BooleanField(_l("Only entries that need typing"))


class ForwardForm(BaseForm):
    """Forward the entries ticked in the list (their ids come as entry_ids)."""

    forward = SubmitField(_l("Forward the selected entries to the city"))


class VerifyForm(BaseForm):
    """Mark one entry as verified."""

    verify = SubmitField(_l("Mark as verified"))


class UnitSubmitForm(BaseForm):
    """Submit a paper entry on the author's behalf."""

    declaration = BooleanField(
        _l(
            "The author signed the entry form, and the details above were copied from it."
        )
    )
    submit = SubmitField(_l("Submit the entry"))


class ImportForm(BaseForm):
    """A ZIP of entry files, with its manifest inside or uploaded beside it."""

    archive = FileField(_l("ZIP file of the entries"), validators=[FileRequired()])
    manifest = FileField(_l("Manifest (CSV or XLSX), if it is not inside the ZIP"))
    submit = SubmitField(_l("Import"))
