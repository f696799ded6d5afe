"""Language selection (Vietnamese first, English second), the templates' gettext and
WTForms translations."""

from __future__ import annotations

import logging
from pathlib import Path

from babel import Locale
from flask import Flask, current_app, g, has_app_context, session
from flask_babel import get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The language of this request: chosen in the session, else the user's, else vi."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if (
        current_user
        and current_user.is_authenticated
        and current_user.locale in languages
    ):
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


_LOCALES: dict[str, Locale] = {}


def select_locale_object() -> Locale:
    """``select_locale`` as the Locale Flask-Babel keeps for the request: one object
    per language and process (Flask-Babel would parse the code again on every
    request, and the new object load its locale data again on the first date or
    number it formats). Locale objects are not changed by their users."""
    code = select_locale()
    locale = _LOCALES.get(code)
    if locale is None:
        locale = _LOCALES[code] = Locale.parse(code)
    return locale


def current_translations():
    """The catalog of the current language, found once per request.

    Flask-Babel looks the language and its catalog up again on every call (a dozen
    context lookups); a page asks for 30 to 100 strings. The catalog is kept beside
    Flask-Babel's own state of the request, with the language it was found for:
    `force_locale` (an email in its reader's language) or `refresh` replaces that
    language object, and the next call looks the catalog up again.
    """
    if not has_app_context():
        return get_translations()
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    found = getattr(state, "contest_translations", None)
    if locale is not None and found is not None and found[0] is locale:
        return found[1]
    translations = get_translations()
    state = g.get("_flask_babel")
    if state is not None:
        state.contest_translations = (
            getattr(state, "babel_locale", None),
            translations,
        )
    return translations


@pass_context
def _template_gettext(context, string: str, **variables) -> str:
    """`_()` and `gettext()` of the templates: Jinja's "newstyle" gettext (escaped,
    always %-formatted) over the request's catalog."""
    translated = current_translations().ugettext(string)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


@pass_context
def _template_ngettext(context, singular: str, plural: str, num: int, **variables):
    """`ngettext()` of the templates, as Jinja's "newstyle" one (with `num`)."""
    variables.setdefault("num", num)
    translated = current_translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


def install_template_gettext(app: Flask) -> None:
    """Give the templates the request-cached gettext (after Flask-Babel's install)."""
    app.jinja_env.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext
    )


class BabelTranslations:
    """Routes WTForms' built-in messages through the app's own catalogs.

    WTForms ships no Vietnamese catalog, so its messages are extracted into ours
    (see contest/wtforms_messages.py) and translated there.
    """

    def gettext(self, string: str) -> str:
        return current_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return current_translations().ungettext(singular, plural, n)


def stale_catalogs(directory: Path | None = None) -> list[Path]:
    """The messages.po files below directory whose .mo is missing or older.

    The app only reads .mo files: `make translations` compiles them (`make run` and
    `make test` do it first; a deploy runs it after each update of the code).
    """
    stale = []
    for po_path in sorted(
        (directory or TRANSLATIONS_DIR).glob("*/LC_MESSAGES/messages.po")
    ):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            stale.append(po_path)
    return stale


def warn_if_stale(logger: logging.Logger, directory: Path | None = None) -> list[Path]:
    """Log a warning naming each catalog that is not compiled (or out of date).

    A warning, not a failure: pages still work, showing the English message ids
    (missing catalog) or the previous translations (stale one) until it is compiled.
    """
    stale = stale_catalogs(directory)
    for po_path in stale:
        logger.warning(
            "translations %s are not compiled or out of date: run `make translations`"
            " (pybabel compile -d contest/translations); until then pages show "
            "untranslated or older texts",
            po_path,
        )
    return stale
