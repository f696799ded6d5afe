"""Forms of the account pages."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from contest.forms_base import BaseForm
from contest.validators import StrongPassword, strip_text


class LoginForm(BaseForm):
    """Log in with email and password."""

    email = EmailField(
        _l("Email"), filters=[strip_text], validators=[DataRequired(), Email()]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me logged in on this device"))
    submit = SubmitField(_l("Log in"))


class RegisterForm(BaseForm):
    """Create a writer account."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=120)]
    )
    email = EmailField(
        _l("Email"),
        filters=[strip_text],
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), StrongPassword()]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(),
            EqualTo("password", message=_l("The two passwords differ.")),
        ],
    )
    submit = SubmitField(_l("Create account"))


class ForgotPasswordForm(BaseForm):
    """Ask for a password-reset link."""

    email = EmailField(
        _l("Email"), filters=[strip_text], validators=[DataRequired(), Email()]
    )
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(BaseForm):
    """Choose a new password from a reset link."""

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
    submit = SubmitField(_l("Save the new password"))


class ResendConfirmationForm(BaseForm):
    """Ask for the confirmation email again."""

    email = EmailField(
        _l("Email"), filters=[strip_text], validators=[DataRequired(), Email()]
    )
    submit = SubmitField(_l("Send the confirmation email again"))
