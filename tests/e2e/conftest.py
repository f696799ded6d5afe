"""Browser tests: the app served on loopback, driven by Playwright in Debian's chromium.

Without chromium these tests are skipped with one line saying how to enable them;
with REQUIRE_E2E=1 (CI) a missing browser is a failure instead.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from contest.app import create_app
from contest.demo import DEMO_TITLE, load_demo
from contest.extensions import db, limiter
from contest.models import Edition, EntryChannel, User
from contest.services import entries as entry_service
from tests.conftest import STORY, app_test_config

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_ENABLE = (
    "browser tests need chromium: run `apt-get install chromium` (or set CHROMIUM_PATH)"
)


def pytest_collection_modifyitems(config, items):
    e2e_items = [item for item in items if "tests/e2e/" in str(item.fspath)]
    for item in e2e_items:
        item.add_marker(pytest.mark.e2e)
    if CHROMIUM:
        return
    if os.environ.get("REQUIRE_E2E"):
        raise pytest.UsageError(
            "REQUIRE_E2E is set but chromium was not found: " + HOW_TO_ENABLE
        )
    for item in e2e_items:
        item.add_marker(pytest.mark.skip(reason=HOW_TO_ENABLE))


DB_FILE = "e2e.sqlite3"


def live_config(instance: Path) -> dict:
    """The test config of a live app whose instance folder (SQLite file, uploads) is
    `instance`."""
    config = app_test_config(instance, f"sqlite:///{instance / DB_FILE}")
    config["WTF_CSRF_SSL_STRICT"] = False
    return config


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """An instance folder with the demo contest loaded, seeded once per session;
    each journey module's live app runs on a copy of it."""
    instance = tmp_path_factory.mktemp("e2e-template")
    application = create_app(live_config(instance))
    with application.app_context():
        db.create_all()
        load_demo()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()  # the last connection out checkpoints the write-ahead log
    return instance


def copy_instance(template: Path, instance: Path) -> None:
    """Copy the template's instance folder: the files as they are, the database
    through SQLite's online backup (a consistent copy whatever its journal holds)."""
    shutil.copytree(
        template,
        instance,
        ignore=shutil.ignore_patterns(f"{DB_FILE}*"),
        dirs_exist_ok=True,
    )
    source = sqlite3.connect(template / DB_FILE)
    target = sqlite3.connect(instance / DB_FILE)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


@pytest.fixture(scope="module")
def live_app(demo_template, tmp_path_factory):
    """The app with the demo contest loaded, on a SQLite file of this journey module
    alone (a copy of the session's seeded template): a journey neither sees nor
    leaves behind another journey's readings, scores, award lists or declarations."""
    instance = tmp_path_factory.mktemp("e2e-instance")
    copy_instance(demo_template, instance)
    application = create_app(live_config(instance))
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def live_server(live_app):
    """Serve this module's app on a free loopback port in a background thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) with the live server as base URL."""
    context = browser.new_context(base_url=live_server, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def fresh_rate_limits(request):
    """Each journey starts with fresh login counters: a module's journeys share one
    server and log the same demo accounts in many times a minute (the limits have
    their own tests)."""
    if "live_app" in request.fixturenames:
        with request.getfixturevalue("live_app").app_context():
            limiter.reset()


@pytest.fixture
def outbox(live_app):
    """Emails the live app sent."""
    return live_app.extensions.setdefault("mail_outbox", [])


@dataclass(frozen=True)
class LiveEntry:
    """An entry made in the live app's database."""

    id: int
    number: str
    title: str


@pytest.fixture
def live_entry(live_app):
    """Make a submitted entry in the live app's database, inside its app context: text,
    track, field, one author and a featured person, as a writer submits it online or
    a unit's focal point types in a paper entry (`by_unit`). The owner must exist;
    the entry is committed."""

    def make(
        edition_id: int,
        owner_email: str,
        *,
        title: str,
        text: str = STORY,
        track: int = 0,
        field: int = 0,
        genre: str = "Ký",
        author: str | None = None,
        phone: str = "0912 000 111",
        featured: entry_service.FeaturedData | None = None,
        by_unit: bool = False,
        key: str | None = None,
    ) -> LiveEntry:
        """`track` and `field` are positions in the edition's lists; the author is
        the owner unless named (a paper entry's author is not the focal point)."""
        with live_app.test_request_context():
            edition = db.session.get(Edition, edition_id)
            owner = db.session.scalar(select(User).where(User.email == owner_email))
            entry = entry_service.start_entry(
                owner,
                edition,
                key=key or f"live-entry-{owner.id}-{title}",
                channel=EntryChannel.UNIT if by_unit else EntryChannel.ONLINE,
                unit_id=owner.unit_id,
            )
            entry_service.save_draft(
                entry,
                owner,
                entry_service.EntryData(
                    title=title,
                    track_id=edition.tracks[track].id,
                    field_id=edition.fields[field].id,
                    genre=genre,
                    text=text,
                    authors=[
                        entry_service.AuthorData(
                            full_name=author or owner.full_name,
                            phone=phone,
                            email="" if author else owner.email,
                        )
                    ],
                    featured=[
                        featured
                        or entry_service.FeaturedData(
                            name="Nguyễn Thị Hoa",
                            unit_name="Phường Hàng Bạc",
                            summary="Nấu cơm miễn phí",
                        )
                    ],
                ),
            )
            entry.declaration_accepted = True
            entry_service.submit(entry, owner, datetime.now(UTC))
            db.session.commit()
            return LiveEntry(entry.id, entry.number, entry.title)

    return make


@pytest.fixture
def demo_judging_done(live_app):
    """The demo edition with its entry deadline passed and every round closed, as
    the stage model requires before an award list goes to the chair (the module's
    database is its own: nothing to give back afterwards)."""
    with live_app.app_context():
        edition = db.session.scalar(select(Edition).where(Edition.title == DEMO_TITLE))
        now = datetime.now(UTC)
        edition.submission_closes_at = now - timedelta(minutes=5)
        edition.unit_deadline_at, edition.grace_minutes = None, 0
        for position, round_ in enumerate(edition.rounds):
            round_.opened_at = round_.opened_at or now - timedelta(minutes=4)
            round_.closed_at = round_.closed_at or now - timedelta(minutes=3)
            if position < len(edition.rounds) - 1:
                round_.advanced_at = round_.advanced_at or round_.closed_at
        db.session.commit()
