"""`flask jobs worker`: the long-running worker process, for either backend."""

from __future__ import annotations

import logging
import os
import signal
import threading

from flask import Flask

from contest.jobs.backends import ThreadBackend, run_queued_jobs, sweep
from contest.jobs.service import get_backend

log = logging.getLogger("contest.jobs")


def _sweeper(app: Flask, stop: threading.Event) -> threading.Thread:
    """A thread doing the periodic chores (stale jobs, due emails) next to RQ."""

    def loop() -> None:
        while not stop.wait(app.config["JOBS_POLL_SECONDS"]):
            try:
                sweep(app)
            except Exception:
                log.exception("sweep failed")

    thread = threading.Thread(target=loop, name="contest-sweeper", daemon=True)
    thread.start()
    return thread


def lower_priority(increment: int, idle: bool = False) -> int:
    """Make this process yield the CPU to the web servers on the same host.

    Jobs (a full plagiarism scan, an export) are long and nobody waits on them
    second by second; judges saving scores do. ``increment`` is added to the
    niceness; with ``idle`` (Linux), the process goes into the SCHED_IDLE class as
    well: at nice 10 a job still competes with each web worker for about a tenth of
    a CPU, while an idle-class task only gets the CPU time nothing else wants, and
    the kernel treats its CPU as free when a web worker wakes up. Called before the
    worker starts its threads, which inherit both. Returns the new niceness.
    """
    if idle and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        except OSError:
            log.warning("could not put the worker in the idle scheduling class")
    if increment > 0:
        try:
            return os.nice(increment)
        except OSError:
            log.warning("could not lower the worker's CPU priority")
    return os.nice(0)


def run_worker(app: Flask, *, burst: bool = False) -> None:
    """Run jobs and send emails until stopped (or, with `burst`, until idle)."""
    lower_priority(int(app.config["JOBS_WORKER_NICE"]), app.config["JOBS_WORKER_IDLE"])
    backend = get_backend(app)
    if backend.name == "rq":
        from rq import SimpleWorker

        # SimpleWorker runs jobs in this process, inside the command's app context;
        # RQ's own job timeout still applies (JOBS_TIMEOUT_SECONDS).
        worker = SimpleWorker([backend.queue], connection=backend.redis)
        stop = threading.Event()
        if not burst:
            _sweeper(app, stop)
        try:
            worker.work(burst=burst, logging_level="INFO")
        finally:
            stop.set()
        sweep(app)
        return
    if burst:
        sweep(app)
        run_queued_jobs(app)
        sweep(app)
        return
    _run_threads_until_signal(app, backend)


def _run_threads_until_signal(app: Flask, backend: ThreadBackend) -> None:
    """Database-polling worker in the foreground (no Redis): stops on SIGINT/SIGTERM."""
    stopping = threading.Event()

    def _stop(_signum, _frame) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    backend.start()
    log.info("jobs worker running (thread backend); Ctrl+C to stop")
    while not stopping.wait(1.0):
        pass
    # The current job finishes first; a killed worker's job is failed by its lease.
    backend.stop(timeout=app.config["JOBS_LEASE_SECONDS"])
