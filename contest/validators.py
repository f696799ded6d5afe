"""Form validators shared by several forms."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from wtforms.validators import StopValidation, ValidationError

from contest.security import password_problem


class StrongPassword:
    """Refuse short, common and personal passwords, with a clear reason."""

    def __init__(self, personal_fields: tuple[str, ...] = ("email", "full_name")):
        self.personal_fields = personal_fields

    def __call__(self, form, field) -> None:
        personal = tuple(
            str(getattr(form, name).data or "").split("@")[0]
            for name in self.personal_fields
            if hasattr(form, name)
        )
        min_length = current_app.config["PASSWORD_MIN_LENGTH"]
        problem = password_problem(
            field.data or "", min_length=min_length, personal=personal
        )
        if problem == "too_short":
            raise ValidationError(
                _("The password must have at least %(n)d characters.", n=min_length)
            )
        if problem == "common":
            raise ValidationError(
                _(
                    "This password is too common and easy to guess. Please choose another."
                )
            )
        if problem == "personal":
            raise ValidationError(
                _("The password must not contain your name or email address.")
            )


def strip_text(value):
    """Form filter: drop spaces around typed text (people paste emails with spaces)."""
    return value.strip() if isinstance(value, str) else value


class RequiredIf:
    """The field is required when another field of the same form is filled in."""

    def __init__(self, other: str, message=None):
        self.other = other
        self.message = message

    def __call__(self, form, field) -> None:
        other_filled = bool(getattr(form, self.other).data)
        empty = not field.raw_data or not str(field.raw_data[0]).strip()
        if other_filled and empty:
            raise StopValidation(str(self.message or _("This field is required.")))
