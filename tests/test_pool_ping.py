"""Pooled database connections that died while they waited (PostgreSQL restarted).

The pool no longer pings every connection it hands out (``pool_pre_ping`` cost a
round trip per request); a connection idle for a few seconds is pinged and replaced
if dead (``contest.pool_ping``). A visitor must still get the page after the server
dropped every idle connection; and a connection dropped just after it was used fails
one request with the "try again" page, after which the site serves again by itself.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, text

from contest import pool_ping
from contest.extensions import db
from tests.conftest import page_text


@pytest.fixture
def postgres_app(app):
    """The app on PostgreSQL (skipped on SQLite: its connections do not die); the
    pool is emptied afterwards so that no dead connection outlives the test."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("only PostgreSQL drops idle connections")
    yield app
    with app.app_context():
        db.engine.dispose()


def drop_the_apps_connections(app) -> int:
    """What a server restart does to the pool: every other session of the app's
    database is terminated. Returns how many were."""
    with app.app_context():
        url = db.engine.url
    killer = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with killer.connect() as conn:
            return len(
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
            )
    finally:
        killer.dispose()


def later(monkeypatch, seconds: float) -> None:
    """Make the pool's clock read `seconds` later than now (connections look idle)."""
    real = time.monotonic
    monkeypatch.setattr(
        pool_ping, "time", SimpleNamespace(monotonic=lambda: real() + seconds)
    )


def test_idle_connections_dropped_by_the_server_are_replaced(
    postgres_app, client, monkeypatch
):
    """The landing page answers after the server dropped the pooled connections,
    once they have been idle longer than the ping threshold."""
    assert client.get("/").status_code == 200
    assert drop_the_apps_connections(postgres_app) >= 1
    later(monkeypatch, pool_ping.IDLE_PING_SECONDS + 1)

    page = client.get("/")

    assert page.status_code == 200
    assert "Hệ thống tạm thời gián đoạn" not in page_text(page)


def test_a_connection_dropped_right_after_use_fails_one_request_only(
    postgres_app, client
):
    """Dropped within the threshold, the connection is not pinged: that request gets
    the 503 "try again" page; the pool is invalidated and the next one is served."""
    assert client.get("/").status_code == 200
    assert drop_the_apps_connections(postgres_app) >= 1

    failed = client.get("/")
    served = client.get("/")

    assert failed.status_code == 503
    assert "Hệ thống tạm thời gián đoạn" in page_text(failed)
    assert served.status_code == 200
