"""Stored files: content-addressed, server-named, written atomically under UPLOAD_DIR.

A key is "ab/<sha256><suffix>": the name comes from the content, never from the user;
a file appears under its final name only once complete (temp file + rename). Tables
that hold keys declare it with `register_file_column(Model.column)`, so that
`flask files check` can list files without rows and rows without files.

A file is written before the row that names it is committed; if the transaction
open at that moment rolls back (an error half-way through a submission), the files
it created are removed again, unless a committed row names the same content.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

TEMP_PREFIX = ".incoming-"  # files being written; never a key
_NEW_FILES = "contest_new_files"  # session.info: keys created in this transaction


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
        _created_in_transaction(key)
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
        created = not target.exists()
        os.replace(temporary, target)  # same content twice: same bytes, harmless
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if created:
        _created_in_transaction(key)
    return StoredFile(key=key, sha256=hexdigest, size=size)


def _created_in_transaction(key: str) -> None:
    """Remember a new file stored while a transaction is open (its rows are being
    written), to remove it if that transaction never commits."""
    if not has_app_context():
        return
    from contest.extensions import db  # the models import this module

    session = db.session()
    if session.in_transaction():
        session.info.setdefault(_NEW_FILES, set()).add(key)


@event.listens_for(Session, "after_commit")
def _keep_committed_files(session: Session) -> None:
    # Releasing a SAVEPOINT fires after_commit too: wait for the real commit.
    if not session.in_nested_transaction():
        session.info.pop(_NEW_FILES, None)


@event.listens_for(Session, "after_transaction_end")
def _remove_uncommitted_files(session: Session, transaction) -> None:
    # After a commit the set is gone already; here the transaction rolled back.
    if transaction.parent is not None:
        return
    keys = session.info.pop(_NEW_FILES, None)
    if not keys or not has_app_context():
        return
    with session.get_bind().connect() as connection:  # committed rows only
        for key in keys:
            if not _referenced(connection, key):
                path_of(key).unlink(missing_ok=True)


def _referenced(connection, key: str) -> bool:
    """Whether a committed row of a registered key column names ``key``."""
    return any(
        connection.scalar(select(column).where(column == key).limit(1)) is not None
        for column in _FILE_COLUMNS
    )


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
