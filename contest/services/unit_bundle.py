"""The outer ZIP of a unit's bulk import, opened and checked safely (pure).

This applies the checks of ``contest.documents.zipcheck`` to the outer ZIP — member
count, declared sizes and ratios, dangerous names — without inflating anything,
except that its members are documents which are zips by nature (.docx, .odt): each is
checked later, one by one, by ``extract_document``. Whole-ZIP problems raise
``BundleRejected``; a bad member only marks the rows that name it (``RowError``).
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from enum import StrEnum
from typing import Any

from contest.documents import DEFAULT_LIMITS, DocumentRejected, IntakeLimits
from contest.documents.zipcheck import open_archive
from contest.textnorm import nfc

# Many documents, each already compressed: generous totals, the usual ratio rules.
OUTER_LIMITS = IntakeLimits(max_members=1_000, max_unpacked_bytes=250 * 1024 * 1024)
MANIFEST_SUFFIXES = (".csv", ".xlsx")
# Junk that archivers add (macOS resource forks, Windows thumbnails): never rows.
_JUNK = re.compile(r"(^|/)(__MACOSX/|\._|\.DS_Store$|Thumbs\.db$|desktop\.ini$)")


class BundleError(StrEnum):
    """Why a whole ZIP (or its manifest) was refused; nothing is imported then."""

    NOT_A_ZIP = "not_a_zip"
    ENCRYPTED = "encrypted"
    TOO_MANY_FILES = "too_many_files"
    TOO_LARGE = "too_large"
    NO_MANIFEST = "no_manifest"
    SEVERAL_MANIFESTS = "several_manifests"
    MANIFEST_UNREADABLE = "manifest_unreadable"
    MISSING_COLUMNS = "missing_columns"
    TOO_MANY_ROWS = "too_many_rows"
    NO_ROWS = "no_rows"


class BundleRejected(Exception):
    """The ZIP or manifest is refused as a whole; ``code`` says why."""

    def __init__(self, code: BundleError, **details: Any) -> None:
        super().__init__(code.value, details)
        self.code = code
        self.details = details


class RowError(StrEnum):
    """Why one manifest row was not imported (shown on the report next to the row)."""

    MISSING_CELLS = "missing_cells"
    CELL_TOO_LONG = "cell_too_long"
    BAD_LINK = "bad_link"
    MISSING_FILE = "missing_file"
    UNSAFE_FILE = "unsafe_file"
    FILE_TOO_LARGE = "file_too_large"
    ZIP_BOMB = "zip_bomb"
    UNKNOWN_TRACK = "unknown_track"
    UNKNOWN_FIELD = "unknown_field"
    BAD_DATE = "bad_date"
    BAD_DOCUMENT = "bad_document"
    TOO_LONG = "too_long"
    INCOMPLETE = "incomplete"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    ALREADY_IMPORTED = "already_imported"


class Bundle:
    """An opened, checked ZIP: its safe members by name, and the unsafe ones apart."""

    def __init__(self, data: bytes, limits: IntakeLimits = OUTER_LIMITS) -> None:
        try:
            self._zip = open_archive(data)
        except DocumentRejected:
            raise BundleRejected(BundleError.NOT_A_ZIP) from None
        self.limits = limits
        self.members: dict[str, zipfile.ZipInfo] = {}  # matching key → member
        self.unsafe: dict[str, RowError] = {}  # matching key → why it is refused
        self._by_base: dict[str, list[str]] = {}
        self._check_totals()
        self._index()

    def _check_totals(self) -> None:
        """Refuse the whole ZIP on counts and declared sizes (nothing inflated)."""
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_members:
            raise BundleRejected(BundleError.TOO_MANY_FILES, count=len(infos))
        if any(info.flag_bits & 0x1 for info in infos):
            raise BundleRejected(BundleError.ENCRYPTED)
        # The declared total bounds the work; ratios are judged per member (see
        # _member_problem), so that one bomb among good files only costs its rows.
        total = sum(info.file_size for info in infos)
        if total > self.limits.max_unpacked_bytes:
            raise BundleRejected(BundleError.TOO_LARGE, size=total)

    def _index(self) -> None:
        """Index members by matching key; mark unsafe and duplicate names."""
        for info in self._zip.infolist():
            name = member_name(info)
            if info.is_dir() or _JUNK.search(name):
                continue
            key = match_key(name)
            problem = _member_problem(info, name, self.limits)
            if key in self.members or key in self.unsafe:
                # Two members that match the same name: we cannot tell which one.
                self.members.pop(key, None)
                problem = RowError.UNSAFE_FILE
            if problem is None:
                self.members[key] = info
            else:
                self.unsafe[key] = problem
            same_base = self._by_base.setdefault(posixpath.basename(key), [])
            if key not in same_base:
                same_base.append(key)

    def lookup(self, wanted: str) -> tuple[str | None, RowError | None]:
        """The member a manifest cell names (exact path, else a unique base name)."""
        key = match_key(wanted)
        if not key:
            return None, RowError.MISSING_CELLS
        candidates = [key] if key in self.members or key in self.unsafe else []
        if not candidates and "/" not in key:
            candidates = self._by_base.get(key, [])
        if len(candidates) != 1:
            return None, (RowError.UNSAFE_FILE if candidates else RowError.MISSING_FILE)
        found = candidates[0]
        if found in self.unsafe:
            return None, self.unsafe[found]
        return found, None

    def read(self, key: str) -> bytes:
        """A safe member's bytes (zipfile stops at the declared size and checks CRC)."""
        with self._zip.open(self.members[key]) as member:
            return member.read(DEFAULT_LIMITS.max_bytes + 1)

    def manifest_candidates(self) -> list[str]:
        """Safe .csv/.xlsx members at the root of the ZIP."""
        return [
            key
            for key in self.members
            if "/" not in key and key.endswith(MANIFEST_SUFFIXES)
        ]

    def close(self) -> None:
        """Release the archive."""
        self._zip.close()


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its author typed it.

    Without the zip's UTF-8 flag, Python decodes names as cp437; archivers that wrote
    UTF-8 anyway (macOS, older Windows tools) are read back as UTF-8.
    """
    name = info.filename
    if not info.flag_bits & 0x800 and not name.isascii():
        with contextlib.suppress(UnicodeError):
            name = name.encode("cp437").decode("utf-8")
    return nfc(name)


def match_key(name: str) -> str:
    """How names are compared: NFC, case-insensitive, "/" separators, no "./"."""
    name = nfc(name.strip()).replace("\\", "/").casefold()
    while name.startswith("./"):
        name = name[2:]
    return name


def _member_problem(
    info: zipfile.ZipInfo, name: str, limits: IntakeLimits
) -> RowError | None:
    """Why one member may not be read: a dangerous name, too big, or a bomb."""
    parts = name.split("/")
    if (
        name.startswith("/")
        or "\\" in name
        or "\0" in name
        or (len(name) > 1 and name[1] == ":")
        or ".." in parts
    ):
        return RowError.UNSAFE_FILE
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return RowError.UNSAFE_FILE
    if info.file_size > DEFAULT_LIMITS.max_bytes:
        return RowError.FILE_TOO_LARGE
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= limits.ratio_floor_bytes and ratio > limits.max_ratio:
        return RowError.ZIP_BOMB
    return None
