"""Zip safety checks done in the parent from the central directory, inflating nothing.

A .docx or .odt is a zip. Before any parser touches it we check what the archive
*declares*: member count, unpacked size, compression ratios, names and nesting. The
child parser relies on ``zipfile`` never inflating past a member's declared size (it
stops there and checks the CRC), so lying about sizes only makes the file corrupt.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile

from contest.documents.errors import DocumentRejected, IntakeError
from contest.documents.results import IntakeLimits

# Where Office keeps embedded objects (charts carry an .xlsx): allowed, never opened.
EMBEDDING_PREFIXES = ("word/embeddings/",)
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_PEEK = 4


def open_archive(data: bytes | str | os.PathLike) -> zipfile.ZipFile:
    """Open the zip's central directory (of bytes, or of a file on disk) or refuse the
    file as corrupt."""
    try:
        return zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentRejected(
            IntakeError.CORRUPT_FILE, error=type(exc).__name__
        ) from exc


def check_archive(
    archive: zipfile.ZipFile,
    limits: IntakeLimits,
    nested_ok: tuple[str, ...] = EMBEDDING_PREFIXES,
) -> None:
    """Raise DocumentRejected unless the archive's declared layout is safe to parse.

    Members under ``nested_ok`` may themselves be zips (they are never opened here).
    """
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise DocumentRejected(
            IntakeError.ZIP_BOMB, reason="members", members=len(infos)
        )
    seen: set[str] = set()
    total = packed = 0
    for info in infos:
        _check_name(info.filename, seen)
        if info.flag_bits & 0x1:
            raise DocumentRejected(IntakeError.PASSWORD_PROTECTED, detected="zip")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocumentRejected(
                IntakeError.UNSAFE_ARCHIVE, reason="compression", member=info.filename
            )
        _check_ratio(info.file_size, info.compress_size, limits, info.filename)
        total += info.file_size
        packed += info.compress_size
        if total > limits.max_unpacked_bytes:
            raise DocumentRejected(
                IntakeError.ZIP_BOMB,
                reason="unpacked_size",
                limit=limits.max_unpacked_bytes,
            )
    _check_ratio(total, packed, limits, None)
    for info in infos:
        if not info.filename.startswith(nested_ok) and _is_zip(archive, info):
            raise DocumentRejected(
                IntakeError.UNSAFE_ARCHIVE,
                reason="nested_archive",
                member=info.filename,
            )


def _check_name(name: str, seen: set[str]) -> None:
    """No absolute paths, drive letters, backslashes, ".." or duplicate names.

    Duplicates matter: two parsers could each pick a different "word/document.xml".
    """
    parts = name.split("/")
    bad = (
        name.startswith("/")
        or "\\" in name
        or "\0" in name
        or (len(name) > 1 and name[1] == ":")
        or ".." in parts
        or posixpath.normpath(name).startswith("..")
    )
    if bad:
        raise DocumentRejected(
            IntakeError.UNSAFE_ARCHIVE, reason="path", member=name[:120]
        )
    if name in seen:
        raise DocumentRejected(
            IntakeError.UNSAFE_ARCHIVE, reason="duplicate", member=name[:120]
        )
    seen.add(name)


def _check_ratio(
    size: int, packed: int, limits: IntakeLimits, member: str | None
) -> None:
    """Refuse a member (or the whole archive) that claims to inflate too much."""
    if size < limits.ratio_floor_bytes:
        return
    ratio = size / max(packed, 1)
    if ratio > limits.max_ratio:
        raise DocumentRejected(
            IntakeError.ZIP_BOMB,
            reason="ratio" if member else "overall_ratio",
            ratio=round(ratio),
            member=member,
        )


def read_member(
    archive: zipfile.ZipFile, member: str | zipfile.ZipInfo, cap: int
) -> bytes:
    """Up to ``cap`` bytes of a member (inflates at most that much, even for a bomb),
    or the file refused as corrupt."""
    try:
        with archive.open(member) as opened:
            return opened.read(cap)
    except (
        zipfile.BadZipFile,
        OSError,
        RuntimeError,
        NotImplementedError,
        EOFError,
    ) as exc:
        raise DocumentRejected(
            IntakeError.CORRUPT_FILE, error=type(exc).__name__
        ) from exc


def _is_zip(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a member starts with a zip signature (reads ≤ 4 KB of inflated data)."""
    if info.file_size < _PEEK:
        return False
    return read_member(archive, info, _PEEK) in _ZIP_MAGICS
