"""The base form every form of the app derives from (CSRF, translated messages)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from contest.i18n import BabelTranslations

CSRF_EXPIRED_MESSAGE = _l(
    "This form has expired or was sent twice. What you typed is kept below: "
    "please check it and send it again."
)


class BaseForm(FlaskForm):
    """FlaskForm whose WTForms messages are translated and whose CSRF errors are clear."""

    class Meta:
        def get_translations(self, form):
            return BabelTranslations()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if "csrf_token" in self.errors:
            self.csrf_token.errors = [str(CSRF_EXPIRED_MESSAGE)]
        return valid


def as_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [
        SelectChoice(str(value) if not isinstance(value, int) else value, label)
        for value, label in pairs
    ]
