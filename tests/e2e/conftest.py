"""Browser tests: the app served on loopback, driven by Playwright in Debian's chromium.

Without chromium these tests are skipped with one line saying how to enable them;
with REQUIRE_E2E=1 (CI) a missing browser is a failure instead.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from contest import create_app
from contest.extensions import db, limiter
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
