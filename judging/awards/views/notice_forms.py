"""Forms and labels of the winner-notification page (templates, preview, send)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from contest.forms_base import BaseForm
from judging.awards.core.notice import PLACEHOLDERS, Audience, problems

MAX_BODY = 20_000
AUDIENCE_TITLES = {
    Audience.WINNER: _l("Notice to the winners"),
    Audience.UNIT: _l("Notice to the focal points of the winners' units"),
}
AUDIENCE_SHORT = {
    Audience.WINNER: _l("Winner"),
    Audience.UNIT: _l("Unit focal point"),
}
PLACEHOLDER_HELP = {
    "ten_tac_gia": _l("the author's name"),
    "ten_bai": _l("the title of the entry"),
    "giai": _l("the prize, e.g. Giải Nhì"),
    "bang": _l("the track"),
    "cuoc_thi": _l("the contest and its year"),
    "ten_don_vi": _l("the unit's name"),
    "so_giai": _l("how many prizes the unit's entries won"),
    "danh_sach_giai": _l("the list of the unit's prizes, one per line"),
}


def _check_placeholders(form: NoticeTemplateForm, field) -> None:
    """Every placeholder must be one of the audience's, and every brace closed."""
    allowed = PLACEHOLDERS[form.audience]
    for problem in problems(field.data or "", allowed):
        if problem.kind == "unknown":
            raise ValidationError(
                _(
                    "Unknown placeholder {%(name)s}. You can use: %(allowed)s.",
                    name=problem.name,
                    allowed=", ".join(f"{{{name}}}" for name in allowed),
                )
            )
        raise ValidationError(
            _("A brace is not closed: write placeholders as {ten_bai}.")
        )


class NoticeTemplateForm(BaseForm):
    """The subject and body of one audience's notice."""

    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(
        _l("Text of the email"), validators=[DataRequired(), Length(max=MAX_BODY)]
    )
    save = SubmitField(_l("Save the template"))
    preview = SubmitField(_l("Preview"))

    def __init__(self, audience: Audience, *args, **kwargs) -> None:
        super().__init__(*args, prefix=str(audience), **kwargs)
        self.audience = audience

    def validate_subject(self, field) -> None:
        """One line, known placeholders."""
        if "\n" in (field.data or "") or "\r" in (field.data or ""):
            raise ValidationError(_("The subject must fit on one line."))
        _check_placeholders(self, field)

    def validate_body(self, field) -> None:
        """Known placeholders only."""
        _check_placeholders(self, field)


class SendForm(BaseForm):
    """Send one audience's notice; a second send needs the box ticked."""

    again = BooleanField(_l("Yes, send this notice again to every recipient"))
    submit = SubmitField(_l("Send the notice"))

    def __init__(self, audience: Audience, *args, **kwargs) -> None:
        super().__init__(*args, prefix=f"send-{audience}", **kwargs)
