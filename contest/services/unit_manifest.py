"""A unit's bulk-import manifest (CSV or XLSX): rows matched to files, tracks, fields.

Pure: plain rows in, plain rows out. The manifest names, row by row, each file of the
ZIP with its title, author, featured person (and, optionally, the person's address),
track and field; headers may be in Vietnamese or English, with or without accents.
``resolve_row`` marks what is wrong with a row instead of raising, so that one bad
row never stops the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime

from contest.documents import DEFAULT_LIMITS, DocumentRejected
from contest.documents.zipcheck import check_archive, open_archive
from contest.services.unit_bundle import Bundle, BundleError, BundleRejected, RowError
from contest.tabular import TableError, read_table
from contest.textnorm import clean_text, search_key

MAX_ROWS = 300
MAX_MANIFEST_BYTES = 5 * 1024 * 1024

# Accent-insensitive header spellings (see contest.textnorm.search_key) → column.
MANIFEST_COLUMNS = {
    "ten tep": "file",
    "tep": "file",
    "ten file": "file",
    "file": "file",
    "file name": "file",
    "filename": "file",
    "ten bai": "title",
    "ten bai viet": "title",
    "tieu de": "title",
    "title": "title",
    "tac gia": "author",
    "ho ten tac gia": "author",
    "author": "author",
    "dien thoai": "phone",
    "so dien thoai": "phone",
    "sdt": "phone",
    "phone": "phone",
    "don vi": "unit",
    "don vi tac gia": "unit",
    "noi cong tac": "unit",
    "unit": "unit",
    "nhan vat": "featured",
    "ten nhan vat": "featured",
    "featured": "featured",
    "featured person": "featured",
    "dia chi": "featured_address",
    "dia chi nhan vat": "featured_address",
    "dia chi cua nhan vat": "featured_address",
    "address": "featured_address",
    "featured address": "featured_address",
    "locality": "featured_address",
    "bang": "track",
    "bang du thi": "track",
    "track": "track",
    "linh vuc": "field",
    "field": "field",
    "noi dang": "outlet",
    "co quan bao chi": "outlet",
    "outlet": "outlet",
    "ngay dang": "published_on",
    "published": "published_on",
    "published on": "published_on",
    "duong dan": "link",
    "link": "link",
}
REQUIRED_COLUMNS = ("file", "title", "author", "featured", "track", "field")
# The database's column sizes (contest.models.entry): longer cells are refused.
MAX_LENGTHS = {
    "title": 300,
    "author": 120,
    "phone": 30,
    "unit": 200,
    "featured": 200,
    "featured_address": 200,
    "outlet": 200,
    "link": 500,
}
# Track kinds named the way people write them ("Bảng A - Bài viết", "báo chí").
TRACK_ALIASES = {
    "written": ("bai viet", "written"),
    "press": ("bao chi", "press"),
}


@dataclass(frozen=True)
class Choice:
    """A track or field of the edition, as plain values."""

    id: int
    name: str
    kind: str = ""


@dataclass
class ManifestRow:
    """One manifest row (``row`` as numbered in the spreadsheet; the header is 1)."""

    row: int
    file: str = ""
    title: str = ""
    author: str = ""
    phone: str = ""
    unit: str = ""
    featured: str = ""
    featured_address: str = ""  # optional; required when the edition asks for it
    track: str = ""
    field: str = ""
    outlet: str = ""
    published_on: str = ""
    link: str = ""
    # Filled by resolve_row():
    member: str | None = None
    track_id: int | None = None
    field_id: int | None = None
    published_date: date | None = None
    error: RowError | None = None
    missing: list[str] = dataclass_field(default_factory=list)  # or too long


def read_manifest(
    bundle: Bundle, upload: tuple[bytes, str] | None = None
) -> list[ManifestRow]:
    """The manifest rows: from the uploaded file if given, else from the ZIP's root."""
    if upload is not None:
        data, filename = upload
    else:
        candidates = bundle.manifest_candidates()
        preferred = [k for k in candidates if k.startswith("manifest.")]
        if len(preferred) == 1 or len(candidates) == 1:
            filename = (preferred or candidates)[0]
        elif candidates:
            raise BundleRejected(BundleError.SEVERAL_MANIFESTS)
        else:
            raise BundleRejected(BundleError.NO_MANIFEST)
        data = bundle.read(filename)
    return parse_manifest(data, filename)


def parse_manifest(data: bytes, filename: str) -> list[ManifestRow]:
    """Rows of a CSV/XLSX manifest; refuses unreadable or oversized tables."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise BundleRejected(BundleError.MANIFEST_UNREADABLE, reason="too_large")
    if data[:4] == b"PK\x03\x04":
        try:  # an .xlsx is a zip too: same layout checks before openpyxl opens it
            with open_archive(data) as archive:
                check_archive(archive, DEFAULT_LIMITS)
        except DocumentRejected as refusal:
            raise BundleRejected(
                BundleError.MANIFEST_UNREADABLE, reason=refusal.code.value
            ) from None
    try:
        table = read_table(data, filename, MANIFEST_COLUMNS, max_rows=MAX_ROWS)
    except TableError as error:
        if error.code == "too_many_rows":
            raise BundleRejected(BundleError.TOO_MANY_ROWS, limit=MAX_ROWS) from None
        raise BundleRejected(
            BundleError.MANIFEST_UNREADABLE, reason=error.code
        ) from None
    if not table:
        raise BundleRejected(BundleError.NO_ROWS)
    missing = [c for c in REQUIRED_COLUMNS if not any(c in row for row in table)]
    if missing:
        raise BundleRejected(BundleError.MISSING_COLUMNS, columns=missing)
    # read_table skips blank lines, so row numbers are only approximate there;
    # numbering from 2 matches the spreadsheet when there are none (the usual case).
    return [
        ManifestRow(
            row=number,
            **{key: clean_text(value).strip() for key, value in cells.items()},
        )
        for number, cells in enumerate(table, start=2)
    ]


def match_track(cell: str, tracks: Sequence[Choice]) -> int | None:
    """The track a cell names: its name, or "bài viết"/"báo chí" in any spelling."""
    key = search_key(cell)
    if not key:
        return None
    for track in tracks:
        if key == search_key(track.name):
            return track.id
    for track in tracks:
        if any(alias in key for alias in TRACK_ALIASES.get(track.kind, ())):
            return track.id
    return None


def match_field(cell: str, fields: Sequence[Choice]) -> int | None:
    """The field a cell names, accent-, case- and punctuation-insensitively."""
    key = search_key(cell)
    return next((f.id for f in fields if key and search_key(f.name) == key), None)


def parse_date(cell: str) -> date:
    """dd/mm/yyyy, yyyy-mm-dd or a spreadsheet date ("2026-03-01 00:00:00")."""
    cell = cell.strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(cell, pattern).date()
        except ValueError:
            continue
    raise ValueError(cell)


def resolve_row(
    row: ManifestRow,
    bundle: Bundle,
    tracks: Sequence[Choice],
    fields: Sequence[Choice],
) -> ManifestRow:
    """Fill the row's member, track and field, or its error (first problem wins)."""
    row.missing = [c for c in REQUIRED_COLUMNS if not getattr(row, c)]
    if row.missing:
        row.error = RowError.MISSING_CELLS
        return row
    row.missing = [c for c, n in MAX_LENGTHS.items() if len(getattr(row, c)) > n]
    if row.missing:
        row.error = RowError.CELL_TOO_LONG
        return row
    if row.link and not row.link.lower().startswith(("http://", "https://")):
        row.error = RowError.BAD_LINK  # never store e.g. "javascript:" as a link
        return row
    row.member, row.error = bundle.lookup(row.file)
    if row.error is not None:
        return row
    row.track_id = match_track(row.track, tracks)
    if row.track_id is None:
        row.error = RowError.UNKNOWN_TRACK
        return row
    row.field_id = match_field(row.field, fields)
    if row.field_id is None:
        row.error = RowError.UNKNOWN_FIELD
        return row
    if row.published_on:
        try:
            row.published_date = parse_date(row.published_on)
        except ValueError:
            row.error = RowError.BAD_DATE
    return row


def import_key(unit_id: int | None, data: bytes, title: str) -> str:
    """The idempotency key of an imported entry: same unit, file and title → same key."""
    digest = hashlib.sha256()
    digest.update(f"{unit_id or 0}\0".encode())
    digest.update(data)
    digest.update(b"\0" + clean_text(title).strip().encode())
    return digest.hexdigest()
