"""Running one job: claim it, run its function with a progress context, record the end.

Every state change of the Job row outside the job's own transaction goes through a
short transaction of its own (`engine.begin()`), so progress is visible while the job
works and the job's own writes stay invisible until the runner commits them together
with the "succeeded" mark.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import event, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from contest.extensions import commit_keeping_loaded, db
from contest.jobs.registry import JobError, get_spec
from contest.models.job import Job, JobStatus
from contest.models.types import utcnow

log = logging.getLogger("contest.jobs")
JOBS = Job.__table__

# Reasons the runner itself gives; the pages translate them (see contest.jobs.views).
WORKER_LOST = "worker-lost"
UNKNOWN_KIND = "unknown-kind"
QUEUE_UNREACHABLE = "queue-unreachable"
INTERRUPTED = "interrupted"
UNEXPECTED_PREFIX = "unexpected: "
_WROTE = "contest_job_wrote"


@event.listens_for(Session, "after_flush")
def _note_write(session: Session, _context) -> None:
    # SQLite needs to know whether the job's transaction holds writes (see progress()).
    session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_write(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WROTE, None)


def worker_name() -> str:
    """host:pid of this process, stored on the jobs it runs (for the operator)."""
    return f"{socket.gethostname()}:{os.getpid()}"


class JobContext:
    """What a job function gets: its parameters and a way to report progress."""

    def __init__(self, job_id: int, params: dict, engine: Engine) -> None:
        self.job_id = job_id
        self.params = params
        self.message = ""
        self._engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._last_write = 0.0
        self._last_percent = -1

    def progress(self, percent: float, message: str = "") -> None:
        """Report how far the job is (0–100) and what it is doing now.

        Also proves the job is alive. On SQLite, call it at least every half lease
        (JOBS_LEASE_SECONDS / 2), since it is the only heartbeat there.
        """
        percent = max(0, min(100, int(percent)))
        self.message = message[:300]
        now = time.monotonic()
        if percent == self._last_percent and now - self._last_write < 1.0:
            return  # don't hammer the database with identical updates
        if self._sqlite and not self._end_read_transaction():
            return  # the job holds uncommitted writes: SQLite has one writer at a time
        self._last_percent, self._last_write = percent, now
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    update(JOBS)
                    .where(JOBS.c.id == self.job_id)
                    .values(
                        progress=percent, message=self.message, heartbeat_at=utcnow()
                    )
                )
        except OperationalError:
            log.warning("job %s: progress not recorded (database busy)", self.job_id)

    def _end_read_transaction(self) -> bool:
        """SQLite: end the job's read-only transaction before another connection writes.

        A read transaction that later writes fails on SQLite ("database is locked") if
        another connection committed in between; ending it first avoids that. Loaded
        objects stay loaded (no expiry). Returns False if the job has pending writes.
        """
        session = db.session()
        if session.new or session.dirty or session.deleted or session.info.get(_WROTE):
            return False
        commit_keeping_loaded()
        return True


class _Heartbeat(threading.Thread):
    """Moves the job's heartbeat while its function runs (not on SQLite: see progress)."""

    def __init__(self, engine: Engine, job_id: int, interval: float) -> None:
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.engine, self.job_id, self.interval = engine, job_id, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        update(JOBS)
                        .where(JOBS.c.id == self.job_id)
                        .where(JOBS.c.status == JobStatus.RUNNING)
                        .values(heartbeat_at=utcnow())
                    )
            except Exception:  # a missed beat is harmless; the next one may work
                log.warning("job %s: heartbeat failed", self.job_id, exc_info=True)


def claim_job(engine: Engine, job_id: int, worker: str) -> bool:
    """Move a queued job to running; False if another worker got it first (or gone)."""
    return _claim(engine, job_id, worker) is not None


def _claim(engine: Engine, job_id: int, worker: str):
    """Move a queued job to running; its (kind, params), or None if another worker
    got it first (or it is gone). One statement: the claim returns what it took."""
    now = utcnow()
    with engine.begin() as conn:
        return conn.execute(
            update(JOBS)
            .where(JOBS.c.id == job_id, JOBS.c.status == JobStatus.QUEUED)
            .values(
                status=JobStatus.RUNNING,
                started_at=now,
                heartbeat_at=now,
                finished_at=None,
                attempts=JOBS.c.attempts + 1,
                worker=worker[:120],
                progress=0,
                message="",
                error=None,
                result=None,
            )
            .returning(JOBS.c.kind, JOBS.c.params)
        ).first()


def mark_failed(engine: Engine, job_id: int, reason: str) -> None:
    """Record a job as failed with a reason (kept short), unless it already ended."""
    with engine.begin() as conn:
        conn.execute(
            update(JOBS)
            .where(
                JOBS.c.id == job_id,
                JOBS.c.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
            )
            .values(status=JobStatus.FAILED, error=reason[:2000], finished_at=utcnow())
        )


def reap_stale_jobs(engine: Engine, lease_seconds: float) -> int:
    """Settle running jobs whose heartbeat is older than the lease (their worker died):
    queued again if their kind allows retries and some are left, else failed.

    Looks first and writes only when there is such a job: the jobs pages call this
    on GET, which must not write when there is nothing to repair.
    """
    cutoff = utcnow() - timedelta(seconds=lease_seconds)
    stale = (JOBS.c.status == JobStatus.RUNNING) & or_(
        JOBS.c.heartbeat_at < cutoff, JOBS.c.heartbeat_at.is_(None)
    )
    with engine.connect() as conn:
        found = conn.execute(
            select(JOBS.c.id, JOBS.c.kind, JOBS.c.attempts).where(stale)
        ).all()
    if not found:
        return 0
    again = [
        job_id
        for job_id, kind, attempts in found
        if (spec := get_spec(kind)) is not None and attempts <= spec.retries
    ]
    with engine.begin() as conn:
        requeued = conn.execute(
            update(JOBS)
            .where(stale, JOBS.c.id.in_(again))
            .values(
                status=JobStatus.QUEUED,
                message=WORKER_LOST,
                started_at=None,
                heartbeat_at=None,
                worker=None,
            )
        ).rowcount
        failed = conn.execute(
            update(JOBS)
            .where(stale, JOBS.c.id.not_in(again))
            .values(status=JobStatus.FAILED, error=WORKER_LOST, finished_at=utcnow())
        ).rowcount
    if requeued:
        log.warning("%d stale job(s) queued again", requeued)
    if failed:
        log.warning("%d stale job(s) marked failed", failed)
    return requeued + failed


def _reason(error: BaseException) -> str:
    """The stored reason: the message of a JobError, else the exception in short."""
    if isinstance(error, JobError):
        return str(error) or UNEXPECTED_PREFIX + type(error).__name__
    if not isinstance(error, Exception):
        return INTERRUPTED
    return f"{UNEXPECTED_PREFIX}{type(error).__name__}: {error}"[:500]


def run_job(app: Flask, job_id: int, worker: str | None = None) -> JobStatus | None:
    """Run one queued job to its end; None if it was not ours to run."""
    with app.app_context():
        engine = db.engine
        claimed = _claim(engine, job_id, worker or worker_name())
        if claimed is None:
            return None
        beat: _Heartbeat | None = None
        try:
            kind, params = claimed
            spec = get_spec(kind)
            if spec is None:
                raise JobError(UNKNOWN_KIND)
            context = JobContext(job_id, dict(params or {}), engine)
            if engine.dialect.name != "sqlite":
                beat = _Heartbeat(engine, job_id, app.config["JOBS_HEARTBEAT_SECONDS"])
                beat.start()
            result = spec.func(context)
            if context._sqlite:
                context._end_read_transaction()  # no-op when the job wrote
            return _finish(job_id, result, context.message)
        except BaseException as error:
            db.session.rollback()
            mark_failed(engine, job_id, _reason(error))
            log.error("job %s failed", job_id, exc_info=isinstance(error, Exception))
            if not isinstance(error, Exception):
                raise  # the worker is being stopped: let it stop
            return JobStatus.FAILED
        finally:
            if beat is not None:
                beat.stopped.set()
            db.session.remove()


def _finish(job_id: int, result: Any, message: str) -> JobStatus:
    """Commit the job's writes with the success mark, or drop them if it was reaped."""
    done = db.session.execute(
        update(JOBS)
        .where(JOBS.c.id == job_id, JOBS.c.status == JobStatus.RUNNING)
        .values(
            status=JobStatus.SUCCEEDED,
            progress=100,
            message=message,
            result=result
            if result is None or isinstance(result, dict)
            else {"value": result},
            finished_at=utcnow(),
            heartbeat_at=utcnow(),
            error=None,
        )
    )
    if done.rowcount != 1:
        # Declared dead meanwhile (stale lease): its result must not appear as complete.
        db.session.rollback()
        log.warning("job %s finished after its lease ended; result dropped", job_id)
        return JobStatus.FAILED
    db.session.commit()
    return JobStatus.SUCCEEDED
