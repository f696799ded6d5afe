"""Forms of the user's own account pages."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from contest.forms_base import BaseForm, as_choices
from contest.validators import StrongPassword

PHONE_PATTERN = r"^\+?[0-9 .()-]{8,20}$"


class ProfileForm(BaseForm):
    """The writer's details, printed on entries and certificates."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=120)]
    )
    birth_year = IntegerField(
        _l("Year of birth"), validators=[Optional(), NumberRange(min=1900, max=2030)]
    )
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            Regexp(
                PHONE_PATTERN,
                message=_l("Please enter a phone number, e.g. 0912 345 678."),
            ),
        ],
    )
    address = StringField(_l("Address"), validators=[Optional(), Length(max=255)])
    pen_names = StringField(
        _l("Pen names, if any (comma-separated)"),
        validators=[Optional(), Length(max=200)],
    )
    unit_id = SelectField(_l("Unit (workplace, school or locality)"), coerce=int)
    locale = SelectField(
        _l("Language"), choices=as_choices([("vi", "Tiếng Việt"), ("en", "English")])
    )
    submit = SubmitField(_l("Save"))


class ChangePasswordForm(BaseForm):
    """Change the password (every other session ends)."""

    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired()]
    )
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), StrongPassword()]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(),
            EqualTo("password", message=_l("The two passwords differ.")),
        ],
    )
    submit = SubmitField(_l("Change password"))
