"""Operations commands: `flask jobs …`, `flask backup …`, `flask outbox …`,
`flask files check`, and (from db_move_cli) `flask database move|checksums`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import delete, select

from contest.extensions import db

jobs_cli = AppGroup("jobs", help="Background jobs: run the worker, list, retry.")
backup_cli = AppGroup("backup", help="Back up and restore the database and uploads.")
outbox_cli = AppGroup("outbox", help="The email outbox: list, send, resend, purge.")
files_cli = AppGroup("files", help="Uploaded files.")


def _app() -> Flask:
    return current_app._get_current_object()


# -- jobs -------------------------------------------------------------------------------


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Run what is queued, then exit.")
def jobs_worker(burst: bool) -> None:
    """Run jobs and send emails (RQ when REDIS_URL is set, else database polling)."""
    from contest.jobs.worker import run_worker

    click.echo(f"jobs worker: backend {current_app.config['JOBS_BACKEND']}")
    run_worker(_app(), burst=burst)


@jobs_cli.command("list")
@click.option("--status", default=None, help="queued, running, succeeded or failed.")
@click.option("--limit", default=30, show_default=True)
def jobs_list(status: str | None, limit: int) -> None:
    """The latest jobs, newest first."""
    from contest.models import Job

    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if status:
        query = query.where(Job.status == status)
    for job in db.session.scalars(query):
        click.echo(
            f"#{job.id:<6} {job.status:<9} {job.progress:>3}%  {job.kind:<24} "
            f"{job.created_at:%Y-%m-%d %H:%M}  {job.error or job.message}"
        )


@jobs_cli.command("retry")
@click.argument("job_id", type=int)
def jobs_retry(job_id: int) -> None:
    """Queue a failed job again."""
    from contest.jobs import retry_job
    from contest.models import Job

    job = db.session.get(Job, job_id)
    if job is None:
        raise click.ClickException(f"no job #{job_id}")
    if not retry_job(job):
        raise click.ClickException(f"job #{job_id} is {job.status}: only failed jobs")
    db.session.commit()
    click.echo(f"job #{job_id} queued again")


@jobs_cli.command("demo")
@click.option("--steps", default=10, show_default=True)
@click.option("--delay", default=0.5, show_default=True)
def jobs_demo(steps: int, delay: float) -> None:
    """Queue the test job (counts to STEPS)."""
    from contest.jobs import submit_job
    from contest.jobs.demo import DEMO_KIND

    job = submit_job(DEMO_KIND, {"steps": steps, "delay": delay})
    db.session.commit()
    click.echo(f"job #{job.id} queued")


@jobs_cli.command("reap")
def jobs_reap() -> None:
    """Mark running jobs whose worker stopped answering as failed."""
    from contest.jobs import reap_stale_jobs

    count = reap_stale_jobs(db.engine, current_app.config["JOBS_LEASE_SECONDS"])
    click.echo(f"{count} stale job(s) marked failed")


# -- backup -----------------------------------------------------------------------------


@backup_cli.command("create")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path))
def backup_create(output: Path | None) -> None:
    """Write the database and uploads to one archive (default: instance/backups/)."""
    from contest.backup import BackupError, create_backup, default_backup_path

    output = output or default_backup_path(_app())
    try:
        manifest = create_backup(_app(), output)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    rows = sum(manifest["database"]["tables"].values())
    files = sum(1 for name in manifest["members"] if name.startswith("uploads/"))
    click.echo(f"backup written: {output} ({rows} rows, {files} files)")


@backup_cli.command("verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def backup_verify(archive: Path) -> None:
    """Check every checksum of an archive without restoring it."""
    from contest.backup import BackupError, verify_backup

    try:
        manifest = verify_backup(archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"backup OK: {manifest['created_at']}, {len(manifest['members'])} members"
    )


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already has data.")
def backup_restore(archive: Path, force: bool) -> None:
    """Restore an archive into the configured database and UPLOAD_DIR."""
    from contest.backup import BackupError, restore_backup

    try:
        manifest = restore_backup(_app(), archive, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored the backup of {manifest['created_at']}")


# -- outbox -----------------------------------------------------------------------------


@outbox_cli.command("list")
@click.option("--status", default=None, help="pending, sent or failed.")
@click.option("--limit", default=30, show_default=True)
def outbox_list(status: str | None, limit: int) -> None:
    """The latest emails, newest first."""
    from contest.models import OutboxMessage

    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    for message in db.session.scalars(query):
        click.echo(
            f"#{message.id:<6} {message.status:<7} tries {message.attempts}  "
            f"{message.to_address:<30} {message.subject}  {message.last_error or ''}"
        )


@outbox_cli.command("send")
def outbox_send() -> None:
    """Send the emails that are due now."""
    from contest.mail import deliver_due

    total = 0
    while attempted := deliver_due(_app()):
        total += attempted
    click.echo(f"{total} email(s) attempted")


@outbox_cli.command("resend")
@click.argument("message_id", type=int)
def outbox_resend(message_id: int) -> None:
    """Send one email again."""
    from contest.mail import resend
    from contest.models import OutboxMessage

    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise click.ClickException(f"no email #{message_id}")
    resend(message)
    db.session.commit()
    click.echo(f"email #{message_id} queued again")


@outbox_cli.command("purge")
@click.option("--days", default=90, show_default=True)
def outbox_purge(days: int) -> None:
    """Delete sent emails older than DAYS (their links are long dead)."""
    from contest.models import OutboxMessage, OutboxStatus, utcnow

    cutoff = utcnow() - timedelta(days=days)
    result = db.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENT)
        .where(OutboxMessage.created_at < cutoff)
    )
    db.session.commit()
    click.echo(f"{result.rowcount} sent email(s) deleted")


# -- files ------------------------------------------------------------------------------


@files_cli.command("check")
def files_check() -> None:
    """List stored files no row refers to, and rows whose file is missing."""
    from contest.storage import check_files

    report = check_files(db.session)
    for key in report.orphans:
        click.echo(f"orphan file: {key}")
    for row in report.missing:
        click.echo(f"missing file: {row.table}.{row.column} id={row.row_id}: {row.key}")
    click.echo(
        f"{report.referenced} referenced, {len(report.orphans)} orphan(s), "
        f"{len(report.missing)} missing"
    )
    if not report.ok:
        raise SystemExit(1)


def register(app: Flask) -> None:
    """Attach the operations command groups to the app."""
    from contest.db_move_cli import database_cli

    for group in (jobs_cli, backup_cli, outbox_cli, files_cli, database_cli):
        app.cli.add_command(group)
