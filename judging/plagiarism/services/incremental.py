"""The check at submission: the waiting entries only, against the edition's saved index.

Each waiting entry (judging.plagiarism.services.pending) is brought in step with the
database in the index (its submitted version added; an older version, or the entry
once withdrawn, removed), aligned with its candidates and its pairs recorded as the
full scan records them: the same candidates, thresholds, pair rows and decisions, and
of two entries of the edition the later one (by entry number) aligned as A, as a
rebuilt index aligns them in a full scan. The cost is that of the entries checked, not
of the edition: a few small queries and one journal append.

Crash safety: the index changes are appended to the journal before the pairs are
committed together with the deletion of the waiting rows. A worker dying in between
leaves the rows waiting; the next check (or the retried job) finds the documents
indexed already and checks them again, recording the same rows (idempotent).

The documents matched are looked up in the database: one that left the corpus without
notice is removed from the index and the entry checked again.
"""

from __future__ import annotations

from judging.plagiarism.core import DEFAULT_THRESHOLD, Match, reported
from judging.plagiarism.models import SOURCE_EDITION
from judging.plagiarism.services.corpus import (
    CorpusDoc,
    corpus_docs_of,
    entry_of,
    reference_of,
    texts_of,
)
from judging.plagiarism.services.index import journal_changes
from judging.plagiarism.services.journal import Change
from judging.plagiarism.services.pending import Waiting, done
from judging.plagiarism.services.record import RecordSummary, record_matches
from judging.plagiarism.services.saved_index import SavedIndex

REPAIRS = 3  # rounds of removing matched documents that left the corpus


def check_waiting(
    edition, saved: SavedIndex, rows: list[Waiting]
) -> RecordSummary | None:
    """Check the waiting entries of ``rows`` against ``saved`` and record their pairs;
    flushes, the caller commits. None when the index outgrew its hash space (the
    caller rebuilds it); ``saved`` is then in an unknown state."""
    entry_ids = sorted({row.entry_id for row in rows if row.entry_id is not None})
    wanted = {doc.entry_id: doc for doc in corpus_docs_of(edition, entry_ids).values()}
    changes = [
        Change(saved.by_entry[entry_id])
        for entry_id in entry_ids
        if entry_id in saved.by_entry
        and saved.by_entry[entry_id]
        != (wanted[entry_id].doc_id if entry_id in wanted else None)
    ]
    new = [doc for doc in wanted.values() if doc.doc_id not in saved.doc_ids]
    changes += [
        Change(doc.doc_id, text, doc.source, doc.author_key, doc.chars)
        for doc, text in texts_of(new)
    ]
    saved.apply(changes)
    if not saved.fits(saved.chars):
        return None
    checked = [doc for doc in wanted.values() if doc.doc_id in saved.doc_ids]
    matches, others = _matches(edition, saved, checked, changes)
    journal_changes(edition, saved, changes)
    docs = {doc.doc_id: doc for doc in [*checked, *others.values()]}
    summary = record_matches(edition.id, matches, docs, checked=set(entry_ids))
    done(rows)
    return summary


def _matches(
    edition, saved: SavedIndex, checked: list[CorpusDoc], changes: list[Change]
) -> tuple[list[Match], dict[str, CorpusDoc]]:
    """The reported pairs of the checked documents and the other documents met, as
    they are in the corpus; removes (and adds to ``changes``) the documents met that
    left it."""
    index = saved.index
    ours = {doc.doc_id for doc in checked}
    for _round in range(REPAIRS):
        candidates = {doc.doc_id: index.candidates(doc.doc_id) for doc in checked}
        met = {c for found in candidates.values() for c in found} - ours
        others = corpus_docs_of(
            edition,
            [e for e in map(entry_of, met) if e is not None],
            [r for r in map(reference_of, met) if r is not None],
        )
        gone = [Change(doc_id) for doc_id in sorted(met - others.keys())]
        if not gone:
            break
        saved.apply(gone)
        changes += gone
    known = {doc.doc_id: doc for doc in checked} | others
    found = [
        _aligned(index, doc, known[c])
        for doc in checked
        for c in candidates[doc.doc_id]
        if c in known
    ]
    return reported(found, DEFAULT_THRESHOLD), others


def _aligned(index, doc: CorpusDoc, other: CorpusDoc) -> Match:
    """The pair aligned as the full scan aligns it: of two entries of the edition, the
    later one is A; otherwise the edition's entry."""
    if (
        doc.source == SOURCE_EDITION
        and other.source == SOURCE_EDITION
        and other.entry_id > doc.entry_id
    ):
        return index.pair(other.doc_id, doc.doc_id)
    return index.pair(doc.doc_id, other.doc_id)
