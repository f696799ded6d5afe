"""The featured-people candidates as an XLSX sheet (Danh sách nhân vật), pure.

One row per person or collective featured in the awarded and shortlisted entries,
best prize first (as the page lists them). Always in Vietnamese, like the other
working documents; every text cell stays text (``contest.exports.xlsx``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contest.exports.xlsx import write_xlsx

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
