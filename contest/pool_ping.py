"""Checking pooled database connections at checkout only when they sat idle.

SQLAlchemy's ``pool_pre_ping`` sends a ``SELECT 1`` each time a request takes a
connection from the pool: a round trip and ~0.3 ms of CPU on every request, to guard
against a connection that died while it waited (the database restarted, a firewall
or ``idle_session_timeout`` dropped it). A connection handed back a moment ago by
the previous request is almost never dead, and if it is (the server restarted
between two requests seconds apart), the request fails with the 503 "try again"
page, SQLAlchemy invalidates the whole pool on that disconnect, and the next
request connects afresh. So the ping is kept where it pays: a connection idle for
``IDLE_PING_SECONDS`` or more is pinged, and replaced if the ping fails
(``DisconnectionError`` makes the pool retry with a new connection).
"""

from __future__ import annotations

import time

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

IDLE_PING_SECONDS = 5.0
_RETURNED_AT = "contest_returned_at"


def ping_idle_connections(engine: Engine, idle_seconds: float = IDLE_PING_SECONDS):
    """Ping a connection at checkout when it was returned `idle_seconds` ago or more
    (a fresh connection is not pinged: it was just opened)."""

    def returned(_dbapi_connection, record) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    def taken(dbapi_connection, record, _proxy) -> None:
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            record.info.pop(_RETURNED_AT, None)
            raise DisconnectionError(f"idle connection is gone: {error}") from error

    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", taken)
