"""The whole corpus at once: the full scan, and comparing the corpus with the index.

The full scan ("plagiarism.scan", the organizers' re-check, `flask plagiarism scan`)
rebuilds the edition's index from the database and compares every entry of the
edition with everything. ``check_new_documents`` (the archive sync; a waiting row
without entry, after reference documents were imported) compares the corpus in the
database with the saved index, removes what left it and adds and checks what is new.
Both commit the pairs they record before writing the index, so a crash in between
only repeats work; both run under the edition's index lock.
"""

from __future__ import annotations

from collections.abc import Callable

from contest.extensions import db
from contest.models import Edition, EditionStatus
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
    journal_changes,
    keep_index,
    open_index,
    save_index,
    snapshot_of,
)
from judging.plagiarism.services.journal import Change
from judging.plagiarism.services.pending import Waiting, done, waiting
from judging.plagiarism.services.record import open_pairs, record_matches
from judging.plagiarism.services.saved_index import SavedIndex

SMALL_BATCH = 20  # up to this many new documents are added one by one (no re-merge)

# progress(percent 0–100, message)
Progress = Callable[[float, str], None]


def _quiet(_percent: float, _message: str) -> None:
    """Progress nobody watches."""


def open_edition(edition_id: int) -> Edition | None:
    """The edition to check, None if it is gone or closed (its entries are archive)."""
    edition = db.session.get(Edition, edition_id)
    return (
        None if edition is None or edition.status == EditionStatus.CLOSED else edition
    )


def check_new_documents(edition_id: int, progress: Progress = _quiet) -> dict:
    """Bring the edition's index in step with the whole corpus in the database and
    check what is new (the archive changed, reference documents came). Commits;
    rebuilds (a full scan) when the saved index cannot be used."""
    edition = open_edition(edition_id)
    if edition is None:
        return {"skipped": True}
    with index_lock(edition):
        db.session.rollback()
        boilerplate = boilerplate_of(edition.id)
        saved = open_index(edition, boilerplate)
        return reconcile_locked(edition, boilerplate, saved, progress)


def reconcile_locked(
    edition: Edition,
    boilerplate: list[str],
    saved: SavedIndex | None,
    progress: Progress,
) -> dict:
    """Compare the whole corpus with the index: remove what left it, add and check
    what is new; under the edition's index lock. The waiting rows asking for it are
    done; the waiting entries are left to check_pending (their documents are
    indexed now: it checks them)."""
    rows = waiting(edition.id, limit=None)
    docs = corpus_docs(edition)
    if saved is None or not saved.fits(sum(d.chars for d in docs.values())):
        return scan_locked(edition, boilerplate, progress, docs, rows)
    index = saved.index
    gone = saved.doc_ids - docs.keys()  # withdrawn, replaced by a new version...
    new = [doc for doc_id, doc in docs.items() if doc_id not in saved.doc_ids]
    changes = [Change(doc_id) for doc_id in sorted(gone)]
    saved.apply(changes)
    progress(10, f"0/{len(new)}")
    added = [
        Change(doc.doc_id, text, doc.source, doc.author_key, doc.chars)
        for doc, text in texts_of(new)
    ]
    if len(new) <= SMALL_BATCH:
        saved.apply(added)
    else:
        add_docs(index, new)
        saved.doc_ids |= {doc.doc_id for doc in new if doc.doc_id in index}
    matches = []
    for done_count, doc in enumerate(new, 1):
        if doc.doc_id in index:
            matches += index.check(doc.doc_id, threshold=DEFAULT_THRESHOLD)
        progress(10 + 80 * done_count / len(new), f"{done_count}/{len(new)}")
    # Their open pairs not found again are dropped (a withdrawn entry's are).
    checked = {d.entry_id for d in new if d.source == SOURCE_EDITION}
    checked |= {entry_of(doc_id) for doc_id in gone} - {None}
    summary = record_matches(edition.id, matches, docs, checked=checked)
    done([row for row in rows if row.entry_id is None])
    db.session.commit()
    if len(new) <= SMALL_BATCH:
        journal_changes(edition, saved, changes + added)
        keep_index(edition, saved, boilerplate)
    else:
        save_index(
            edition, snapshot_of(index, list(docs.values()), saved.bits), boilerplate
        )
    return {"checked": len(new), "pairs": summary.found, "new_pairs": summary.new}


def full_scan(edition_id: int, progress: Progress = _quiet) -> dict:
    """Rebuild the edition's index from the database and compare every entry; commits."""
    edition = open_edition(edition_id)
    if edition is None:
        return {"skipped": True}
    with index_lock(edition):
        db.session.rollback()
        return scan_locked(edition, boilerplate_of(edition.id), progress)


def scan_locked(
    edition: Edition,
    boilerplate: list[str],
    progress: Progress,
    docs: dict[str, CorpusDoc] | None = None,
    rows: list[Waiting] | None = None,
) -> dict:
    """The full scan, under the edition's index lock; the rows waiting before the
    corpus was read are done with it."""
    if docs is None:
        rows = waiting(edition.id, limit=None)
        docs = corpus_docs(edition)
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
    done(rows or [])
    db.session.commit()
    save_index(edition, snapshot_of(index, list(docs.values()), bits), boilerplate)
    progress(100, f"{entries}/{entries}")
    return result
