"""Plagiarism services: the check at submission and the full scan (background jobs).

Every submitted entry is checked soon after its submission: submit() sends
contest.signals.entry_submitted, whose receiver ``check_entry_after_commit`` notes the
entry as waiting (a PendingCheck row in the submission's transaction) and, once it
commits, queues one "plagiarism.check" job per edition (a surge of submissions shares
one queued job). The job checks only the waiting entries against the edition's saved
index (judging.plagiarism.services.incremental): milliseconds per entry, whatever the
size of the edition. An entry entering or leaving the corpus by a change of status is
noted the same way, at flush. The job is retried when its worker dies; nothing it
does twice changes the outcome.

The full scan ("plagiarism.scan", started by organizers or `flask plagiarism scan`)
rebuilds the index from the database and compares every entry of the edition with
everything; the archive sync and imported reference documents compare the whole
corpus with the index (``check_new_documents``). All record their findings as
SimilarityMatch rows (judging.plagiarism.services.record) and commit them before the
index's snapshot is written, so a crash in between only repeats work. See
judging.plagiarism.services.decisions for the organizers' verbs and
judging.plagiarism.services.report for the pages' queries.
"""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from contest.extensions import commit_keeping_loaded, db
from contest.jobs import after_commit, job, latest_job, submit_job
from contest.models import Edition, EditionStatus, Entry, Job, JobStatus, User
from judging.plagiarism.services.corpus import boilerplate_of
from judging.plagiarism.services.incremental import check_waiting
from judging.plagiarism.services.index import index_lock, keep_index, open_index
from judging.plagiarism.services.pending import corpus_flips, note_entry, waiting
from judging.plagiarism.services.scan import (
    Progress,
    full_scan,
    open_edition,
    reconcile_locked,
    scan_locked,
)

log = logging.getLogger("contest.plagiarism")

CHECK_KIND = "plagiarism.check"
SCAN_KIND = "plagiarism.scan"


def _quiet(_percent: float, _message: str) -> None:
    """Progress nobody watches."""


def check_entry_after_commit(entry: Entry, **_) -> None:
    """Note a just-submitted entry as waiting for its check, in the caller's
    transaction, and have the check queued once that commits.

    Never raises: after the commit, in a transaction of its own, it queues (or
    joins) the edition's check job. A failure is logged; the entry stays waiting for
    the edition's next check.
    """
    try:
        note_entry(entry)
        queue_after_commit(entry.edition_id)
    except Exception:
        log.exception("plagiarism check of entry %s not queued", entry.id)


def queue_after_commit(edition_id: int) -> None:
    """Queue (or join) the edition's check once the caller's transaction commits."""
    app = current_app._get_current_object()
    after_commit(
        lambda: _queue_committed(app, edition_id),
        key=f"{CHECK_KIND}:{edition_id}",  # one per edition per transaction
    )


@event.listens_for(Session, "before_flush")
def _note_corpus_flips(session: Session, _context, _instances) -> None:
    # An entry withdrawn, returned to its writer or eligible again: its check waits.
    if not has_app_context() or session is not db.session():
        return
    for entry in corpus_flips(session):
        check_entry_after_commit(entry)


def _queue_committed(app, edition_id: int) -> None:
    """Queue the check in a fresh app context (its own session and transaction).

    In a surge a check of the edition is nearly always queued already: that is
    found with one query of the jobs' parameters, and the entry simply waits for it.
    """
    try:
        with app.app_context():
            if _queued_check_id(edition_id) is None and _open(edition_id):
                submit_job(CHECK_KIND, {"edition_id": edition_id})
                db.session.commit()
    except Exception:
        log.exception("plagiarism check of edition %s not queued", edition_id)


def _queued_check_id(edition_id: int) -> int | None:
    """The id of the edition's queued (not yet started) check job, if one waits."""
    waiting = db.session.execute(
        select(Job.id, Job.params).where(
            Job.kind == CHECK_KIND, Job.status == JobStatus.QUEUED
        )
    )
    for job_id, params in waiting:
        if (params or {}).get("edition_id") == edition_id:
            return job_id
    return None


def _open(edition_id: int) -> bool:
    """Whether the edition exists and is not closed (a closed one is not checked)."""
    edition = db.session.get(Edition, edition_id)
    return edition is not None and edition.status != EditionStatus.CLOSED


def queue_check(edition_id: int) -> Job | None:
    """The queued check job of the edition (a new one if none waits); None if closed."""
    if not _open(edition_id):
        return None
    job_id = _queued_check_id(edition_id)
    if job_id is not None:
        return db.session.get(Job, job_id)
    return submit_job(CHECK_KIND, {"edition_id": edition_id})


def start_scan(edition: Edition, user: User | None, origin_url: str | None) -> Job:
    """Queue a full scan of the edition (the caller commits); reuses a waiting one."""
    waiting = latest_job(SCAN_KIND, edition_id=edition.id)
    if waiting is not None and waiting.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        return waiting
    return submit_job(
        SCAN_KIND, {"edition_id": edition.id}, user=user, origin_url=origin_url
    )


def latest_scan(edition: Edition) -> Job | None:
    """The edition's most recent full scan job, if any."""
    return latest_job(SCAN_KIND, edition_id=edition.id)


def _job_progress(ctx) -> Progress:
    return lambda percent, message: ctx.progress(percent, message)


@job(CHECK_KIND, title=_l("Plagiarism check of new entries"), retries=3)
def _check_job(ctx) -> dict:
    """Background side of check_entry_after_commit."""
    return check_pending(int(ctx.params["edition_id"]), _job_progress(ctx))


@job(SCAN_KIND, title=_l("Plagiarism scan of an edition"))
def _scan_job(ctx) -> dict:
    """Background side of the organizers' "Run the full scan" button."""
    return full_scan(int(ctx.params["edition_id"]), _job_progress(ctx))


def check_pending(edition_id: int, progress: Progress = _quiet) -> dict:
    """Check the edition's waiting entries against its saved index, a batch per
    transaction, until none waits; commits. Compares the whole corpus first when a
    waiting row asks for it, and rebuilds (a full scan) when the index cannot be used.
    """
    edition = open_edition(edition_id)
    if edition is None:
        return {"skipped": True}
    totals = {"checked": 0, "pairs": 0, "new_pairs": 0}
    with index_lock(edition):
        if db.session.new or db.session.dirty or db.session.deleted:
            db.session.rollback()  # a caller's unsaved changes are not the check's
        else:
            _end_transaction()  # read what was committed before we got the lock
        boilerplate = boilerplate_of(edition.id)
        saved = open_index(edition, boilerplate)
        rows = waiting(edition.id)
        while rows:
            if saved is None or any(row.entry_id is None for row in rows):
                found = reconcile_locked(edition, boilerplate, saved, progress)
                for key in totals:
                    totals[key] += found.get(key, 0)
                saved = open_index(edition, boilerplate)
                rows = waiting(edition.id)
                continue
            summary = check_waiting(edition, saved, rows)
            if summary is None:  # outgrew its hash space
                db.session.rollback()
                return scan_locked(edition, boilerplate, progress)
            _end_transaction()
            totals["checked"] += len(rows)
            totals["pairs"] += summary.found
            totals["new_pairs"] += summary.new
            progress(50, f"{totals['checked']}")
            rows = waiting(edition.id)
        if saved is not None:
            keep_index(edition, saved, boilerplate)
    return totals


def _end_transaction() -> None:
    """Commit the session's transaction (a read-only one just ends, so the next reads
    see what others committed since) without expiring what it loaded: the edition
    read before the lock is not read again at the next use (its id and creation
    time name the index; what the check reads of the corpus, it queries anew)."""
    commit_keeping_loaded()
