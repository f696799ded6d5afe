"""The featured-people candidates as an XLSX sheet (Danh sách nhân vật): a pure
renderer, and the export of the registry that feeds it from the database (``EXPORTS``,
registered by contest.app.register_exports).

One row per person or collective featured in the awarded and shortlisted entries,
best prize first (as the page lists them). Always in Vietnamese, like the other
working documents; every text cell stays text (``contest.exports.xlsx``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contest.exports.registry import ExportFile, edition_stem
from contest.exports.xlsx import XLSX_MIME, write_xlsx
from contest.models import Edition
from judging.awards.core import TIER_LABELS_VI
from judging.featured.services import featured_table

FEATURED_HEADERS = (
    "STT",
    "Họ và tên / Tập thể",
    "Năm sinh",
    "Đơn vị",
    "Địa phương",
    "Lĩnh vực",
    "Bài viết",
    "Giải cao nhất",
)
WIDTHS = (6, 30, 10, 30, 22, 22, 50, 16)


@dataclass(frozen=True)
class FeaturedLine:
    """One person's row, already in words."""

    name: str
    birth_year: int | None
    unit: str
    locality: str
    field: str
    entries: Sequence[str]  # "HN2026-0001 – Title", one per entry
    best_prize: str  # "" when the person's entries won no prize


def render_featured_xlsx(lines: Sequence[FeaturedLine]) -> bytes:
    """The sheet: headers, then one row per person (entries one per line)."""
    return write_xlsx(
        "Danh sách nhân vật",
        FEATURED_HEADERS,
        [
            [
                position,
                line.name,
                line.birth_year,
                line.unit,
                line.locality,
                line.field,
                "\n".join(line.entries),
                line.best_prize,
            ]
            for position, line in enumerate(lines, start=1)
        ],
        widths=WIDTHS,
    )


def featured_people_xlsx(edition: Edition) -> ExportFile:
    """One row per featured person of the awarded and shortlisted entries, as XLSX."""
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
        render_featured_xlsx(lines), XLSX_MIME, f"nhan-vat-{edition_stem(edition)}.xlsx"
    )


EXPORTS = {"featured_people": featured_people_xlsx}
