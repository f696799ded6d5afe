"""An edition's persisted SimilarityIndex: where it lives, its lock, building it.

The index is saved beside the database (SIMILARITY_DIR, by default
UPLOAD_DIR/../similarity) as a snapshot, one .npz file per edition with a JSON
manifest (its document ids, size, hash bits and generation), and a journal of the
documents the checks at submission added or removed since
(judging.plagiarism.services.journal): a check appends a few lines instead of
rewriting the snapshot, which is written again only when the journal has grown to a
quarter of it. The index is rebuilt from the database when missing, unreadable, out
of step, outgrown, or made with other boilerplate phrases.

A process keeps the last index it saved in memory: the next check of that edition
takes it, reading only the journal lines written since by other workers, as long as
the snapshot on disk is still the one it knew (another worker's snapshot, or a
deletion, replaces it). The copy is handed out once: a check that fails before
saving leaves nothing behind in memory.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app

from contest.models import Edition
from judging.plagiarism.core import SimilarityIndex
from judging.plagiarism.services.corpus import CHUNK, CorpusDoc, texts_of
from judging.plagiarism.services.journal import (
    Change,
    append_journal,
    read_journal,
    start_journal,
)
from judging.plagiarism.services.saved_index import SavedIndex, feature_bits

log = logging.getLogger("contest.plagiarism")

# The snapshot is written again once the journal added this many documents, or a
# quarter of the snapshot's: each entry costs its share of a rewrite, O(1) on average.
COMPACT_MIN = 256


def index_dir() -> Path:
    """Where the indexes are kept (created on first use)."""
    configured = current_app.config.get("SIMILARITY_DIR")
    folder = (
        Path(configured)
        if configured
        else Path(current_app.config["UPLOAD_DIR"]).resolve().parent / "similarity"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def index_path(edition: Edition) -> Path:
    """The edition's index file; its creation time in the name guards against a file
    left by another database whose edition had the same id."""
    stamp = int(edition.created_at.timestamp()) if edition.created_at else 0
    return index_dir() / f"edition-{edition.id}-{stamp}.npz"


@contextmanager
def index_lock(edition: Edition) -> Iterator[None]:
    """One writer of an edition's index at a time (worker threads and processes)."""
    lock_path = index_path(edition).with_suffix(".lock")
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _manifest_path(edition: Edition) -> Path:
    """The list of document ids saved with the index (the engine does not list them)."""
    return index_path(edition).with_suffix(".json")


def _journal_path(edition: Edition) -> Path:
    """The journal of the documents added and removed since the snapshot."""
    return index_path(edition).with_suffix(".journal")


FileStamp = tuple[int, int, int, int, int, int]

_kept_lock = threading.Lock()
# index file path -> (stamp of the files as this process wrote them, boilerplate,
# the index): at most one, the last saved
_kept: dict[str, tuple[FileStamp, list[str], SavedIndex]] = {}


def _stamp(edition: Edition) -> FileStamp | None:
    """Identity of the index and manifest files on disk (inode, size, mtime); every
    save replaces both files, so a new inode tells another writer's save apart."""
    try:
        found = [os.stat(index_path(edition)), os.stat(_manifest_path(edition))]
    except OSError:
        return None
    return tuple(v for st in found for v in (st.st_ino, st.st_size, st.st_mtime_ns))


def _take_kept(edition: Edition, boilerplate: list[str]) -> SavedIndex | None:
    """The index this process saved last for the edition, if the files are still its
    own and the boilerplate the same; removed from memory either way."""
    with _kept_lock:
        kept = _kept.pop(str(index_path(edition)), None)
    if kept is None:
        return None
    stamp, kept_boilerplate, saved = kept
    if stamp != _stamp(edition) or kept_boilerplate != boilerplate:
        return None
    return saved


def _keep(edition: Edition, saved: SavedIndex, boilerplate: list[str]) -> None:
    """Remember the index just saved (forgetting any other edition's)."""
    stamp = _stamp(edition)
    if stamp is None:
        return
    with _kept_lock:
        _kept.clear()
        _kept[str(index_path(edition))] = (stamp, list(boilerplate), saved)


def open_index(edition: Edition, boilerplate: list[str]) -> SavedIndex | None:
    """The saved index with its journal's changes, or None when it must be rebuilt
    (missing, unreadable, out of step with its manifest, or made with other
    boilerplate). The caller holds the edition's index_lock."""
    kept = _take_kept(edition, boilerplate)
    if kept is not None:
        try:
            tail = read_journal(
                _journal_path(edition), kept.generation, kept.journal_end
            )
        except (ValueError, KeyError, TypeError):
            tail = None  # read it all again below, or rebuild
        if tail is not None:
            kept.apply(tail[0])
            kept.journal_end = tail[1]
            return kept
    path, manifest = index_path(edition), _manifest_path(edition)
    if not (path.exists() and manifest.exists()):
        return None
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8"))
        if listed["boilerplate"] != boilerplate:
            return None  # phrases changed: every document must be prepared again
        doc_ids = set(listed["doc_ids"])
        chars, bits = int(listed["chars"]), int(listed["bits"])
        generation = str(listed.get("generation", ""))
        index = SimilarityIndex.load(str(path))
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        log.warning("similarity index %s unreadable: rebuilding it", path)
        return None
    if len(index) != len(doc_ids) or not all(d in index for d in doc_ids):
        log.warning("similarity index %s out of step: rebuilding it", path)
        return None
    saved = SavedIndex(index, doc_ids, chars, bits, generation)
    try:
        tail = read_journal(_journal_path(edition), generation)
    except (ValueError, KeyError, TypeError):
        log.warning("similarity journal of %s unreadable: rebuilding it", path)
        return None
    if tail is None:  # none yet, or left from another snapshot: start this one's
        saved.journal_end = start_journal(_journal_path(edition), generation)
    else:
        saved.apply(tail[0])
        saved.journal_end = tail[1]
        saved.journaled = len([c for c in tail[0] if c.added])
    return saved


def save_index(edition: Edition, saved: SavedIndex, boilerplate: list[str]) -> None:
    """Write a new snapshot of the index and its manifest (each atomically), start its
    empty journal and keep the index in memory for the next check; ``boilerplate``
    is what the index was built with. The caller holds the lock."""
    with _kept_lock:
        _kept.pop(str(index_path(edition)), None)
    saved.index.save(str(index_path(edition)))
    manifest = _manifest_path(edition)
    saved.generation = uuid.uuid4().hex
    fd, tmp = tempfile.mkstemp(dir=manifest.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "doc_ids": sorted(saved.doc_ids),
                    "chars": saved.chars,
                    "bits": saved.bits,
                    "boilerplate": boilerplate,
                    "generation": saved.generation,
                },
                handle,
            )
        os.replace(tmp, manifest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    saved.journal_end = start_journal(_journal_path(edition), saved.generation)
    saved.journaled = 0
    _keep(edition, saved, boilerplate)


def journal_changes(edition: Edition, saved: SavedIndex, changes: list[Change]) -> None:
    """Append the changes just applied to ``saved`` to its journal (before the check
    commits: a check that dies after this finds its documents indexed when run
    again, and checks them again). The caller holds the lock."""
    saved.journal_end = append_journal(
        _journal_path(edition), changes, saved.journal_end
    )


def keep_index(edition: Edition, saved: SavedIndex, boilerplate: list[str]) -> None:
    """After a check has committed: keep the index in memory for the next one, or
    write a new snapshot once the journal has grown to a quarter of the index."""
    if saved.journaled > max(COMPACT_MIN, len(saved.doc_ids) // 4):
        save_index(edition, saved, boilerplate)
    else:
        _keep(edition, saved, boilerplate)


def snapshot_of(index: SimilarityIndex, docs: list[CorpusDoc], bits: int) -> SavedIndex:
    """A freshly built index as saved: the indexed ones of ``docs``."""
    indexed = [d for d in docs if d.doc_id in index]
    return SavedIndex(
        index, {d.doc_id for d in indexed}, sum(d.chars for d in indexed), bits
    )


def forget_index(edition: Edition) -> None:
    """Delete the saved index (the next check rebuilds it)."""
    with _kept_lock:
        _kept.pop(str(index_path(edition)), None)
    index_path(edition).unlink(missing_ok=True)
    _manifest_path(edition).unlink(missing_ok=True)
    _journal_path(edition).unlink(missing_ok=True)


def build_index(
    docs: list[CorpusDoc],
    boilerplate: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[SimilarityIndex, int]:
    """A fresh index of the documents and its hash bits; ``progress(done, total)``
    after each chunk."""
    bits = feature_bits(sum(doc.chars for doc in docs))
    index = SimilarityIndex(boilerplate=boilerplate, feature_bits=bits)
    add_docs(index, docs, progress)
    return index, bits


def add_docs(
    index: SimilarityIndex,
    docs: list[CorpusDoc],
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Add documents to an index in bulk, a chunk at a time."""
    done = 0
    batch: list[tuple[str, str, str, str | None]] = []

    def flush() -> None:
        nonlocal done, batch
        if batch:
            index.add_many(batch)
        done += len(batch)
        batch = []
        if progress is not None:
            progress(done, len(docs))

    for doc, text in texts_of(docs):
        batch.append((doc.doc_id, text, doc.source, doc.author_key))
        if len(batch) >= CHUNK:
            flush()
    if batch or progress is not None:
        flush()
