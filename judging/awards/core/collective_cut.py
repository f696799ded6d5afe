"""The collective-award settings of an edition and the Bằng khen / Giấy khen cut (pure).

``AwardList.unit_weights`` is a JSON dict owned by the collective-awards page:

- ``forwarded``: points per entry a unit forwarded (default 1);
- ``shortlisted``: points per entry of the unit that reached the final round (3);
- ``prizes``: ``{tier code: points}`` per prize won (20, 15, 10, 6, 3 from Đặc biệt to
  Khuyến khích), tier codes of ``judging.awards.core.Tier``;
- ``bang_khen``: how many top units are proposed for a Bằng khen (3);
- ``giay_khen``: how many units after them are proposed for a Giấy khen (5).

Missing or malformed values read as the defaults. The cut never breaks a tie: units
sharing a rank across a cut are all proposed for the higher award and flagged
``tied_at_cut``, so the organizers see the tie and change the counts themselves.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from judging.awards.core import TIER_ORDER
from judging.awards.core.collective import UnitStanding, UnitWeights

DEFAULT_BANG_KHEN = 3
DEFAULT_GIAY_KHEN = 5
MAX_POINTS = 1000.0
MAX_UNITS = 1000


class CollectiveAward(StrEnum):
    """Collective awards, best first."""

    BANG_KHEN = "bang_khen"  # certificate of merit
    GIAY_KHEN = "giay_khen"  # letter of commendation


@dataclass(frozen=True)
class Formula:
    """The formula's weights and the organizers' cut."""

    weights: UnitWeights
    bang_khen: int = DEFAULT_BANG_KHEN
    giay_khen: int = DEFAULT_GIAY_KHEN

    def to_json(self) -> dict:
        """The JSON dict stored in ``AwardList.unit_weights``."""
        return {
            "forwarded": self.weights.forwarded,
            "shortlisted": self.weights.shortlisted,
            "prizes": {
                str(tier): self.weights.prizes.get(tier, 0.0) for tier in TIER_ORDER
            },
            "bang_khen": self.bang_khen,
            "giay_khen": self.giay_khen,
        }


def _points(value, default: float) -> float:
    """A weight within [0, MAX_POINTS], else the default."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    value = float(value)
    return value if math.isfinite(value) and 0 <= value <= MAX_POINTS else default


def _count(value, default: int) -> int:
    """A unit count within [0, MAX_UNITS], else the default."""
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return value if 0 <= value <= MAX_UNITS else default


def formula_from_json(stored: Mapping | None) -> Formula:
    """Read ``AwardList.unit_weights``; anything missing or malformed is a default."""
    stored = stored if isinstance(stored, Mapping) else {}
    default = UnitWeights()
    prizes = stored.get("prizes")
    prizes = prizes if isinstance(prizes, Mapping) else {}
    return Formula(
        UnitWeights(
            forwarded=_points(stored.get("forwarded"), default.forwarded),
            shortlisted=_points(stored.get("shortlisted"), default.shortlisted),
            prizes={
                tier: _points(prizes.get(str(tier)), default.prizes[tier])
                for tier in TIER_ORDER
            },
        ),
        bang_khen=_count(stored.get("bang_khen"), DEFAULT_BANG_KHEN),
        giay_khen=_count(stored.get("giay_khen"), DEFAULT_GIAY_KHEN),
    )


@dataclass(frozen=True)
class CutLine:
    """A unit's standing and what the cut proposes for it."""

    unit_id: Hashable
    rank: int
    points: float
    tied: bool  # shares its rank with other units
    award: CollectiveAward | None
    tied_at_cut: bool  # its rank straddles the cut of ``award``: organizers decide


def apply_cut(
    standings: Sequence[UnitStanding], bang_khen: int, giay_khen: int
) -> list[CutLine]:
    """Top ``bang_khen`` places → Bằng khen, the next ``giay_khen`` → Giấy khen.

    A group sharing a rank is proposed whole for the award its first place reaches,
    and flagged when it runs past that award's last place.
    """
    sizes = Counter(s.rank for s in standings)
    last_bang, last_giay = bang_khen, bang_khen + giay_khen
    lines = []
    for s in standings:
        first, last = s.rank, s.rank + sizes[s.rank] - 1
        award, straddles = None, False
        if first <= last_bang:
            award, straddles = CollectiveAward.BANG_KHEN, last > last_bang
        elif first <= last_giay:
            award, straddles = CollectiveAward.GIAY_KHEN, last > last_giay
        lines.append(CutLine(s.unit_id, s.rank, s.points, s.tied, award, straddles))
    return lines


def cut_ties(lines: Sequence[CutLine]) -> list[tuple[CollectiveAward, list[CutLine]]]:
    """The groups tied across a cut, with the award whose last place they straddle."""
    groups: dict[tuple[CollectiveAward, int], list[CutLine]] = {}
    for line in lines:
        if line.tied_at_cut and line.award is not None:
            groups.setdefault((line.award, line.rank), []).append(line)
    return [(award, members) for (award, _rank), members in groups.items()]
