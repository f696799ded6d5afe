"""Language selection (Vietnamese first, English second) and WTForms translations."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
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


def compile_catalogs(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Compile every messages.po below directory into a .mo file when it is stale."""
    compiled = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        compiled.append(mo_path)
    return compiled
