"""The interface is complete in Vietnamese and English, and text is handled the Vietnamese way."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from contest.i18n import TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
    "N_plural": (1, 2),
}
METHODS = [
    ("contest/**.py", "python"),
    ("judging/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]


@pytest.fixture(scope="module")
def source_messages() -> set[str]:
    """Every interface string marked in the code and templates."""
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_catalog_translates_every_interface_string(source_messages, language):
    """No string shows up untranslated: each one in the code has a translation."""
    with open(
        TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po", "rb"
    ) as handle:
        catalog = read_po(handle)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id
        and not m.fuzzy
        and all(m.string if isinstance(m.string, tuple) else (m.string,))
    }
    missing = sorted(source_messages - translated)
    assert missing == [], (
        f"untranslated in {language}: {missing[:10]} (run make i18n-extract, then translate)"
    )


def test_vietnamese_catalog_uses_precomposed_diacritics():
    """Translations are stored in NFC, so search and sorting see one spelling."""
    import unicodedata

    text = (TRANSLATIONS_DIR / "vi" / "LC_MESSAGES" / "messages.po").read_text(
        encoding="utf-8"
    )
    assert unicodedata.normalize("NFC", text) == text


def test_english_interface_is_complete_on_the_landing_page(client, make_edition):
    """After switching to English the page chrome has no Vietnamese interface words."""
    make_edition()
    client.get("/lang/en")
    html = client.get("/").get_data(as_text=True)
    assert (
        "Submissions are open until" in html and "Tracks" in html and "Timeline" in html
    )
    assert "Đang nhận bài" not in html and "Thời gian" not in html


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def test_vietnamese_translations_keep_every_placeholder():
    """A translation that drops or renames %(name)s would crash or lose data on the page."""
    with open(TRANSLATIONS_DIR / "vi" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    broken = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        wanted = set(PLACEHOLDER.findall(ids[0]))
        broken += [
            ids[0] for text in strings if set(PLACEHOLDER.findall(text)) != wanted
        ]
    assert broken == []


def test_compiled_catalogs_are_up_to_date():
    """`make test` compiles the catalogs first (`make translations`): none is stale."""
    from contest.i18n import stale_catalogs

    assert stale_catalogs() == [], "run `make translations`"


def test_app_start_reads_catalogs_and_never_writes_them(tmp_path, monkeypatch, caplog):
    """Starting the app writes nothing into the source tree: a missing or out-of-date
    catalog is named in a warning (run `make translations`), not compiled."""
    import os
    import shutil

    import contest.i18n
    from contest.app import create_app
    from contest.i18n import stale_catalogs

    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS_DIR, copy, ignore=shutil.ignore_patterns("*.mo"))
    (copy / "en/LC_MESSAGES/messages.mo").write_bytes(b"")
    older = (copy / "en/LC_MESSAGES/messages.po").stat().st_mtime - 60
    os.utime(copy / "en/LC_MESSAGES/messages.mo", (older, older))
    assert stale_catalogs(copy) == [
        copy / "en/LC_MESSAGES/messages.po",
        copy / "vi/LC_MESSAGES/messages.po",
    ]
    monkeypatch.setattr(contest.i18n, "TRANSLATIONS_DIR", copy)
    before = sorted(p.name for p in copy.rglob("*"))
    create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
            "TESTING": True,
        }
    )
    assert sorted(p.name for p in copy.rglob("*")) == before
    assert not (copy / "vi/LC_MESSAGES/messages.mo").exists()
    assert (copy / "en/LC_MESSAGES/messages.mo").read_bytes() == b""
    warned = [
        r.getMessage() for r in caplog.records if "make translations" in r.getMessage()
    ]
    assert len(warned) == 2
    assert "vi/LC_MESSAGES/messages.po" in warned[1]
