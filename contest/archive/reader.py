"""Open an edition archive and check all of it before anything is imported.

The ZIP's declared layout is checked first without inflating anything (the checks of
contest.documents.zipcheck: member count, sizes, ratios, names, nesting), then the
manifest (format, version, members), then every member is read once and compared with
its sha256 and size. Any problem raises ArchiveError with a message for the user.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from contest.documents import DocumentRejected, IntakeLimits
from contest.documents.errors import IntakeError
from contest.documents.zipcheck import check_archive, open_archive
from contest.storage import file_columns

FORMAT = "contest-edition-archive"
VERSION = 1
DOCUMENT = "edition.json"
MANIFEST = "manifest.json"
FILES = "files/"
_FILE_NAME = re.compile(r"files/[0-9a-f]{64}")
CHUNK = 1 << 20
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
# Stored files are already compressed (photos, .docx, video): generous totals; the
# JSON members deflate well but not like a bomb.
LIMITS = IntakeLimits(
    max_members=500_000, max_unpacked_bytes=100 * 1024**3, max_ratio=100.0
)


class ArchiveError(Exception):
    """The archive is refused; ``str(error)`` says why, for the user."""


def key_columns() -> list[tuple[str, str]]:
    """(table, column) of every column that holds stored-file keys."""
    return [(c.class_.__table__.name, c.key) for c in file_columns()]


@dataclass
class VerifiedArchive:
    """An archive whose every member matched the manifest; its parsed JSON."""

    zip: zipfile.ZipFile
    manifest: dict[str, Any]
    document: dict[str, Any]

    def open_file(self, digest: str):
        """A stored file of the archive, by its sha256, as a binary stream."""
        return self.zip.open(f"{FILES}{digest}")


def _rejected(error: DocumentRejected) -> ArchiveError:
    """The zip checks' refusal in the words of an archive import."""
    if error.code == IntakeError.ZIP_BOMB:
        return ArchiveError(
            _("The archive declares far more data than it holds (a zip bomb?).")
        )
    if error.code == IntakeError.PASSWORD_PROTECTED:
        return ArchiveError(_("The archive is encrypted."))
    if error.code == IntakeError.UNSAFE_ARCHIVE:
        return ArchiveError(
            _(
                "The archive contains an unsafe or duplicate file name: %(name)s.",
                name=error.details.get("member") or "?",
            )
        )
    return ArchiveError(_("This file is not a ZIP archive, or it is damaged."))


def _read_member(archive: zipfile.ZipFile, name: str) -> tuple[str, int]:
    """Read a member through (zipfile checks its CRC); its sha256 and size."""
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(name) as stream:
            while block := stream.read(CHUNK):
                digest.update(block)
                size += len(block)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise ArchiveError(
            _("The archive is damaged (%(name)s cannot be read).", name=name)
        ) from error
    return digest.hexdigest(), size


def _load_json(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        with archive.open(name) as stream:
            value = json.load(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise ArchiveError(
            _("The archive is damaged (%(name)s cannot be read).", name=name)
        ) from error
    if not isinstance(value, dict):
        raise ArchiveError(_("This file is not an edition archive."))
    return value


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The checked layout and manifest of an opened ZIP (checksums not read yet)."""
    try:
        check_archive(archive, LIMITS, nested_ok=(FILES,))
    except DocumentRejected as error:
        raise _rejected(error) from error
    names = {info.filename for info in archive.infolist()}
    if MANIFEST not in names:
        raise ArchiveError(_("This file is not an edition archive (no manifest)."))
    if archive.getinfo(MANIFEST).file_size > MANIFEST_MAX_BYTES:
        raise ArchiveError(_("The archive's manifest is too large."))
    manifest = _load_json(archive, MANIFEST)
    if manifest.get("format") != FORMAT:
        raise ArchiveError(_("This file is not an edition archive."))
    if manifest.get("version") != VERSION:
        raise ArchiveError(
            _(
                "This archive was written in format version %(found)s; this version "
                "of the application reads version %(expected)s.",
                found=manifest.get("version"),
                expected=VERSION,
            )
        )
    listed = manifest.get("members")
    if not isinstance(listed, dict) or DOCUMENT not in listed:
        raise ArchiveError(_("The archive does not match its manifest."))
    unexpected = [
        n for n in listed if n != DOCUMENT and not _FILE_NAME.fullmatch(str(n))
    ]
    if unexpected or set(listed) != names - {MANIFEST}:
        raise ArchiveError(_("The archive does not match its manifest."))
    return manifest


def _verify_members(
    archive: zipfile.ZipFile,
    manifest: dict[str, Any],
    progress: Callable[[float, str], None],
) -> None:
    """Every member's sha256 and size as listed (a file's name is its sha256 too)."""
    listed = manifest["members"]
    for done, (name, expected) in enumerate(sorted(listed.items())):
        digest, size = _read_member(archive, name)
        named = name.removeprefix(FILES) if name.startswith(FILES) else digest
        if (
            not isinstance(expected, dict)
            or expected.get("sha256") != digest
            or expected.get("size") != size
            or named != digest
        ):
            raise ArchiveError(
                _("Checksum mismatch for %(name)s: the archive is damaged.", name=name)
            )
        progress(40 * (done + 1) / len(listed), f"{done + 1}/{len(listed)}")


@contextmanager
def open_verified(
    path: Path, progress: Callable[[float, str], None]
) -> Iterator[VerifiedArchive]:
    """Open and check the whole archive; raises ArchiveError, nothing is written."""
    try:
        archive = open_archive(Path(path))
    except DocumentRejected as error:
        raise _rejected(error) from error
    with archive:
        manifest = read_manifest(archive)
        _verify_members(archive, manifest, progress)
        document = _load_json(archive, DOCUMENT)
        same = all(
            document.get(key) == manifest.get(key)
            for key in ("format", "version", "archive_id")
        )
        if not same or not isinstance(document.get("tables"), dict):
            raise ArchiveError(_("The archive does not match its manifest."))
        yield VerifiedArchive(archive, manifest, document)


def check_layout(path: Path) -> dict[str, Any]:
    """The quick part of the checks (layout and manifest, no checksums): lets an
    upload form refuse a wrong file at once. Its manifest."""
    try:
        archive = open_archive(Path(path))
    except DocumentRejected as error:
        raise _rejected(error) from error
    with archive:
        return read_manifest(archive)
