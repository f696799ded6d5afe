"""The two job backends behind one interface: worker threads (default) and RQ on Redis.

Both only carry "job N is ready" and "emails are waiting" signals; the Job and
OutboxMessage rows in the database hold all the state, so either backend shows the
same pages and a job is run once even if it is signalled twice (claims are atomic).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

from flask import Flask
from sqlalchemy import select

from contest.extensions import db
from contest.jobs.runner import JOBS, reap_stale_jobs, run_job, worker_name
from contest.models.job import JobStatus
from contest.models.types import utcnow

log = logging.getLogger("contest.jobs")


class Backend(Protocol):
    """What the app needs from a job backend."""

    name: str

    def enqueue_job(self, job_id: int) -> None:
        """Signal that the committed, queued job `job_id` should run."""

    def kick_outbox(self) -> None:
        """Signal that committed emails are waiting to be sent."""

    def start(self) -> None:
        """Start in-process workers, if this backend has any."""

    def stop(self, timeout: float = 10.0) -> None:
        """Stop in-process workers, if any (tests, shutdown)."""


def next_queued_job(app: Flask) -> int | None:
    """The oldest queued job's id, or None."""
    with app.app_context(), db.engine.connect() as conn:
        return conn.scalar(
            select(JOBS.c.id)
            .where(JOBS.c.status == JobStatus.QUEUED)
            .order_by(JOBS.c.created_at, JOBS.c.id)
            .limit(1)
        )


def run_queued_jobs(app: Flask, stop: threading.Event | None = None) -> int:
    """Run queued jobs one after another until none is left; how many ran here."""
    ran = 0
    while not (stop and stop.is_set()):
        job_id = next_queued_job(app)
        if job_id is None:
            return ran
        if run_job(app, job_id, worker_name()) is not None:
            ran += 1
    return ran


def sweep(app: Flask) -> None:
    """Periodic chores of any worker: fail dead jobs, send emails that are due."""
    from contest.mail import deliver_due

    with app.app_context():
        reap_stale_jobs(db.engine, app.config["JOBS_LEASE_SECONDS"])
        backend = app.extensions.get("jobs_backend")
        if isinstance(backend, RQBackend):
            backend.hand_over_stranded()
    deliver_due(app)


class ThreadBackend:
    """Runs jobs and sends email in daemon threads of this process (no extra service).

    The threads poll the database, so queued jobs and unsent emails left by a restart
    are picked up again; a signal only wakes them early.
    """

    name = "thread"

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._stop = threading.Event()
        self._job_wake = threading.Event()
        self._mail_wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    # Signals never start threads: a CLI command that queues a job must not run it in
    # a process about to exit. The web process (first request) or `flask jobs worker`
    # runs the threads; they also poll, so nothing waits longer than a poll interval.
    def enqueue_job(self, job_id: int) -> None:
        """Wake the job thread, if this process runs one."""
        self._job_wake.set()

    def kick_outbox(self) -> None:
        """Wake the mail thread, if this process runs one."""
        self._mail_wake.set()

    def start(self) -> None:
        """Start the job and mail threads once."""
        with self._lock:
            if self._threads:
                return
            self._stop.clear()
            for name, step, wake in (
                ("contest-jobs", self._job_step, self._job_wake),
                ("contest-mail", self._mail_step, self._mail_wake),
            ):
                thread = threading.Thread(
                    target=self._loop, args=(step, wake), name=name, daemon=True
                )
                thread.start()
                self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the threads to stop after their current step, and wait for them."""
        with self._lock:
            self._stop.set()
            self._job_wake.set()
            self._mail_wake.set()
            for thread in self._threads:
                thread.join(timeout)
            self._threads = []

    @property
    def running(self) -> bool:
        """True while the threads are alive."""
        return any(thread.is_alive() for thread in self._threads)

    def _loop(self, step: Callable[[], None], wake: threading.Event) -> None:
        poll = self.app.config["JOBS_POLL_SECONDS"]
        while not self._stop.is_set():
            wake.clear()  # cleared before looking, so a signal during the step counts
            try:
                step()
            except Exception:  # e.g. database briefly down: try again at the next poll
                log.exception(
                    "background %s step failed", threading.current_thread().name
                )
            wake.wait(poll)

    def _job_step(self) -> None:
        with self.app.app_context():
            reap_stale_jobs(db.engine, self.app.config["JOBS_LEASE_SECONDS"])
        run_queued_jobs(self.app, self._stop)

    def _mail_step(self) -> None:
        from contest.mail import deliver_due

        while not self._stop.is_set() and deliver_due(self.app):
            pass  # a full batch was sent: look for more at once


class RQBackend:
    """Hands jobs to RQ workers through Redis (`flask jobs worker` runs them)."""

    name = "rq"

    def __init__(self, app: Flask) -> None:
        from redis import Redis
        from rq import Queue

        self.app = app
        self.redis = Redis.from_url(
            app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5
        )
        self.queue = Queue(app.config["JOBS_QUEUE"], connection=self.redis)

    @staticmethod
    def rq_id(job_id: int) -> str:
        """The id of job N's task in RQ (one per job: a second hand-over replaces it)."""
        return f"contest-job-{job_id}"

    def enqueue_job(self, job_id: int) -> None:
        """Put "run job N" on the queue."""
        self.queue.enqueue(
            "contest.jobs.rq_tasks.run_job_task",
            job_id,
            job_id=self.rq_id(job_id),
            job_timeout=self.app.config["JOBS_TIMEOUT_SECONDS"],
            result_ttl=0,  # the outcome lives in the Job row
            failure_ttl=7 * 24 * 3600,
            description=f"contest job {job_id}",
        )

    def hand_over_stranded(self) -> int:
        """Queue again the queued jobs RQ does not hold (Redis was down when they were
        queued, or lost its data); how many. Running twice is harmless: a worker only
        runs a job it claims in the database."""
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as RQJob

        settled = utcnow() - timedelta(seconds=2 * self.app.config["JOBS_POLL_SECONDS"])
        waiting = db.session.scalars(
            select(JOBS.c.id).where(
                JOBS.c.status == JobStatus.QUEUED, JOBS.c.created_at < settled
            )
        ).all()
        db.session.rollback()  # end the read before talking to Redis
        handed = 0
        for job_id in waiting:
            try:
                status = RQJob.fetch(
                    self.rq_id(job_id), connection=self.redis
                ).get_status()
            except NoSuchJobError:
                status = None
            if status not in ("queued", "started", "deferred", "scheduled"):
                self.enqueue_job(job_id)
                handed += 1
        if handed:
            log.warning("%d queued job(s) handed to the queue again", handed)
        return handed

    @property
    def _outbox_flag(self) -> str:
        return f"contest:outbox-kick:{self.queue.name}"

    def kick_outbox(self) -> None:
        """Put "send due emails" on the queue, unless such a task is already waiting
        there: a surge of submissions queues one task, not one per email. The flag
        saying one waits is dropped by the task as it starts (``outbox_taken``), so
        an email committed after that queues the next one; it expires on its own
        (OUTBOX_KICK_SECONDS) if the task is lost, and the workers' sweep sends
        whatever is due anyway."""
        ttl = max(1, int(self.app.config.get("OUTBOX_KICK_SECONDS", 30)))
        if not self.redis.set(self._outbox_flag, b"1", nx=True, ex=ttl):
            return  # a task is waiting and will see this email
        try:
            self.queue.enqueue(
                "contest.jobs.rq_tasks.deliver_outbox_task",
                result_ttl=0,
                job_timeout=600,
            )
        except Exception:
            self.redis.delete(self._outbox_flag)
            raise

    def outbox_taken(self) -> None:
        """Called by the delivery task as it starts: the next email queues a task."""
        self.redis.delete(self._outbox_flag)

    def start(self) -> None:
        """Nothing runs in the web process with RQ."""

    def stop(self, timeout: float = 10.0) -> None:
        """Nothing to stop in the web process."""


def make_backend(app: Flask) -> Backend:
    """The backend the configuration asks for."""
    if app.config["JOBS_BACKEND"] == "rq":
        return RQBackend(app)
    return ThreadBackend(app)
