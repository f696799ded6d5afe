"""WTForms' and Flask-WTF's own messages, listed so that our catalogs translate them.

Nothing calls this module: `pybabel extract` reads the N_() markers below.
"""


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural message pair for extraction."""
    return singular, plural


MESSAGES = (
    N_("This field is required."),
    N_("Invalid email address."),
    N_("Invalid input."),
    N_("Invalid URL."),
    N_("Invalid value, must be one of: %(values)s."),
    N_("Invalid value, can't be any of: %(values)s."),
    N_("Field must be equal to %(other_name)s."),
    N_("Invalid field name '%s'."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid float value."),
    N_("Not a valid datetime value."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid week value."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Choices cannot be None."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Date must be at least %(min)s."),
    N_("Date must be at most %(max)s."),
    N_("Date must be between %(min)s and %(max)s."),
)

PLURAL_MESSAGES = (
    N_plural(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
    ),
    N_plural(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
    ),
    N_plural(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
    ),
    N_plural(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
    ),
)
