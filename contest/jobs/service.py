"""Job verbs for views and services: submit, retry, find the latest, describe."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from sqlalchemy import select

from contest.extensions import db
from contest.jobs.aftercommit import after_commit
from contest.jobs.registry import get_spec
from contest.models.job import Job, JobStatus
from contest.models.user import User

log = logging.getLogger("contest.jobs")


def get_backend(app=None):
    """This app's job backend (built on first use)."""
    from contest.jobs.backends import make_backend

    app = app or current_app._get_current_object()
    backend = app.extensions.get("jobs_backend")
    if backend is None:
        backend = app.extensions["jobs_backend"] = make_backend(app)
    return backend


def _enqueue_after_commit(job: Job) -> None:
    """Signal the backend once the job row is committed (never for a rollback)."""
    app = current_app._get_current_object()
    job_id = job.id

    def hand_over() -> None:
        try:
            get_backend(app).enqueue_job(job_id)
        except Exception as error:  # e.g. Redis down: the job row stays queued
            log.warning(
                "job %s not handed to the queue (%s): it stays queued, and a worker "
                "hands it over once the queue answers again",
                job_id,
                error,
            )

    after_commit(hand_over)


def submit_job(
    kind: str,
    params: dict[str, Any] | None = None,
    *,
    user: User | None = None,
    origin_url: str | None = None,
) -> Job:
    """Queue a job of a registered kind; it starts once the caller commits.

    `params` must be JSON-able; `origin_url` is the page that started the job (its
    progress page links back there).
    """
    if get_spec(kind) is None:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(
        kind=kind,
        params=dict(params or {}),
        status=JobStatus.QUEUED,
        created_by_id=user.id if user is not None else None,
        origin_url=origin_url,
    )
    db.session.add(job)
    db.session.flush()
    _enqueue_after_commit(job)
    return job


def retry_job(job: Job) -> bool:
    """Queue a failed job again (same row, same parameters); False if not failed."""
    if not job.can_retry:
        return False
    job.status = JobStatus.QUEUED
    job.progress = 0
    job.message = ""
    job.error = None
    job.result = None
    job.finished_at = None
    job.heartbeat_at = None
    db.session.flush()
    _enqueue_after_commit(job)
    return True


def latest_job(kind: str, **params: Any) -> Job | None:
    """The most recent job of a kind whose params include these values (or None).

    A page that starts a job uses it to show that job's progress when it is reopened.
    """
    rows = db.session.scalars(
        select(Job).where(Job.kind == kind).order_by(Job.id.desc()).limit(50)
    )
    for job in rows:
        if all((job.params or {}).get(k) == v for k, v in params.items()):
            return job
    return None
