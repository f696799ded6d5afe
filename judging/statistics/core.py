"""The statistics report of an edition as plain data, its score bands and its
year-on-year tables of featured people (pure).

The report is filled by judging.statistics.services and shown by the statistics page,
its PDF and the final report (judging.official.core.final_report).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from contest.tally import Tally
from contest.textnorm import vi_sort_key
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
class YearTable:
    """Featured people per value (a social group, an emulation movement) and per
    year, the report's year last: one per entry that names them."""

    years: tuple[int, ...]
    rows: tuple[tuple[str | None, tuple[int, ...]], ...]  # None: not given

    def latest(self) -> list[Tally]:
        """The report's year (the last column) as tallies, for its chart."""
        return [Tally(label, counts[-1]) for label, counts in self.rows if counts[-1]]


def year_table(
    counts: Iterable[tuple[int, str | None, int]], year: int, last: int = 5
) -> YearTable:
    """(year, value, count) rows into a table of the ``last`` years at most, ending
    with the report's ``year`` (zeros when it has none yet; later years left out):
    most people in that year first, then most overall, Vietnamese order, None last."""
    cells: dict[str | None, dict[int, int]] = {}
    for when, value, n in counts:
        row = cells.setdefault(value or None, {})
        row[when] = row.get(when, 0) + n
    earlier = sorted({y for row in cells.values() for y in row if y < year})
    years = (*earlier[max(0, len(earlier) - last + 1) :], year)
    rows = [
        (label, tuple(row.get(y, 0) for y in years))
        for label, row in cells.items()
        if any(row.get(y) for y in years)
    ]
    rows.sort(
        key=lambda r: (-r[1][-1], -sum(r[1]), r[0] is None, vi_sort_key(r[0] or ""))
    )
    return YearTable(years, tuple(rows))


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
    # Featured people by social group and by movement, year on year.
    by_group: YearTable = YearTable((), ())
    by_movement: YearTable = YearTable((), ())

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
