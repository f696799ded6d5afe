"""Bulk import of a unit's paper entries: a ZIP of documents plus a manifest.

Each manifest row becomes one submitted entry (channel IMPORT, owned by the focal
point, numbered like any other) or one rejected row with a reason. Cheap checks come
first (cells, file, track, field), then rows already imported are skipped by their
import key (sha256 of unit, file bytes and title: re-importing the same ZIP creates
nothing), then documents are extracted a few at a time in parallel (each in its own
sandboxed child process), and each row is written inside its own SAVEPOINT, so that
a failing row leaves nothing behind and never stops the others. Flushes only.
"""

from __future__ import annotations

import posixpath
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest.documents import DocumentRejected, ExtractedDocument, extract_document
from contest.extensions import db
from contest.models import Edition, Entry, EntryChannel, User
from contest.services import entries as service
from contest.services import entry_files
from contest.services.audit import audit
from contest.services.unit_bundle import Bundle, RowError
from contest.services.unit_manifest import (
    Choice,
    ManifestRow,
    import_key,
    read_manifest,
    resolve_row,
)
from contest.textnorm import word_count

# Documents read at once; the sandbox also caps readers per process (its _SLOTS).
PARALLEL_READERS = 2


@dataclass
class RowOutcome:
    """What happened to one manifest row (plain values for the report page)."""

    row: int
    file: str
    title: str
    number: str | None = None
    entry_id: int | None = None
    needs_typing: bool = False
    reason: RowError | None = None
    detail: str = ""  # an IntakeError/Problem code, missing columns, or a row number
    words: int = 0
    limit: int = 0


@dataclass
class ImportReport:
    """Imported, already imported (earlier, same file and title) and rejected rows."""

    imported: list[RowOutcome] = field(default_factory=list)
    already: list[RowOutcome] = field(default_factory=list)
    rejected: list[RowOutcome] = field(default_factory=list)


class _RowRefused(Exception):
    """Raised inside a row's savepoint to undo the row."""

    def __init__(self, outcome: RowOutcome) -> None:
        super().__init__(outcome.reason)
        self.outcome = outcome


def import_bundle(
    actor: User,
    edition: Edition,
    archive: bytes,
    manifest: tuple[bytes, str] | None,
    now: datetime,
) -> ImportReport:
    """Import every row of the ZIP's manifest (or of `manifest`, uploaded beside it).

    Raises BundleRejected when the ZIP or the manifest is refused as a whole. The
    caller has checked that the edition is open and that the actor has a unit.
    """
    bundle = Bundle(archive)
    report = ImportReport()
    try:
        rows = read_manifest(bundle, manifest)
        todo = _rows_to_import(actor, edition, bundle, rows, report)
        for (row, key), (data, result) in zip(
            todo, _extract_all(bundle, [r for r, _ in todo]), strict=True
        ):
            outcome = _import_row(actor, edition, row, key, data, result, now)
            if outcome.reason is None:
                report.imported.append(outcome)
            elif outcome.reason == RowError.ALREADY_IMPORTED:
                report.already.append(outcome)
            else:
                report.rejected.append(outcome)
    finally:
        bundle.close()
    report.rejected.sort(key=lambda outcome: outcome.row)
    audit(
        actor,
        "entry.import",
        None,
        imported=len(report.imported),
        already=len(report.already),
        rejected=len(report.rejected),
    )
    return report


def _rows_to_import(
    actor: User,
    edition: Edition,
    bundle: Bundle,
    rows: list[ManifestRow],
    report: ImportReport,
) -> list[tuple[ManifestRow, str]]:
    """Rows worth extracting, with their import keys; the others go in the report.

    The cheap checks come first; then rows imported earlier (same key) are found
    with one query, so that re-importing a ZIP reads no document at all.
    """
    tracks = [Choice(t.id, t.name, t.kind) for t in edition.tracks]
    fields = [Choice(f.id, f.name) for f in edition.fields]
    pending: list[tuple[ManifestRow, str]] = []
    first_row: dict[str, int] = {}
    for row in rows:
        resolve_row(row, bundle, tracks, fields)
        if row.error is not None:
            report.rejected.append(
                _outcome(row, reason=row.error, detail=", ".join(row.missing))
            )
            continue
        key = import_key(actor.unit_id, bundle.read(row.member), row.title)
        if key in first_row:
            report.rejected.append(
                _outcome(
                    row, reason=RowError.DUPLICATE_IN_FILE, detail=str(first_row[key])
                )
            )
            continue
        first_row[key] = row.row
        pending.append((row, key))
    done = _imported_entries([key for _, key in pending])
    for row, key in pending:
        if key in done:
            entry = done[key]
            report.already.append(_outcome(row, number=entry.number, entry_id=entry.id))
    return [(row, key) for row, key in pending if key not in done]


def _outcome(row: ManifestRow, **values) -> RowOutcome:
    return RowOutcome(row=row.row, file=row.file, title=row.title, **values)


def _imported_entries(keys: Sequence[str]) -> dict[str, Entry]:
    """Entries already created from these import keys, by key (one query)."""
    if not keys:
        return {}
    found = db.session.scalars(select(Entry).where(Entry.import_key.in_(keys)))
    return {entry.import_key: entry for entry in found}


def _extract_all(
    bundle: Bundle, rows: Sequence[ManifestRow]
) -> Iterator[tuple[bytes, ExtractedDocument | DocumentRejected]]:
    """Each row's file and its extraction (or refusal), in order, a few in parallel.

    Only a small window of files is in flight, so memory stays bounded by a few
    documents however many rows the manifest has.
    """
    lock = threading.Lock()  # one reader of the shared archive at a time

    def read_and_extract(row: ManifestRow):
        with lock:
            data = bundle.read(row.member)
        try:
            return data, extract_document(data, posixpath.basename(row.member))
        except DocumentRejected as refusal:
            return data, refusal

    with ThreadPoolExecutor(max_workers=PARALLEL_READERS) as pool:
        window: deque[Future] = deque()
        queue = iter(rows)
        for row in queue:
            window.append(pool.submit(read_and_extract, row))
            if len(window) >= 2 * PARALLEL_READERS:
                break
        while window:
            yield window.popleft().result()
            row = next(queue, None)
            if row is not None:
                window.append(pool.submit(read_and_extract, row))


def _import_row(
    actor: User,
    edition: Edition,
    row: ManifestRow,
    key: str,
    data: bytes,
    result: ExtractedDocument | DocumentRejected,
    now: datetime,
) -> RowOutcome:
    """Create, fill and submit one entry inside a SAVEPOINT; any refusal undoes it."""
    if isinstance(result, DocumentRejected):
        return _outcome(row, reason=RowError.BAD_DOCUMENT, detail=result.code.value)
    try:
        with db.session.begin_nested():
            entry = _create_entry(actor, edition, row, key)
            entry_files.attach_document(
                entry,
                actor,
                data,
                posixpath.basename(row.member or row.file),
                allow_scan=True,
                extracted=result,
            )
            # The unit keeps the signed paper entry form; it declares for the author.
            entry.declaration_accepted = True
            _refuse_if_incomplete(entry, row, now)
            service.submit(entry, actor, now)
    except _RowRefused as refusal:
        return refusal.outcome
    except DocumentRejected as refusal:  # e.g. a file type this edition refuses
        return _outcome(row, reason=RowError.BAD_DOCUMENT, detail=refusal.code.value)
    except IntegrityError:  # the same file imported at the same moment elsewhere
        return _outcome(row, reason=RowError.ALREADY_IMPORTED)
    return _outcome(
        row, number=entry.number, entry_id=entry.id, needs_typing=entry.needs_typing
    )


def _create_entry(actor: User, edition: Edition, row: ManifestRow, key: str) -> Entry:
    """A draft owned by the focal point for the row, with its typed-in details."""
    entry = service.start_entry(
        actor, edition, key=key, channel=EntryChannel.IMPORT, unit_id=actor.unit_id
    )
    entry.import_key = key
    service.save_draft(
        entry,
        actor,
        service.EntryData(
            title=row.title,
            track_id=row.track_id,
            field_id=row.field_id,
            text=None,
            outlet=row.outlet,
            published_on=row.published_date,
            link=row.link,
            authors=[
                service.AuthorData(
                    full_name=row.author, phone=row.phone, unit_name=row.unit
                )
            ],
            featured=[
                service.FeaturedData(name=row.featured, locality=row.featured_address)
            ],
        ),
    )
    return entry


def _refuse_if_incomplete(entry: Entry, row: ManifestRow, now: datetime) -> None:
    """Raise _RowRefused with the first problem that prevents submission."""
    found = service.problems(entry, now)
    if not found:
        return
    if found.get("text") == service.Problem.TOO_LONG:
        raise _RowRefused(
            _outcome(
                row,
                reason=RowError.TOO_LONG,
                words=word_count(entry.draft_text),
                limit=entry.track.word_limit,
            )
        )
    raise _RowRefused(
        _outcome(row, reason=RowError.INCOMPLETE, detail=next(iter(found.values())))
    )
