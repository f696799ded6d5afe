"""Language selection (Vietnamese first, English second) and WTForms translations."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import current_app, session
from flask_babel import get_translations
from flask_login import current_user

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


class BabelTranslations:
    """Routes WTForms' built-in messages through the app's own catalogs.

    WTForms ships no Vietnamese catalog, so its messages are extracted into ours
    (see contest/wtforms_messages.py) and translated there.
    """

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


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
