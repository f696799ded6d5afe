"""The one export registry: a name → a function that makes a file (bytes, type, name).

Every downloadable document (entries list, award list, decision annex, certificates,
anthology …) is registered here with ``@register("name")`` and produced with
``run("name", **params)``, so views only turn an ``ExportFile`` into a response and
filenames are always made by the server. Export functions may read the database; the
file formats themselves live in pure writers (``contest.exports.xlsx`` …).
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
from judging.anthology.exports.epub import EPUB_MIME, render_anthology_epub
from judging.anthology.exports.pdf import render_anthology_pdf
from judging.awards.exports.annex_pdf import PDF_MIME, render_annex_pdf
from judging.awards.exports.certificates_pdf import render_certificates_pdf
from judging.awards.exports.data import EditionInfo
from judging.awards.exports.xlsx import render_award_xlsx


class ExportFile(NamedTuple):
    """A generated file: its bytes, MIME type and a server-made ASCII filename."""

    data: bytes
    mimetype: str
    filename: str


Exporter = Callable[..., ExportFile]
_EXPORTS: dict[str, Exporter] = {}


def register(name: str) -> Callable[[Exporter], Exporter]:
    """Decorator: make the function the export called ``name`` (names are unique)."""

    def decorator(function: Exporter) -> Exporter:
        if name in _EXPORTS:
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


# -- award documents: pure renderers over the plain dataclasses of award_data ----------
# They take ``edition: EditionInfo`` and the rows/stories, so the award layer only has
# to build those dataclasses and call ``run("award_list", edition=..., rows=...)``.


def _register_award_export(name: str, render, mimetype: str, stem: str) -> None:
    """Register ``render(edition, items, **options)`` as export ``name``."""

    def export(edition: EditionInfo, items, **options) -> ExportFile:
        data = render(edition, items, **options)
        extension = {XLSX_MIME: "xlsx", PDF_MIME: "pdf", EPUB_MIME: "epub"}[mimetype]
        return ExportFile(data, mimetype, f"{stem}-{edition.year}.{extension}")

    export.__doc__ = render.__doc__
    register(name)(export)


_register_award_export(
    "award_list", render_award_xlsx, XLSX_MIME, "danh-sach-doat-giai"
)
_register_award_export("award_annex", render_annex_pdf, PDF_MIME, "phu-luc-quyet-dinh")
_register_award_export(
    "award_certificates", render_certificates_pdf, PDF_MIME, "giay-chung-nhan"
)
_register_award_export(
    "anthology_epub", render_anthology_epub, EPUB_MIME, "nhung-bong-hoa-dep"
)
_register_award_export(
    "anthology_pdf", render_anthology_pdf, PDF_MIME, "nhung-bong-hoa-dep"
)


# -- collective awards, featured people and the statistics report -----------------------
# Builders and renderers are imported inside each function: this section stays
# self-contained, and importing the registry does not load the award layer.


def _stem(edition: Edition) -> str:
    """The ASCII code prefix and year of an edition, for file names."""
    prefix = "".join(ch for ch in edition.code_prefix if ch.isascii() and ch.isalnum())
    return f"{prefix}{edition.year}"


@register("collective_awards")
def collective_awards_xlsx(edition: Edition) -> ExportFile:
    """The units ranked for the collective awards, with the proposed cut, as XLSX."""
    from judging.awards.exports.collective_xlsx import (
        CollectiveLine,
        render_collective_xlsx,
    )
    from judging.awards.services.collective import collective_table

    lines = [
        CollectiveLine(
            r.rank,
            r.unit_name,
            r.cluster or "",
            r.forwarded,
            r.shortlisted,
            r.prizes,
            r.points,
            r.award,
            r.tied_at_cut,
        )
        for r in collective_table(edition).rows
    ]
    return ExportFile(
        render_collective_xlsx(lines),
        XLSX_MIME,
        f"khen-thuong-tap-the-{_stem(edition)}.xlsx",
    )


@register("featured_people")
def featured_people_xlsx(edition: Edition) -> ExportFile:
    """One row per featured person of the awarded and shortlisted entries, as XLSX."""
    from judging.awards.core import TIER_LABELS_VI
    from judging.featured.exports import FeaturedLine, render_featured_xlsx
    from judging.featured.services import featured_table

    lines = [
        FeaturedLine(
            row.name,
            row.birth_year,
            row.unit,
            row.locality,
            row.field,
            [f"{number} – {title}" for number, title in row.entries],
            f"Giải {TIER_LABELS_VI[row.best_tier]}" if row.best_tier else "",
        )
        for row in featured_table(edition).rows
    ]
    return ExportFile(
        render_featured_xlsx(lines), XLSX_MIME, f"nhan-vat-{_stem(edition)}.xlsx"
    )


@register("statistics_pdf")
def statistics_pdf(edition: Edition) -> ExportFile:
    """The statistics report (tables and bar charts) as PDF."""
    from judging.statistics.exports import render_statistics_pdf
    from judging.statistics.services import statistics_report

    return ExportFile(
        render_statistics_pdf(statistics_report(edition)),
        PDF_MIME,
        f"bao-cao-thong-ke-{_stem(edition)}.pdf",
    )
