"""Background jobs and the worker side of the email outbox.

Public API: `@job("area.verb")` registers a job function; `submit_job(...)` queues one
(it starts after the caller commits); `retry_job(job)`; `latest_job(kind, **params)`;
`JobContext.progress(percent, message)`; `JobError` for readable failures. Backend:
worker threads by default, RQ on Redis when REDIS_URL is set (`flask jobs worker`).
"""

from __future__ import annotations

import os

from flask import Flask, request

from contest.jobs.aftercommit import after_commit, uncommitted_callbacks
from contest.jobs.registry import JobError, get_spec, job, job_title
from contest.jobs.runner import JobContext, reap_stale_jobs, run_job
from contest.jobs.service import get_backend, latest_job, retry_job, submit_job

__all__ = [
    "JobContext",
    "JobError",
    "after_commit",
    "get_backend",
    "get_spec",
    "init_app",
    "job",
    "job_title",
    "latest_job",
    "reap_stale_jobs",
    "retry_job",
    "run_job",
    "submit_job",
]


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def init_app(app: Flask) -> None:
    """Settle the jobs/outbox settings and start in-process workers with the first request."""
    config = app.config
    config.setdefault("REDIS_URL", os.environ.get("REDIS_URL") or None)
    config.setdefault(
        "JOBS_BACKEND",
        os.environ.get("JOBS_BACKEND") or ("rq" if config["REDIS_URL"] else "thread"),
    )
    config.setdefault("JOBS_QUEUE", os.environ.get("JOBS_QUEUE", "contest"))
    config.setdefault("JOBS_AUTOSTART", not app.testing)
    config.setdefault("JOBS_POLL_SECONDS", _env_number("JOBS_POLL_SECONDS", 5))
    config.setdefault(
        "JOBS_HEARTBEAT_SECONDS", _env_number("JOBS_HEARTBEAT_SECONDS", 10)
    )
    config.setdefault("JOBS_LEASE_SECONDS", _env_number("JOBS_LEASE_SECONDS", 120))
    config.setdefault(
        "JOBS_TIMEOUT_SECONDS", int(_env_number("JOBS_TIMEOUT_SECONDS", 6 * 3600))
    )
    # `flask jobs worker` runs at this lower CPU priority (nice), 0 to keep it, and
    # (Linux) in the idle scheduling class: it runs when the web servers leave a CPU.
    config.setdefault("JOBS_WORKER_NICE", int(_env_number("JOBS_WORKER_NICE", 10)))
    config.setdefault("JOBS_WORKER_IDLE", _env_number("JOBS_WORKER_IDLE", 1) != 0)
    # Tests read sent mail right after the request: deliver at commit with "memory".
    config.setdefault(
        "OUTBOX_DELIVERY",
        "inline" if config.get("MAIL_BACKEND") == "memory" else "worker",
    )
    config.setdefault("OUTBOX_MAX_ATTEMPTS", int(_env_number("OUTBOX_MAX_ATTEMPTS", 6)))
    config.setdefault(
        "OUTBOX_BACKOFF_SECONDS", _env_number("OUTBOX_BACKOFF_SECONDS", 60)
    )
    config.setdefault("OUTBOX_LEASE_SECONDS", _env_number("OUTBOX_LEASE_SECONDS", 300))

    import contest.jobs.demo  # noqa: F401  (registers the demo job kind)

    @app.after_request
    def _warn_uncommitted(response):
        # An email or job queued by a view that never commits is silently dropped.
        if uncommitted_callbacks():
            app.logger.error(
                "%s %s queued emails or jobs but did not commit: they are dropped",
                request.method,
                request.path,
            )
        return response

    if config["JOBS_AUTOSTART"]:
        started = []

        @app.before_request
        def _start_workers() -> None:
            # First request, not app creation: `flask db upgrade` must not start threads.
            if not started:
                started.append(True)
                get_backend(app).start()
