"""Import an edition archive as a new, closed edition (an archive of a past year).

Order: check the whole archive (contest.archive.reader) and that this database can
take it (not imported before, no clash of entry numbers or judging codes); then put
the stored files in place (content-addressed, each written atomically: harmless if
the import fails later, and referenced only once it commits); then insert every row
in one transaction, the edition row first so that SQLite takes the write lock at
once. The caller commits (a job or the CLI).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Table, insert
from sqlalchemy.exc import SQLAlchemyError

from contest.archive.checks import admit
from contest.archive.reader import (
    FILES,
    ArchiveError,
    VerifiedArchive,
    key_columns,
    open_verified,
)
from contest.archive.shared import import_shared
from contest.archive.tables import (
    AUDIT,
    EDITION,
    PARTS,
    IdMaps,
    Part,
    object_types,
)
from contest.archive.values import DanglingLink, remap_row
from contest.extensions import db
from contest.models import AuditLog, Edition, EditionStatus, User
from contest.services.audit import audit
from contest.storage import store_stream

Progress = Callable[[float, str], None]
CHUNK = 500


def _quiet(_percent: float, _message: str) -> None:
    """Progress nobody watches."""


def _chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _store_files(
    archive: VerifiedArchive, files: dict[str, str | None], progress: Progress
) -> dict[str, str]:
    """Put the archive's files in the storage; old key -> key here."""
    members = archive.manifest["members"]
    stored: dict[str, str] = {}
    for done, (key, digest) in enumerate(sorted(files.items())):
        if not digest:
            continue  # missing when exported: the row keeps its key
        if f"{FILES}{digest}" not in members:
            raise ArchiveError(_("The archive does not match its manifest."))
        base = PurePosixPath(key).name
        suffix = base[64:] if base.startswith(digest) else PurePosixPath(key).suffix
        with archive.open_file(digest) as stream:
            stored[key] = store_stream(stream, suffix).key
        progress(40 + 30 * (done + 1) / len(files), f"{done + 1}/{len(files)}")
    return stored


def _insert(table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows in order; their new ids (none for a table without its own id)."""
    if not rows:
        return []
    if "id" not in table.c or table.c.id.foreign_keys:
        db.session.execute(insert(table), rows)
        return []
    new_ids = db.session.scalars(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
    )
    return list(new_ids)


def _import_part(
    part: Part,
    rows: list[dict[str, Any]],
    ids: IdMaps,
    stored: dict[str, str],
    keys: frozenset[str],
) -> None:
    """Insert one table's archived rows, remapped; record their new ids."""
    table = part.columns
    mapped = ids.setdefault(part.table, {})
    for chunk in _chunks(rows):
        values = []
        for row in chunk:
            value = remap_row(table, row, ids, stored, keys)
            for name in part.reset:
                value[name] = None
            if part.fix is not None:
                part.fix(value, row, ids)
            values.append(value)
        new_ids = _insert(table, values)
        mapped.update(
            (row["id"], new) for row, new in zip(chunk, new_ids, strict=False)
        )


def _import_audit(rows: list[dict[str, Any]], ids: IdMaps) -> None:
    """The edition's audit rows, pointing at the imported objects."""
    table = AuditLog.__table__
    types = object_types()
    values = []
    for row in rows:
        value = remap_row(table, row, ids, {}, frozenset())
        target = ids.get(types.get(row.get("object_type") or "", ""), {})
        value["object_id"] = target.get(row.get("object_id"))
        values.append(value)
    for chunk in _chunks(values):
        _insert(table, chunk)


def import_edition(
    path: Path, actor: User | None, progress: Progress = _quiet
) -> Edition:
    """Import the archive at ``path`` as a new closed edition (the caller commits).

    Raises ArchiveError, before writing anything, for an archive that is damaged,
    altered, of another format version, already imported, or clashing with this
    database.
    """
    with open_verified(Path(path), progress) as archive:
        document = archive.document
        archive_id = admit(document)
        tables: dict[str, list[dict]] = document["tables"]
        stored = _store_files(archive, document.get("files") or {}, progress)
        progress(70, "")
        ids: IdMaps = {}
        try:
            # The edition row first: it takes the write lock (SQLite) before any read.
            _import_part(PARTS[0], tables[EDITION], ids, stored, frozenset())
            created = import_shared(document.get("shared") or {}, ids)
            for done, part in enumerate(PARTS[1:], 1):
                keys = frozenset(c for t, c in key_columns() if t == part.table)
                _import_part(part, tables.get(part.table, []), ids, stored, keys)
                progress(70 + 28 * done / len(PARTS), part.table)
            _import_audit(document.get(AUDIT) or [], ids)
        except (
            DanglingLink,
            SQLAlchemyError,
            ValueError,
            TypeError,
            KeyError,
        ) as error:
            # Rows the database refuses: the archive was made by hand or by a bug.
            detail = (
                str(error) if isinstance(error, DanglingLink) else type(error).__name__
            )
            raise ArchiveError(
                _("The archive is inconsistent (%(link)s).", link=detail)
            ) from error
        edition = db.session.get(Edition, ids[EDITION][tables[EDITION][0]["id"]])
        edition.status = EditionStatus.CLOSED
        edition.archive_uuid = archive_id
        edition.cloned_from_id = None
        db.session.flush()
        audit(
            actor,
            "edition.import",
            edition,
            archive_id=archive_id,
            source=document.get("source"),
            created=created,
            rows={name: len(rows) for name, rows in tables.items()},
        )
        progress(100, "")
        return edition
