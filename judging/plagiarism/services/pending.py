"""The entries waiting for their check at submission (PendingCheck rows).

A row is added in the transaction that changes what the edition's index must hold:
a version submitted (contest.signals.entry_submitted), an entry entering or leaving
the corpus by a change of its status (withdrawn, returned to its writer, eligible
again: seen at flush, whichever platform verb made it), reference documents imported
(a row without entry: the whole corpus is compared with the index). The check that
handles a row deletes it in the transaction that records the entry's pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import Session

from contest.extensions import db
from contest.models import Edition, EditionStatus, Entry
from judging.plagiarism.models import PendingCheck
from judging.plagiarism.services.corpus import LEFT_OUT, chunks

BATCH = 200  # entries checked per transaction


@dataclass(frozen=True)
class Waiting:
    """One waiting row: its id and entry (None: compare the whole corpus)."""

    id: int
    entry_id: int | None


def note_entry(entry: Entry) -> None:
    """The entry's check waits (added to the caller's transaction)."""
    db.session.add(PendingCheck(edition_id=entry.edition_id, entry_id=entry.id))


def note_corpus(session: Session | None = None) -> list[int]:
    """Every open edition compares its whole corpus with its index at its next check
    (reference documents changed); the editions, whose checks the caller queues."""
    session = session or db.session()
    ids = list(
        session.scalars(
            select(Edition.id).where(Edition.status != EditionStatus.CLOSED)
        )
    )
    session.add_all(PendingCheck(edition_id=edition_id) for edition_id in ids)
    return ids


def waiting(edition_id: int, limit: int = BATCH) -> list[Waiting]:
    """The edition's oldest waiting rows."""
    rows = db.session.execute(
        select(PendingCheck.id, PendingCheck.entry_id)
        .where(PendingCheck.edition_id == edition_id)
        .order_by(PendingCheck.id)
        .limit(limit)
    )
    return [Waiting(row_id, entry_id) for row_id, entry_id in rows]


def done(rows: Iterable[Waiting]) -> None:
    """Delete handled rows (with the check's other writes)."""
    for chunk in chunks(sorted(row.id for row in rows)):
        db.session.execute(delete(PendingCheck).where(PendingCheck.id.in_(chunk)))


def corpus_flips(session: Session) -> list[Entry]:
    """The entries of the session about to enter or leave the corpus by a change of
    status (a submission's first numbering is announced by its own signal)."""
    flipped = []
    for obj in session.dirty:
        if not isinstance(obj, Entry):
            continue
        history = inspect(obj).attrs.status.history
        if not history.deleted or not history.added:
            continue
        before, after = history.deleted[0], history.added[0]
        if (before in LEFT_OUT) != (after in LEFT_OUT):
            flipped.append(obj)
    return flipped
