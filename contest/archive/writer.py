"""Export one edition to an archive file (see contest.archive for the layout)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from contest.archive.reader import (
    DOCUMENT,
    FILES,
    FORMAT,
    MANIFEST,
    VERSION,
    key_columns,
)
from contest.archive.shared import export_shared, referenced
from contest.archive.tables import AUDIT, PARTS, object_types, rows_of, scope
from contest.archive.values import encode_row
from contest.extensions import db
from contest.models import AuditLog, Edition
from contest.storage import path_of

Progress = Callable[[float, str], None]
CHUNK = 1 << 20


def _quiet(_percent: float, _message: str) -> None:
    """Progress nobody watches."""


class _HashingWriter(io.RawIOBase):
    """A binary stream that hashes and counts what is written through it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target, self.sha256, self.size = target, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, block) -> int:
        self.sha256.update(block)
        self.size += len(block)
        self.target.write(block)
        return len(block)


def _audit_rows(edition_id: int, tables: dict[str, list[dict]]) -> list[dict]:
    """The audit rows about the edition or any of its archived rows."""
    table = AuditLog.__table__
    types = {name: kind for kind, name in object_types().items()}
    rows: dict[int, dict] = {}
    for name, kept in tables.items():
        kind = types.get(name)
        if kind is None or not kept or "id" not in kept[0]:
            continue
        found = db.session.execute(
            select(table).where(
                table.c.object_type == kind,
                table.c.object_id.in_(scope(name, edition_id)),
            )
        ).mappings()
        rows |= {row["id"]: encode_row(table, row) for row in found}
    return [rows[key] for key in sorted(rows)]


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def collect(edition: Edition, progress: Progress = _quiet) -> dict[str, Any]:
    """The edition's archived rows, audit rows and shared rows, as edition.json holds
    them (stored files are listed by key, their hashes added by ``export_edition``)."""
    tables: dict[str, list[dict]] = {}
    for done, part in enumerate(PARTS):
        table = part.columns
        result = db.session.execute(rows_of(part, edition.id)).mappings()
        tables[part.table] = [encode_row(table, row) for row in result]
        progress(20 * (done + 1) / len(PARTS), part.table)
    audit_rows = _audit_rows(edition.id, tables)
    keys = sorted(
        {
            row[column]
            for name, column in key_columns()
            for row in tables.get(name, [])
            if row.get(column)
        }
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "archive_id": edition.archive_uuid,
        "exported_at": datetime.now(UTC).isoformat(),
        "source": {
            "edition_id": edition.id,
            "title": edition.title,
            "year": edition.year,
        },
        "tables": tables,
        AUDIT: audit_rows,
        "shared": export_shared(referenced(tables, audit_rows)),
        "files": dict.fromkeys(keys),
    }


def export_edition(
    edition: Edition, target: Path, progress: Progress = _quiet
) -> dict[str, Any]:
    """Write the edition's archive to ``target`` (atomically); its manifest.

    Gives the edition its archive id if it has none (flushes; the caller commits).
    """
    if not edition.archive_uuid:
        edition.archive_uuid = str(uuid.uuid4())
        db.session.flush()
    document = collect(edition, progress)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
            members = _write_files(archive, document["files"], progress)
            members[DOCUMENT] = _write_json(archive, DOCUMENT, document)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "archive_id": document["archive_id"],
                "created_at": document["exported_at"],
                "edition": document["source"],
                "rows": {n: len(r) for n, r in document["tables"].items()}
                | {AUDIT: len(document[AUDIT])},
                "missing_files": sorted(
                    k for k, v in document["files"].items() if not v
                ),
                "members": members,
            }
            _write_json(archive, MANIFEST, manifest)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    progress(100, "")
    return manifest


def _write_files(
    archive: zipfile.ZipFile, files: dict[str, str | None], progress: Progress
) -> dict[str, dict[str, Any]]:
    """Add each stored file once, as files/<sha256>; records each key's hash in
    ``files`` (None for a file missing from the storage)."""
    members: dict[str, dict[str, Any]] = {}
    for done, key in enumerate(sorted(files)):
        try:
            path = path_of(key)
            digest = _file_hash(path)
        except (OSError, ValueError):
            continue  # listed in the manifest as missing
        files[key] = digest
        name = f"{FILES}{digest}"
        if name not in members:
            archive.write(path, name, compress_type=zipfile.ZIP_STORED)
            members[name] = {"sha256": digest, "size": path.stat().st_size}
        progress(20 + 75 * (done + 1) / len(files), f"{done + 1}/{len(files)}")
    return members


def _write_json(archive: zipfile.ZipFile, name: str, value: Any) -> dict[str, Any]:
    """Add a JSON member (deflated); its sha256 and size."""
    info = zipfile.ZipInfo(name, date_time=datetime.now(UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        hashing = _HashingWriter(member)
        with io.TextIOWrapper(hashing, encoding="utf-8") as text:
            json.dump(value, text, ensure_ascii=False, indent=1)
    return {"sha256": hashing.sha256.hexdigest(), "size": hashing.size}
