"""Stored files: content-addressed, server-named, written atomically under UPLOAD_DIR.

A key is "ab/<sha256><suffix>": the name comes from the content, never from the user;
a file appears under its final name only once complete (temp file + rename). Tables
that hold keys declare it with `register_file_column(Model.column)`, so that
`flask files check` can list files without rows and rows without files.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from flask import current_app
from sqlalchemy import select

TEMP_PREFIX = ".incoming-"  # files being written; never a key


@dataclass(frozen=True)
class StoredFile:
    """Where a stored file is (its key), what it contains (sha256) and its size."""

    key: str
    sha256: str
    size: int


def upload_root() -> Path:
    """The upload directory of the app."""
    return Path(current_app.config["UPLOAD_DIR"])


def path_of(key: str) -> Path:
    """The file of a key; keys are server-made, but never let one escape the root."""
    root = upload_root().resolve()
    path = (root / key).resolve()
    if root not in path.parents:
        raise ValueError("invalid storage key")
    return path


def store_bytes(data: bytes, suffix: str = "") -> StoredFile:
    """Write data once under its content hash (same content, same file), atomically."""
    digest = hashlib.sha256(data).hexdigest()
    safe_suffix = "".join(c for c in suffix.lower() if c.isalnum() or c == ".")[:10]
    key = f"{digest[:2]}/{digest}{safe_suffix}"
    target = path_of(key)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return StoredFile(key=key, sha256=digest, size=len(data))


def read_stored(key: str) -> bytes:
    """The content of a stored file."""
    return path_of(key).read_bytes()


def open_stored(key: str) -> IO[bytes]:
    """Open a stored file for reading (binary)."""
    return path_of(key).open("rb")


def store_stream(
    stream: IO[bytes], suffix: str = "", chunk: int = 1 << 20
) -> StoredFile:
    """Like store_bytes for a big upload: copied in chunks, hashed on the way."""
    root = upload_root()
    root.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=root, prefix=TEMP_PREFIX)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(handle, "wb") as out:
            while block := stream.read(chunk):
                digest.update(block)
                size += len(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        hexdigest = digest.hexdigest()
        safe_suffix = "".join(c for c in suffix.lower() if c.isalnum() or c == ".")[:10]
        key = f"{hexdigest[:2]}/{hexdigest}{safe_suffix}"
        target = path_of(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, target)  # same content twice: same bytes, harmless
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return StoredFile(key=key, sha256=hexdigest, size=size)


def iter_stored_keys(root: Path | None = None) -> Iterator[str]:
    """Every complete file under the upload root, as a key (temp files skipped)."""
    root = root or upload_root()
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(TEMP_PREFIX):
            yield path.relative_to(root).as_posix()


# -- which columns hold keys -----------------------------------------------------------

_FILE_COLUMNS: list[Any] = []


def register_file_column(column: Any) -> Any:
    """Declare that a model column (e.g. Attachment.storage_key) holds storage keys."""
    if not any(column is known for known in _FILE_COLUMNS):
        _FILE_COLUMNS.append(column)
    return column


def file_columns() -> list[Any]:
    """The registered key columns."""
    return list(_FILE_COLUMNS)


@dataclass(frozen=True)
class MissingFile:
    """A row that names a stored file which is not on disk."""

    table: str
    column: str
    row_id: Any
    key: str


@dataclass(frozen=True)
class FilesReport:
    """The outcome of `check_files`: orphan files and rows whose file is missing."""

    orphans: list[str]
    missing: list[MissingFile]
    referenced: int

    @property
    def ok(self) -> bool:
        """True when every file has a row and every row its file."""
        return not self.orphans and not self.missing


def check_files(session) -> FilesReport:
    """Compare the upload directory with the registered key columns."""
    on_disk = set(iter_stored_keys())
    referenced: set[str] = set()
    missing: list[MissingFile] = []
    for column in _FILE_COLUMNS:
        model = column.class_
        primary_key = model.__mapper__.primary_key[0]
        rows = session.execute(select(primary_key, column).where(column.is_not(None)))
        for row_id, key in rows:
            referenced.add(key)
            if key not in on_disk:
                missing.append(
                    MissingFile(model.__tablename__, column.key, row_id, key)
                )
    return FilesReport(
        orphans=sorted(on_disk - referenced),
        missing=missing,
        referenced=len(referenced),
    )
