"""The one export registry: a name → a function that makes a file (bytes, type, name).

Every downloadable document (entries list, award list, decision annex, certificates,
anthology …) is registered here under a unique name and produced with
``run("name", **params)``, so views only turn an ``ExportFile`` into a response and
filenames are always made by the server. The platform's own exports register with
``@register("name")`` below; each feature lists its exports in an ``EXPORTS`` mapping
(name → function) that the app factory's ``register_exports`` (contest/app.py) passes
to ``register``. Export functions may read the database; the file formats themselves
live in pure writers (``contest.exports.xlsx`` …).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import NamedTuple

from contest.exports.xlsx import XLSX_MIME, write_xlsx
from contest.models import Edition, EntryStatus
from contest.services.entry_filters import EntryFilters, EntryRow
from contest.services.entry_queries import all_entries
from contest.timezones import format_date


class ExportFile(NamedTuple):
    """A generated file: its bytes, MIME type and a server-made ASCII filename."""

    data: bytes
    mimetype: str
    filename: str


Exporter = Callable[..., ExportFile]
_EXPORTS: dict[str, Exporter] = {}


def register(name: str) -> Callable[[Exporter], Exporter]:
    """Decorator: make the function the export called ``name`` (names are unique;
    registering the same function again, as a second app of one process does, is a
    no-op)."""

    def decorator(function: Exporter) -> Exporter:
        if name in _EXPORTS and _EXPORTS[name] is not function:
            raise ValueError(f"export {name!r} is already registered")
        _EXPORTS[name] = function
        return function

    return decorator


def run(name: str, **params) -> ExportFile:
    """Produce the export called ``name``; KeyError for an unknown name."""
    return _EXPORTS[name](**params)


def names() -> list[str]:
    """The registered export names, sorted."""
    return sorted(_EXPORTS)


# -- the entries list (Danh sách bài dự thi) --------------------------------------------

ENTRY_HEADERS = (
    "STT",
    "Số hiệu",
    "Tên bài",
    "Tác giả",
    "Điện thoại",
    "Đơn vị",
    "Cụm thi đua",
    "Nhân vật",
    "Bảng",
    "Lĩnh vực",
    "Số chữ",
    "Trạng thái",
    "Ngày nộp",
)
ENTRY_WIDTHS = (6, 16, 40, 28, 16, 28, 24, 28, 18, 22, 8, 16, 12)
# The spreadsheet is an official working document: always in Vietnamese.
STATUS_VI = {
    EntryStatus.DRAFT: "Bản nháp",
    EntryStatus.SUBMITTED: "Đã nộp",
    EntryStatus.FORWARDED: "Đơn vị đã gửi lên",
    EntryStatus.UNDER_REVIEW: "Đang chấm",
    EntryStatus.SHORTLISTED: "Vào chung khảo",
    EntryStatus.AWARDED: "Đoạt giải",
    EntryStatus.NOT_ELIGIBLE: "Không hợp lệ",
    EntryStatus.WITHDRAWN: "Đã rút",
}


def entry_cells(position: int, row: EntryRow, zone: str) -> list[str | int | None]:
    """One spreadsheet row of the entries list."""
    entry = row.entry
    unit = entry.unit
    return [
        position,
        entry.number or "",
        entry.title,
        ", ".join(a.full_name for a in entry.authors),
        "; ".join(a.phone for a in entry.authors if a.phone),
        unit.name if unit else "",
        unit.cluster.name if unit and unit.cluster else "",
        ", ".join(p.name for p in entry.featured),
        entry.track.name if entry.track else "",
        entry.field.name if entry.field else "",
        row.words,
        STATUS_VI.get(entry.status, str(entry.status)),
        format_date(entry.submitted_at, zone),
    ]


@register("entries_list")
def entries_list(edition: Edition, filters: EntryFilters) -> ExportFile:
    """The entries matching the list's filters, in the list's order, as XLSX."""
    rows = all_entries(edition, filters)
    data = write_xlsx(
        "Danh sách bài dự thi",
        ENTRY_HEADERS,
        [entry_cells(i, row, edition.timezone) for i, row in enumerate(rows, 1)],
        widths=ENTRY_WIDTHS,
    )
    stamp = datetime.now(UTC).astimezone(edition.zone).strftime("%Y%m%d-%H%M")
    prefix = "".join(ch for ch in edition.code_prefix if ch.isascii() and ch.isalnum())
    return ExportFile(
        data, XLSX_MIME, f"danh-sach-bai-du-thi-{prefix}{edition.year}-{stamp}.xlsx"
    )


# -- helpers for the features' exports ------------------------------------------------


def edition_stem(edition: Edition) -> str:
    """The ASCII code prefix and year of an edition, for file names."""
    prefix = "".join(ch for ch in edition.code_prefix if ch.isascii() and ch.isalnum())
    return f"{prefix}{edition.year}"


def document_export(render, mimetype: str, stem: str, extension: str) -> Exporter:
    """The export of a pure renderer ``render(edition, items, **options)``, whose
    ``edition`` carries a ``year``: named ``{stem}-{year}.{extension}``."""

    def export(edition, items, **options) -> ExportFile:
        data = render(edition, items, **options)
        return ExportFile(data, mimetype, f"{stem}-{edition.year}.{extension}")

    export.__doc__ = render.__doc__
    return export
