"""Background jobs and the worker side of the email outbox.

Public API: `@job("area.verb")` registers a job function; `submit_job(...)` queues one
(it starts after the caller commits); `retry_job(job)`; `latest_job(kind, **params)`;
`JobContext.progress(percent, message)`; `JobError` for readable failures. Backend:
worker threads by default, RQ on Redis when REDIS_URL is set (`flask jobs worker`).
"""

from __future__ import annotations

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


def init_app(app: Flask) -> None:
    """Settle the jobs/outbox settings and start in-process workers with the first request.

    The settings and their defaults are in ``contest.config.jobs_config``; here only
    those whose default depends on other settings (``None`` there) are decided.
    """
    config = app.config
    if not config.get("JOBS_BACKEND"):
        config["JOBS_BACKEND"] = "rq" if config.get("REDIS_URL") else "thread"
    if config.get("JOBS_AUTOSTART") is None:
        config["JOBS_AUTOSTART"] = not app.testing
    if config.get("OUTBOX_DELIVERY") is None:
        # Tests read sent mail right after the request: deliver at commit with "memory".
        config["OUTBOX_DELIVERY"] = (
            "inline" if config.get("MAIL_BACKEND") == "memory" else "worker"
        )

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
