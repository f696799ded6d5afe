"""Health endpoints, request ids, structured request logs, and the database-down page."""

from __future__ import annotations

import json
import logging

import pytest

from contest.app import create_app
from contest.models import Role
from tests.conftest import app_test_config, page_text

UNREACHABLE_POSTGRES = "postgresql://postgres@127.0.0.1:1/nowhere"


class Collect(logging.Handler):
    """Keeps the records of one logger for a test."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def request_lines():
    """The JSON request-log lines written during the test."""
    logger = logging.getLogger("contest.request")
    handler = Collect()
    logger.addHandler(handler)
    yield lambda: [json.loads(r.getMessage()) for r in handler.records]
    logger.removeHandler(handler)


@pytest.fixture
def app_without_database(tmp_path):
    """An app whose database server does not answer (connection refused)."""
    return create_app(app_test_config(tmp_path, UNREACHABLE_POSTGRES))


def test_healthz_answers_without_login(client):
    """A load balancer sees the process is up: 200 JSON, no login needed."""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_checks_the_database(client):
    """With the database up, the app says it is ready for traffic."""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok"}


def test_readyz_stays_ready_but_degraded_when_redis_is_down(app, client):
    """A configured Redis that does not answer is reported, but the server stays in
    the load balancer (200): rate limits and jobs degrade, pages still work."""
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "degraded",
        "checks": {"database": "ok", "redis": "unavailable"},
    }


def test_database_down_gives_503_not_a_hang(app_without_database):
    """No database: /readyz says 503, and pages show a short "try again" page."""
    client = app_without_database.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["database"] == "unavailable"
    page = client.get("/", headers={"X-Request-ID": "proxy-42"})
    assert page.status_code == 503
    assert "Hệ thống tạm thời gián đoạn" in page_text(page)
    assert "proxy-42" in page_text(page)
    assert page.headers["Retry-After"] == "30"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("abc-123.x", True),
        ("evil header<script>", False),
        ("x" * 500, False),
        ("", False),
    ],
)
def test_request_id_is_honoured_when_sane(client, sent, kept):
    """The proxy's request id comes back; a malformed one is replaced by a fresh id."""
    response = client.get("/healthz", headers={"X-Request-ID": sent} if sent else {})
    returned = response.headers["X-Request-ID"]
    assert (returned == sent) is kept
    assert returned and " " not in returned


def test_one_json_log_line_per_request_with_the_user(client, login_as, request_lines):
    """Each request logs id, method, path, status, duration and user as JSON."""
    person = login_as(Role.WRITER)
    response = client.get("/account/", headers={"X-Request-ID": "req-7"})
    line = request_lines()[-1]
    assert line["request_id"] == "req-7" == response.headers["X-Request-ID"]
    assert (line["method"], line["path"]) == ("GET", "/account/")
    assert line["status"] == response.status_code
    assert line["user_id"] == person.id
    assert isinstance(line["duration_ms"], float)


def test_an_error_shows_and_logs_its_request_id(tmp_path, caplog):
    """A crash shows the user a reference; the same id is in the error log."""
    app = create_app(
        app_test_config(tmp_path, f"sqlite:///{tmp_path / 'errors.sqlite3'}")
    )

    @app.route("/boom")
    def boom():
        raise RuntimeError("kaboom")

    with caplog.at_level(logging.ERROR, logger="contest"):
        response = app.test_client().get("/boom", headers={"X-Request-ID": "err-99"})
    assert response.status_code == 500
    assert "err-99" in page_text(response)
    assert any("err-99" in record.getMessage() for record in caplog.records)
