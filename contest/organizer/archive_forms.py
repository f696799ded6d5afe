"""Forms of the archive pages: close and reopen an edition, export, import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from contest.forms_base import BaseForm

REASON_MAX = 1000


class CloseForm(BaseForm):
    """Close the edition: a reason for the record and an explicit confirmation."""

    reason = TextAreaField(
        _l("Reason (kept in the audit log)"),
        validators=[
            DataRequired(_l("Please give the reason.")),
            Length(max=REASON_MAX),
        ],
    )
    confirm = BooleanField(
        _l(
            "I understand that the edition becomes read-only for everyone and that "
            "its entries become the archive later editions are checked against."
        ),
        validators=[DataRequired(_l("Please tick the box to confirm."))],
    )
    submit = SubmitField(_l("Close the edition"))


class ReopenForm(BaseForm):
    """Reopen a closed edition (administrators), with a reason."""

    reason = TextAreaField(
        _l("Reason (kept in the audit log)"),
        validators=[
            DataRequired(_l("Please give the reason.")),
            Length(max=REASON_MAX),
        ],
    )
    submit = SubmitField(_l("Reopen the edition"))


class ExportForm(BaseForm):
    """Start an export (the button only)."""

    submit = SubmitField(_l("Export the edition"))


class ImportForm(BaseForm):
    """Upload an edition archive to import."""

    archive = FileField(
        _l("Edition archive (.zip)"),
        validators=[FileRequired(_l("Please choose the archive file."))],
    )
    submit = SubmitField(_l("Import"))
