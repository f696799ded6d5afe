"""The archive of closed editions in the open editions' plagiarism indexes.

The corpus of an open edition holds the entries of every closed edition (see
judging.plagiarism.services.corpus), so closing, reopening or importing an edition changes what
the open editions compare with. ``sync_archive`` brings each open edition's index in
step (new archive entries are added and checked, entries of a reopened edition leave)
through the same incremental check as new submissions; it runs as the background job
"plagiarism.archive", and from `flask plagiarism import-archive`.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.jobs import job, latest_job, submit_job
from contest.models import Edition, EditionStatus, Job, User
from judging.plagiarism.services.scan import check_new_documents

ARCHIVE_KIND = "plagiarism.archive"


def open_edition_ids() -> list[int]:
    """The editions that are not closed (their indexes include the archive)."""
    return list(
        db.session.scalars(
            select(Edition.id)
            .where(Edition.status != EditionStatus.CLOSED)
            .order_by(Edition.id)
        )
    )


def sync_archive(
    progress: Callable[[float, str], None] | None = None,
) -> dict[str, dict]:
    """Check every open edition against the archive as it is now; commits each edition.

    Returns each open edition's check summary by edition id (as a string: JSON keys).
    """
    results: dict[str, dict] = {}
    ids = open_edition_ids()
    for done, edition_id in enumerate(ids):
        if progress is not None:
            progress(100 * done / max(len(ids), 1), f"{done}/{len(ids)}")
        results[str(edition_id)] = check_new_documents(edition_id)
    if progress is not None:
        progress(100, f"{len(ids)}/{len(ids)}")
    return results


def queue_archive_sync(
    actor: User | None, edition: Edition, origin_url: str | None = None
) -> Job:
    """Queue the sync after ``edition`` entered or left the archive (caller commits)."""
    return submit_job(
        ARCHIVE_KIND,
        {"edition_id": edition.id},
        user=actor,
        origin_url=origin_url,
    )


def on_archive_change(
    edition: Edition, *, actor: User | None, origin_url: str | None = None, **_
) -> None:
    """contest.signals.edition_archive_changed: queue the sync (caller commits)."""
    queue_archive_sync(actor, edition, origin_url)


def latest_sync(edition: Edition) -> Job | None:
    """The latest sync queued for the edition's closing, reopening or import."""
    return latest_job(ARCHIVE_KIND, edition_id=edition.id)


@job(ARCHIVE_KIND, title=_l("Plagiarism archive update of the open editions"))
def _archive_job(ctx) -> dict:
    """Background side of closing, reopening and importing an edition."""
    results = sync_archive(lambda percent, message: ctx.progress(percent, message))
    return {
        "editions": len(results),
        "checked": sum(r.get("checked", 0) for r in results.values()),
        "pairs": sum(r.get("pairs", 0) for r in results.values()),
    }
