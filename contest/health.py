"""Health endpoints for load balancers and orchestrators: /healthz and /readyz."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from contest.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger("contest.health")


@bp.route("/healthz")
def healthz():
    """The process is up and answering (no dependency is checked)."""
    return jsonify(status="ok")


def _check_database() -> bool:
    """True if the database answers a trivial query."""
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        log.warning("readiness: database unreachable", exc_info=True)
        return False


def _check_redis(url: str) -> bool:
    """True if Redis answers PING within a short timeout."""
    from redis import Redis

    try:
        client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        log.warning("readiness: redis unreachable", exc_info=True)
        return False


@bp.route("/readyz")
def readyz():
    """Ready for traffic while the database answers (else 503).

    Redis, when configured, is reported but does not decide: without it rate limits
    count per process and jobs wait queued until it is back, so a Redis outage must
    not take every app server out of the load balancer. No error details here (the
    page is public; the log has them).
    """
    checks = {"database": "ok" if _check_database() else "unavailable"}
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        checks["redis"] = "ok" if _check_redis(redis_url) else "unavailable"
    ready = checks["database"] == "ok"
    degraded = ready and "unavailable" in checks.values()
    status = "degraded" if degraded else "ready" if ready else "unavailable"
    response = jsonify(status=status, checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
