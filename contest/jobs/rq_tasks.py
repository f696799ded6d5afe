"""Entry points RQ workers call by name; they find (or build) the app and run."""

from __future__ import annotations

from flask import Flask, current_app, has_app_context

_app: Flask | None = None


def _the_app() -> Flask:
    """The app of `flask jobs worker` (its app context), else one built once here."""
    global _app
    if has_app_context():
        return current_app._get_current_object()
    if _app is None:
        from contest.app import create_app

        _app = create_app()
    return _app


def run_job_task(job_id: int) -> str | None:
    """Run the queued job `job_id` (no-op if another worker already ran it)."""
    from contest.jobs.runner import run_job

    status = run_job(_the_app(), job_id)
    return str(status) if status else None


def deliver_outbox_task() -> int:
    """Send the emails that are due, a batch after another while batches are full;
    how many were attempted."""
    from contest.jobs.service import get_backend
    from contest.mail import BATCH, deliver_due

    app = _the_app()
    taken = getattr(get_backend(app), "outbox_taken", None)
    if taken is not None:
        taken()  # before looking: an email committed from now on queues a task
    attempted = total = deliver_due(app)
    while attempted >= BATCH:
        attempted = deliver_due(app)
        total += attempted
    return total
