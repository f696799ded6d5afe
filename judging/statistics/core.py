"""The statistics report of an edition as plain data, and its score bands (pure).

The report is filled by judging.statistics.services and shown by the statistics page,
its PDF and the final report (judging.official.core.final_report).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from contest.tally import Tally
from judging.awards.core import Tier

BIN_WIDTH = 10
TOP_SCORE = 100


@dataclass(frozen=True)
class ClusterParticipation:
    """Active units of a cluster and how many of them have at least one entry."""

    cluster: str | None
    active_units: int
    taking_part: int

    @property
    def rate(self) -> float:
        return self.taking_part / self.active_units if self.active_units else 0.0


@dataclass(frozen=True)
class Histogram:
    """Final scores of one round in one track, counted per score band."""

    round_name: str
    track: str | None
    counts: tuple[int, ...]  # one per band of ``bands()``

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class UnitPrizes:
    """Prizes won by the entries of one unit, per tier."""

    unit: str | None
    prizes: dict[Tier, int]

    @property
    def total(self) -> int:
        return sum(self.prizes.values())


@dataclass(frozen=True)
class StatisticsReport:
    """Everything the statistics page and PDF show."""

    title: str
    year: int
    total: int
    by_unit: list[Tally]
    by_cluster: list[Tally]
    by_field: list[Tally]
    by_track: list[Tally]
    participation: list[ClusterParticipation]
    histograms: list[Histogram]
    prizes: list[UnitPrizes]

    @property
    def active_units(self) -> int:
        return sum(p.active_units for p in self.participation)

    @property
    def taking_part(self) -> int:
        return sum(p.taking_part for p in self.participation)

    @property
    def rate(self) -> float:
        """Share of active units with at least one entry (0 without units)."""
        return self.taking_part / self.active_units if self.active_units else 0.0


def bands(width: int = BIN_WIDTH, top: int = TOP_SCORE) -> list[str]:
    """Labels of the score bands: "0–10", …, "90–100" (the last one includes 100)."""
    return [f"{low}–{min(low + width, top)}" for low in range(0, top, width)]


def histogram(
    values: Iterable[float], width: int = BIN_WIDTH, top: int = TOP_SCORE
) -> tuple[int, ...]:
    """How many values fall in each band [low, low + width); ``top`` goes in the last."""
    counts = [0] * len(range(0, top, width))
    for value in values:
        index = int(min(max(value, 0.0), top) // width)
        counts[min(index, len(counts) - 1)] += 1
    return tuple(counts)
