"""Plagiarism services: the check at submission and the full scan (background jobs).

Every submitted entry is checked soon after its submission: submit() calls
``check_entry_after_commit``, which queues one "plagiarism.check" job per edition (a
surge of submissions shares one queued job). The job brings the edition's persisted
index in step with the database (new and changed entries, new reference documents,
withdrawn entries) and checks each new document against it. The full scan
("plagiarism.scan", started by organizers or `flask plagiarism scan`) rebuilds the
index from the database and compares every entry of the edition with everything.

Both record their findings as SimilarityMatch rows (judging.plagiarism.services.record) and
commit them before saving the index, so a crash in between only repeats work. See
judging.plagiarism.services.decisions for the organizers' verbs and judging.plagiarism.services.report
for the pages' queries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.jobs import after_commit, job, latest_job, submit_job
from contest.models import Edition, EditionStatus, Entry, Job, JobStatus, User
from judging.plagiarism.core import DEFAULT_THRESHOLD
from judging.plagiarism.models import SOURCE_EDITION
from judging.plagiarism.services.corpus import (
    CorpusDoc,
    boilerplate_of,
    corpus_docs,
    entry_of,
    texts_of,
)
from judging.plagiarism.services.index import (
    add_docs,
    build_index,
    index_lock,
    open_index,
    save_index,
)
from judging.plagiarism.services.record import open_pairs, record_matches

log = logging.getLogger("contest.plagiarism")

CHECK_KIND = "plagiarism.check"
SCAN_KIND = "plagiarism.scan"
SMALL_BATCH = 20  # up to this many new documents are added one by one (no re-merge)

# progress(percent 0–100, message)
Progress = Callable[[float, str], None]


def _quiet(_percent: float, _message: str) -> None:
    """Progress nobody watches."""


def check_entry_after_commit(entry: Entry) -> None:
    """Have a just-submitted entry checked once the submission commits.

    Never raises and adds nothing to the submission's transaction: after the commit,
    in a transaction of its own, it queues (or joins) the edition's check job. A
    failure is logged; the full scan before judging catches up anyway.
    """
    try:
        app = current_app._get_current_object()
        edition_id = entry.edition_id
        after_commit(
            lambda: _queue_committed(app, edition_id),
            key=f"{CHECK_KIND}:{edition_id}",  # one per edition per transaction
        )
    except Exception:
        log.exception("plagiarism check of entry %s not queued", entry.id)


def _queue_committed(app, edition_id: int) -> None:
    """Queue the check in a fresh app context (its own session and transaction)."""
    try:
        with app.app_context():
            queue_check(edition_id)
            db.session.commit()
    except Exception:
        log.exception("plagiarism check of edition %s not queued", edition_id)


def queue_check(edition_id: int) -> Job | None:
    """The queued check job of the edition (a new one if none waits); None if closed."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.status == EditionStatus.CLOSED:
        return None
    waiting = db.session.scalars(
        select(Job).where(Job.kind == CHECK_KIND, Job.status == JobStatus.QUEUED)
    )
    for queued in waiting:
        if (queued.params or {}).get("edition_id") == edition_id:
            return queued
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


@job(CHECK_KIND, title=_l("Plagiarism check of new entries"))
def _check_job(ctx) -> dict:
    """Background side of check_entry_after_commit."""
    return check_new_documents(int(ctx.params["edition_id"]), _job_progress(ctx))


@job(SCAN_KIND, title=_l("Plagiarism scan of an edition"))
def _scan_job(ctx) -> dict:
    """Background side of the organizers' "Run the full scan" button."""
    return full_scan(int(ctx.params["edition_id"]), _job_progress(ctx))


def _edition(edition_id: int) -> Edition | None:
    edition = db.session.get(Edition, edition_id)
    return (
        None if edition is None or edition.status == EditionStatus.CLOSED else edition
    )


def check_new_documents(edition_id: int, progress: Progress = _quiet) -> dict:
    """Bring the edition's index in step with the database and check what is new.

    Commits. Rebuilds (a full scan) when the saved index cannot be used.
    """
    edition = _edition(edition_id)
    if edition is None:
        return {"skipped": True}
    with index_lock(edition):
        boilerplate = boilerplate_of(edition.id)
        saved = open_index(edition, boilerplate)
        docs = corpus_docs(edition)
        if saved is None or not saved.fits(sum(d.chars for d in docs.values())):
            return _scan_locked(edition, boilerplate, progress, docs)
        index = saved.index
        gone = saved.doc_ids - docs.keys()  # withdrawn, replaced by a new version...
        new = [doc for doc_id, doc in docs.items() if doc_id not in saved.doc_ids]
        if not new and not gone:
            return {"checked": 0, "pairs": 0, "new_pairs": 0}
        for doc_id in gone:
            index.remove(doc_id)
        progress(10, f"0/{len(new)}")
        if len(new) <= SMALL_BATCH:
            for doc, text in texts_of(new):
                index.add(
                    doc.doc_id, text, source=doc.source, author_key=doc.author_key
                )
        else:
            add_docs(index, new)
        matches = []
        for done, doc in enumerate(new, 1):
            if doc.doc_id in index:
                matches += index.check(doc.doc_id, threshold=DEFAULT_THRESHOLD)
            progress(10 + 85 * done / len(new), f"{done}/{len(new)}")
        # Their open pairs not found again are dropped (a withdrawn entry's are).
        checked = {d.entry_id for d in new if d.source == SOURCE_EDITION}
        checked |= {entry_of(doc_id) for doc_id in gone} - {None}
        summary = record_matches(edition.id, matches, docs, checked=checked)
        db.session.commit()
        indexed = [d for d in docs.values() if d.doc_id in index]
        save_index(edition, index, indexed, bits=saved.bits, boilerplate=boilerplate)
    return {"checked": len(new), "pairs": summary.found, "new_pairs": summary.new}


def full_scan(edition_id: int, progress: Progress = _quiet) -> dict:
    """Rebuild the edition's index from the database and compare every entry; commits."""
    edition = _edition(edition_id)
    if edition is None:
        return {"skipped": True}
    with index_lock(edition):
        return _scan_locked(edition, boilerplate_of(edition.id), progress)


def _scan_locked(
    edition: Edition,
    boilerplate: list[str],
    progress: Progress,
    docs: dict[str, CorpusDoc] | None = None,
) -> dict:
    """The full scan, under the edition's index lock."""
    docs = corpus_docs(edition) if docs is None else docs
    progress(1, f"0/{len(docs)}")
    index, bits = build_index(
        list(docs.values()),
        boilerplate,
        lambda done, total: progress(1 + 34 * done / max(total, 1), f"{done}/{total}"),
    )
    matches = index.scan(
        threshold=DEFAULT_THRESHOLD,
        sources={SOURCE_EDITION},
        progress=lambda done, total: progress(
            35 + 60 * done / max(total, 1), f"{done}/{total}"
        ),
    )
    summary = record_matches(edition.id, matches, docs, checked=None)
    entries = sum(1 for doc in docs.values() if doc.source == SOURCE_EDITION)
    result = {
        "documents": len(docs),
        "entries": entries,
        "pairs": summary.found,
        "new_pairs": summary.new,
        "open_pairs": open_pairs(edition.id),
    }
    db.session.commit()
    indexed = [d for d in docs.values() if d.doc_id in index]
    save_index(edition, index, indexed, bits=bits, boilerplate=boilerplate)
    progress(100, f"{entries}/{entries}")
    return result
