"""The collective-award ranking of units as an XLSX sheet (Khen thưởng tập thể), pure.

Rank, unit, cluster, the three tallies, prizes per tier, points and the proposed
award; a tie across a cut says so in the last column. Always in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contest.exports.xlsx import write_xlsx
from judging.awards.core import TIER_LABELS_VI, TIER_ORDER, Tier

COLLECTIVE_HEADERS = (
    "Hạng",
    "Đơn vị",
    "Cụm thi đua",
    "Bài gửi lên",
    "Bài vào chung khảo",
    *(f"Giải {TIER_LABELS_VI[t]}" for t in TIER_ORDER),
    "Điểm",
    "Đề xuất",
)
WIDTHS = (7, 36, 22, 12, 14, *(10,) * len(TIER_ORDER), 10, 30)
AWARD_VI = {"bang_khen": "Bằng khen", "giay_khen": "Giấy khen"}
TIED_VI = " (đồng hạng tại ngưỡng: Ban Tổ chức quyết định)"


@dataclass(frozen=True)
class CollectiveLine:
    """One unit's row of the ranking."""

    rank: int
    unit: str
    cluster: str
    forwarded: int
    shortlisted: int
    prizes: dict[Tier, int]
    points: float
    award: str | None  # "bang_khen", "giay_khen" or None
    tied_at_cut: bool


def render_collective_xlsx(lines: Sequence[CollectiveLine]) -> bytes:
    """The ranking sheet, best unit first."""
    return write_xlsx(
        "Khen thưởng tập thể",
        COLLECTIVE_HEADERS,
        [
            [
                line.rank,
                line.unit,
                line.cluster,
                line.forwarded,
                line.shortlisted,
                *(line.prizes.get(t, 0) for t in TIER_ORDER),
                line.points,
                AWARD_VI.get(line.award or "", "")
                + (TIED_VI if line.tied_at_cut else ""),
            ]
            for line in lines
        ],
        widths=WIDTHS,
    )
