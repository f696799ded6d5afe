"""Operations pages: background jobs (list, progress, retry) and the email outbox."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.access import get_or_404
from contest.extensions import db
from contest.jobs import job_title, reap_stale_jobs, retry_job, submit_job
from contest.jobs.demo import DEMO_KIND
from contest.jobs.runner import (
    INTERRUPTED,
    QUEUE_UNREACHABLE,
    UNEXPECTED_PREFIX,
    UNKNOWN_KIND,
    WORKER_LOST,
)
from contest.mail import outbox_counts, resend
from contest.models import Job, JobStatus, OutboxMessage, OutboxStatus
from contest.organizer import bp
from contest.services.audit import audit
from contest.timezones import format_datetime

LIST_LIMIT = 100
DEMO_PARAMS = {"steps": 20, "delay": 0.5}  # about ten seconds of work


def status_label(status: str) -> str:
    """A job or email state in words."""
    return {
        JobStatus.QUEUED: _("Waiting"),
        JobStatus.RUNNING: _("Running"),
        JobStatus.SUCCEEDED: _("Done"),
        JobStatus.FAILED: _("Failed"),
        OutboxStatus.PENDING: _("Waiting to be sent"),
        OutboxStatus.SENT: _("Sent"),
    }.get(status, status)


def job_reason(job: Job) -> str | None:
    """Why a job failed, in the reader's language."""
    error = job.error
    if not error:
        return None
    if error.startswith(UNEXPECTED_PREFIX):
        return _(
            "Unexpected error (%(detail)s). It has been logged; you can retry.",
            detail=error.removeprefix(UNEXPECTED_PREFIX),
        )
    known = {
        WORKER_LOST: _(
            "The worker running this job stopped (restart or crash). Nothing of this "
            "run was kept; you can retry it."
        ),
        INTERRUPTED: _(
            "The worker was stopped while running this job. You can retry it."
        ),
        UNKNOWN_KIND: _(
            "This kind of job is not known to this version of the application."
        ),
        QUEUE_UNREACHABLE: _("The job queue could not be reached. Retry in a moment."),
    }
    return known.get(error, error)


def job_state(job: Job) -> dict:
    """What the progress page shows, as JSON for its polling script."""
    return {
        "id": job.id,
        "status": str(job.status),
        "status_label": status_label(job.status),
        "progress": job.progress,
        "message": job.message,
        "error": job_reason(job),
        "finished": job.is_finished,
    }


def _reap() -> None:
    """Fail jobs whose worker died, so the page never shows them running forever."""
    if reap_stale_jobs(db.engine, current_app.config["JOBS_LEASE_SECONDS"]):
        # Reaped on another connection: start a fresh read so this page sees it.
        db.session.rollback()


@bp.app_template_global()
def job_name(job: Job) -> str:
    """A job as people name it: what it does and when it started. Never "#3", which
    reads like a contest or entry number."""
    return _(
        "%(title)s, started %(when)s",
        title=job_title(job.kind),
        when=format_datetime(job.created_at),
    )


@bp.app_template_global()
def job_panel_context(job: Job) -> dict:
    """Values for templates/organizer/jobs_panel.html (usable on any page)."""
    return {
        "title": job_title(job.kind),
        "name": job_name(job),
        "state": job_state(job),
        "status_url": url_for("organizer.job_status", job_id=job.id),
    }


@bp.route("/jobs")
def jobs():
    """The latest background jobs, filtered by state."""
    _reap()
    status = request.args.get("status", "")
    query = select(Job).order_by(Job.id.desc()).limit(LIST_LIMIT)
    if status in set(JobStatus):
        query = query.where(Job.status == status)
    return render_template(
        "organizer/jobs.html",
        jobs=db.session.scalars(query).all(),
        status=status,
        statuses=list(JobStatus),
        status_label=status_label,
        job_title=job_title,
        job_reason=job_reason,
    )


@bp.route("/jobs/demo", methods=["POST"])
def start_demo_job():
    """Start the test job (to check that background work runs)."""
    job = submit_job(
        DEMO_KIND,
        DEMO_PARAMS,
        user=current_user,
        origin_url=url_for("organizer.jobs"),
    )
    db.session.commit()
    return redirect(url_for("organizer.job", job_id=job.id))


@bp.route("/jobs/<int:job_id>")
def job(job_id: int):
    """One job's progress page (reloads itself without JS; polls with JS)."""
    _reap()
    row = get_or_404(Job, job_id)
    return render_template(
        "organizer/jobs_detail.html", job=row, status_label=status_label
    )


@bp.route("/jobs/<int:job_id>/status")
def job_status(job_id: int):
    """The job's state as JSON (polled by static/js/job_progress.js)."""
    _reap()
    response = jsonify(job_state(get_or_404(Job, job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/jobs/<int:job_id>/retry", methods=["POST"])
def retry(job_id: int):
    """Run a failed job again."""
    row = get_or_404(Job, job_id)
    if retry_job(row):
        audit(current_user, "job.retry", row)
        db.session.commit()
        flash(_("The job was queued again."), "success")
    else:
        flash(_("Only a failed job can be retried."), "warning")
    return redirect(url_for("organizer.job", job_id=job_id))


@bp.route("/outbox")
def outbox():
    """Emails: waiting, sent and failed, newest first."""
    status = request.args.get("status", "")
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(LIST_LIMIT)
    if status in set(OutboxStatus):
        query = query.where(OutboxMessage.status == status)
    return render_template(
        "organizer/outbox.html",
        messages=db.session.scalars(query).all(),
        counts=outbox_counts(),
        status=status,
        statuses=list(OutboxStatus),
        status_label=status_label,
    )


@bp.route("/outbox/<int:message_id>/resend", methods=["POST"])
def resend_email(message_id: int):
    """Send one email again."""
    message = resend(get_or_404(OutboxMessage, message_id))
    audit(current_user, "email.resend", message, to=message.to_address)
    db.session.commit()
    flash(_("The email will be sent again."), "success")
    return redirect(url_for("organizer.outbox"))
