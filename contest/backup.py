"""Backups: the database and the uploaded files in one verified archive, and restore.

Archive (tar.gz): `database/<dump>`, `uploads/<key>` for every stored file,
`manifest.json` (format, time, dialect, rows per table, sha256 and size of every
member) and `manifest.sha256`. Restore reads and checks everything before it touches
the database, and refuses a damaged or mismatched archive with a plain message. A
backup restores into either engine: the other one reads its portable SQLite copy.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from flask import Flask

from contest.backup_db import database_counts, dump_database, restore_database
from contest.backup_errors import BackupError
from contest.backup_portable import portable_member, restore_portable
from contest.extensions import db
from contest.storage import TEMP_PREFIX, iter_stored_keys

FORMAT = "contest-backup"
VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
CHUNK = 1 << 20

__all__ = ["BackupError", "create_backup", "default_backup_path", "restore_backup"]


def default_backup_path(app: Flask) -> Path:
    """instance/backups/contest-YYYYmmdd-HHMMSS.tar.gz"""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path(app.instance_path) / "backups" / f"contest-{stamp}.tar.gz"


class _Hashing:
    """A read-only stream wrapper that hashes what passes through it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.sha256, self.size = stream, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        block = self.stream.read(size)
        self.sha256.update(block)
        self.size += len(block)
        return block


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    """Add one file under `name`; its sha256 and size as read."""
    with path.open("rb") as stream:
        info = archive.gettarinfo(fileobj=stream, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600
        reader = _Hashing(stream)
        archive.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": reader.size}


def _add_bytes(archive: tarfile.TarFile, data: bytes, name: str) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(app: Flask, output: Path) -> dict[str, Any]:
    """Write a backup archive to `output` (atomically) and return its manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    upload_root = Path(app.config["UPLOAD_DIR"])
    with app.app_context(), tempfile.TemporaryDirectory(dir=output.parent) as work:
        dump = dump_database(db.engine, Path(work))
        partial = output.with_name(output.name + ".partial")
        members: dict[str, dict[str, Any]] = {}
        with tarfile.open(partial, "w:gz") as archive:
            db_name = f"database/{dump.path.name}"
            members[db_name] = _add_file(archive, dump.path, db_name)
            portable = f"database/{dump.portable.name}"
            if portable != db_name:
                members[portable] = _add_file(archive, dump.portable, portable)
            for key in iter_stored_keys(upload_root):
                name = f"uploads/{key}"
                try:
                    members[name] = _add_file(archive, upload_root / key, name)
                except FileNotFoundError:
                    continue  # removed while we were listing: not part of this backup
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": datetime.now(UTC).isoformat(),
                "database": {
                    "dialect": dump.dialect,
                    "member": db_name,
                    "portable": portable,
                    "tables": dump.counts,
                },
                "members": members,
            }
            encoded = json.dumps(manifest, indent=1, sort_keys=True).encode()
            _add_bytes(archive, encoded, MANIFEST)
            _add_bytes(
                archive, hashlib.sha256(encoded).hexdigest().encode(), MANIFEST_SUM
            )
        os.replace(partial, output)
    return manifest


def _safe_name(name: str) -> bool:
    """Only database/… , uploads/… and the manifest; no absolute paths, no '..'."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return False
    return name in (MANIFEST, MANIFEST_SUM) or (
        path.parts[0] in ("database", "uploads") and len(path.parts) >= 2
    )


def _extract_and_verify(archive_path: Path, work: Path) -> dict[str, Any]:
    """Extract into `work`, check every checksum; the manifest, or BackupError."""
    found: dict[str, dict[str, Any]] = {}
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(
                        f"Unexpected entry in the archive: {member.name!r}."
                    )
                target = work / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                reader = _Hashing(archive.extractfile(member))
                with target.open("wb") as out:
                    while block := reader.read(CHUNK):
                        out.write(block)
                found[member.name] = {
                    "sha256": reader.sha256.hexdigest(),
                    "size": reader.size,
                }
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(
            f"The archive is damaged or not a backup ({error})."
        ) from error
    if MANIFEST not in found or MANIFEST_SUM not in found:
        raise BackupError("This file is not a contest backup (no manifest).")
    expected_sum = (work / MANIFEST_SUM).read_text().strip()
    if found[MANIFEST]["sha256"] != expected_sum:
        raise BackupError("The backup manifest does not match its checksum.")
    manifest = json.loads((work / MANIFEST).read_text())
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(
            "This backup was written in a format this version cannot read."
        )
    listed = manifest["members"]
    extra = set(found) - set(listed) - {MANIFEST, MANIFEST_SUM}
    missing = set(listed) - set(found)
    if extra or missing:
        names = ", ".join(sorted(extra | missing)[:5])
        raise BackupError(f"The archive does not match its manifest ({names}).")
    for name, expected in listed.items():
        if found[name] != expected:
            raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")
    return manifest


def verify_backup(archive_path: Path) -> dict[str, Any]:
    """Check an archive completely without restoring it; its manifest."""
    with tempfile.TemporaryDirectory() as work:
        return _extract_and_verify(Path(archive_path), Path(work))


def restore_backup(
    app: Flask, archive_path: Path, *, force: bool = False
) -> dict[str, Any]:
    """Restore the database and the files of a verified archive into this app.

    Refuses a database that already holds rows unless `force`. Files are put in
    place atomically; files already present with the same key are left alone.
    """
    upload_root = Path(app.config["UPLOAD_DIR"])
    upload_root.mkdir(parents=True, exist_ok=True)
    with app.app_context(), tempfile.TemporaryDirectory(dir=upload_root.parent) as tmp:
        work = Path(tmp)
        manifest = _extract_and_verify(Path(archive_path), work)
        engine = db.engine
        db.session.remove()
        if not force:
            held = {
                n: c
                for n, c in database_counts(engine).items()
                if c and n != "alembic_version"
            }
            if held:
                raise BackupError(
                    f"The target database is not empty ({sum(held.values())} rows). "
                    "Restore into a fresh database, or use --force to replace its content."
                )
        database = manifest["database"]
        if database["dialect"] == engine.dialect.name:
            restore_database(engine, database["dialect"], work / database["member"])
        else:  # the other engine: pour the portable SQLite copy in (migrated schema)
            restore_portable(
                app,
                work / portable_member(database),
                database["dialect"],
                replace=force,
            )
        for name in manifest["members"]:
            if not name.startswith("uploads/"):
                continue
            target = upload_root / name.removeprefix("uploads/")
            target.parent.mkdir(parents=True, exist_ok=True)
            incoming = target.with_name(TEMP_PREFIX + target.name)
            shutil.move(work / name, incoming)
            os.replace(incoming, target)
        restored = database_counts(engine)
        differ = {
            n: (c, restored.get(n))
            for n, c in database["tables"].items()
            if restored.get(n) != c
        }
        if differ:
            raise BackupError(f"Row counts differ after the restore: {differ}.")
    return manifest
