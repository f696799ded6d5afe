"""Rows the access walker needs for the operations pages (a job and an email)."""

from __future__ import annotations

from contest.extensions import db
from contest.models import Job, JobStatus, OutboxMessage, OutboxStatus


def ops_objects(app) -> dict[str, int]:
    """A failed job (retryable) and a sent email (resendable): their ids by URL name."""
    with app.app_context():
        job = Job(kind="demo.count", params={}, status=JobStatus.FAILED, error="x")
        message = OutboxMessage(
            to_address="an@example.vn",
            sender="no-reply@localhost",
            subject="Thư thử",
            body="Nội dung",
            template="account_exists",
            message_id="<test@contest.local>",
            status=OutboxStatus.SENT,
        )
        db.session.add_all([job, message])
        db.session.commit()
        return {"job_id": job.id, "message_id": message.id}
