"""Request ids, one structured (JSON) log line per request, and the database-down page.

Every request gets an id: the incoming X-Request-ID when it looks sane (set by the
proxy), else a new one. It goes back in the response header, into every app log line
of the request, and onto the error page, so a user's screenshot leads to the log.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import time
import uuid
from html import escape

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError

from contest.extensions import db

HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
request_log = logging.getLogger("contest.request")


def current_request_id() -> str | None:
    """This request's id (created on first use), or None outside a request."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        g.request_id = incoming_or_new_id(request.headers.get(HEADER, ""))
    return g.request_id


def incoming_or_new_id(incoming: str) -> str:
    """The proxy's request id when it looks sane, else a new one."""
    return incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to log records, and to the message of the app's own records."""

    def __init__(self, tag_message: bool) -> None:
        super().__init__()
        self.tag_message = tag_message

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id()
        record.request_id = request_id
        if request_id and self.tag_message and not getattr(record, "_rid", False):
            record.msg, record.args = (
                f"{record.getMessage()} [request_id={request_id}]",
                (),
            )
            record._rid = True
        return True


def _user_id() -> int | None:
    """The logged-in user's id if the request loaded one (never queries the database).

    Only the identity key is read: after the database-down handler's rollback the
    user's attributes are expired, and `is_authenticated` would reload them (a query
    on a dead connection, raised from after_request: a bare 500 instead of the 503).
    """
    user = g.get("_login_user")
    if user is None:
        return None
    try:
        identity = inspect(user).identity  # anonymous users are not mapped: raises
    except Exception:
        return None
    return identity[0] if identity else None


def _log_line(response: Response) -> Response:
    request_id = current_request_id()
    response.headers[HEADER] = request_id
    started = g.get("request_started")
    record = {
        "event": "request",
        "request_id": request_id,
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1)
        if started
        else None,
        "user_id": _user_id(),
        "remote_addr": request.remote_addr,
    }
    request_log.info(json.dumps(record, ensure_ascii=False))
    return response


def log_served(environ: dict, status: str, started: float, request_id: str) -> None:
    """The log line of a page the page cache answered (no Flask request): the same
    fields as `_log_line`'s, without a user (only anonymous visitors get one)."""
    path = environ.get("PATH_INFO", "").encode("latin1").decode(errors="replace")
    record = {
        "event": "request",
        "request_id": request_id,
        "method": environ.get("REQUEST_METHOD"),
        "path": "/" + path.lstrip("/"),
        "status": int(status.split(" ", 1)[0]),
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "user_id": None,
        "remote_addr": environ.get("REMOTE_ADDR"),
    }
    request_log.info(json.dumps(record, ensure_ascii=False))


UNAVAILABLE_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>503</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<h1>Hệ thống tạm thời gián đoạn</h1>
<p>Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.</p>
<h2 lang="en">Service temporarily unavailable</h2>
<p lang="en">The database cannot be reached right now. Please try again in a few minutes.</p>
<p><small>Mã tham chiếu / Reference: {request_id}</small></p>
</main></body></html>
"""


def _database_unavailable(error: OperationalError):
    """503 page without touching the database (no user, no session language)."""
    logging.getLogger("contest").error("database unavailable: %s", error.orig)
    # The connection may be gone: SQLAlchemy invalidated the pool on the disconnect.
    with contextlib.suppress(Exception):
        db.session.rollback()
    page = UNAVAILABLE_PAGE.format(request_id=escape(current_request_id() or ""))
    return Response(
        page, status=503, headers={"Retry-After": "30"}, mimetype="text/html"
    )


def _close_session(_error: BaseException | None) -> None:
    """End the request's session without letting a dead connection fail the answer.

    Closing rolls back on the connection; if the server went away during the request
    (a restart), that raises from the teardown, after the view or the 503 page has
    answered, and gunicorn replaces the answer with a bare 500. What the view
    committed is committed; the pool discards the broken connection.
    """
    try:
        db.session.remove()
    except Exception as error:
        logging.getLogger("contest").warning(
            "database connection lost while closing the session: %s", error
        )
        with contextlib.suppress(Exception):
            db.session.registry.clear()


def register(app: Flask) -> None:
    """Install request ids, the JSON request log, and the database-down handler."""
    request_log.setLevel(logging.INFO)
    request_log.propagate = False  # one clean JSON line, not wrapped in another format
    enabled = app.config.get("REQUEST_LOG")
    if enabled is None:  # the default: on, except in tests
        enabled = not app.testing
    if enabled and not request_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        request_log.addHandler(handler)
    for logger, tag in ((app.logger, True), (request_log, False)):
        if not any(isinstance(f, RequestIdFilter) for f in logger.filters):
            logger.addFilter(RequestIdFilter(tag_message=tag))

    @app.before_request
    def _start() -> None:
        g.request_started = time.perf_counter()
        current_request_id()

    app.after_request(_log_line)
    app.register_error_handler(OperationalError, _database_unavailable)
    # Registered after Flask-SQLAlchemy's, so it runs first (teardowns run in reverse).
    app.teardown_appcontext(_close_session)

    @app.context_processor
    def _request_id() -> dict:
        return {"request_id": current_request_id()}
