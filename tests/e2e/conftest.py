"""Browser tests: the app served on loopback, driven by Playwright in Debian's chromium.

Without chromium these tests are skipped with one line saying how to enable them;
with REQUIRE_E2E=1 (CI) a missing browser is a failure instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from werkzeug.serving import make_server

from contest.app import create_app
from contest.demo import DEMO_DOMAIN, DEMO_TITLE
from contest.extensions import db, limiter
from contest.models import Edition, User
from judging.awards.models.lists import AwardList, AwardStage
from judging.awards.services import lists as award_service
from tests.conftest import app_test_config

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


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on a real SQLite file, with the demo contest loaded."""
    instance = tmp_path_factory.mktemp("e2e-instance")
    config = app_test_config(instance, f"sqlite:///{instance / 'e2e.sqlite3'}")
    config["WTF_CSRF_SSL_STRICT"] = False
    application = create_app(config)
    with application.app_context():
        db.create_all()
        from contest.demo import load_demo

        load_demo()
        db.session.commit()
    return application


@pytest.fixture(scope="session")
def live_server(live_app):
    """Serve the app on a free loopback port in a background thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


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
    """Each journey starts with fresh login counters: the journeys share one server and
    log the same demo accounts in many times a minute (the limits have their own tests)."""
    if "live_app" in request.fixturenames:
        with request.getfixturevalue("live_app").app_context():
            limiter.reset()


@pytest.fixture
def outbox(live_app):
    """Emails the live app sent."""
    return live_app.extensions.setdefault("mail_outbox", [])


@pytest.fixture
def demo_judging_done(live_app):
    """The demo edition with its entry deadline passed and every round closed, as
    the stage model requires before an award list goes to the chair; given back as
    it was afterwards (publication withdrawn, entries' statuses restored), since the
    other journeys use the demo edition while it accepts entries."""
    with live_app.app_context():
        edition = db.session.scalar(select(Edition).where(Edition.title == DEMO_TITLE))
        saved = (
            edition.submission_closes_at,
            edition.unit_deadline_at,
            edition.grace_minutes,
        )
        rounds = [(r.opened_at, r.closed_at, r.advanced_at) for r in edition.rounds]
        now = datetime.now(UTC)
        edition.submission_closes_at = now - timedelta(minutes=5)
        edition.unit_deadline_at, edition.grace_minutes = None, 0
        for position, round_ in enumerate(edition.rounds):
            round_.opened_at = round_.opened_at or now - timedelta(minutes=4)
            round_.closed_at = round_.closed_at or now - timedelta(minutes=3)
            if position < len(edition.rounds) - 1:
                round_.advanced_at = round_.advanced_at or round_.closed_at
        db.session.commit()
        edition_id = edition.id
    yield
    with live_app.test_request_context():
        edition = db.session.get(Edition, edition_id)
        award = award_service.award_list_of(edition)
        if award is not None and award.stage == AwardStage.PUBLISHED:
            organizer = db.session.scalar(
                select(User).where(User.email == f"bantochuc@{DEMO_DOMAIN}")
            )
            award_service.reopen(organizer, award, None, "Hết bài thử")
        db.session.flush()
        db.session.execute(delete(AwardList).where(AwardList.edition_id == edition_id))
        (
            edition.submission_closes_at,
            edition.unit_deadline_at,
            edition.grace_minutes,
        ) = saved
        for round_, (opened, closed, advanced) in zip(
            edition.rounds, rounds, strict=True
        ):
            round_.opened_at, round_.closed_at, round_.advanced_at = (
                opened,
                closed,
                advanced,
            )
        db.session.commit()
