"""The statistics report of an edition, as plain data (for the page and the PDF).

Counts come from aggregate SQL (GROUP BY), never from a loop over entries, so a big
edition costs a handful of queries. An entry counts once submitted (it has a number)
and as long as it is not withdrawn, as on the participation page. Score distributions
are histograms of each round's final scores per track (``round_results``: raw or
calibrated, as the round says); prizes per unit come from the edition's award list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import Cluster, Edition, Entry, EntryStatus, Unit
from contest.textnorm import vi_sort_key
from judging.awards.core import TIER_ORDER, Tier
from judging.awards.models.lists import AwardList, AwardPlacement
from judging.scoring.services.results import round_results

BIN_WIDTH = 10
TOP_SCORE = 100


@dataclass(frozen=True)
class Count:
    """A label (None: no unit / cluster / field / track) and its number of entries."""

    label: str | None
    count: int


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
    by_unit: list[Count]
    by_cluster: list[Count]
    by_field: list[Count]
    by_track: list[Count]
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


def _counted(edition: Edition):
    """SQL: the edition's entries that count (submitted, not withdrawn)."""
    return (
        (Entry.edition_id == edition.id)
        & Entry.number.is_not(None)
        & (Entry.status != EntryStatus.WITHDRAWN)
    )


def _ranked(pairs: Iterable[tuple[str | None, int]]) -> list[Count]:
    """Most entries first, then Vietnamese alphabetical order (None last)."""
    return sorted(
        (Count(label, n) for label, n in pairs),
        key=lambda c: (-c.count, c.label is None, vi_sort_key(c.label or "")),
    )


def _in_order(items: Sequence, counts: dict[int | None, int]) -> list[Count]:
    """Tracks or fields in the edition's order, zeros included; strays as None."""
    out = [Count(item.name, counts.get(item.id, 0)) for item in items]
    known = {item.id for item in items}
    stray = sum(n for key, n in counts.items() if key not in known)
    return out + ([Count(None, stray)] if stray else [])


def _grouped(edition: Edition, column) -> dict:
    """Counted entries per value of ``column`` (one GROUP BY query)."""
    return dict(
        db.session.execute(
            select(column, func.count(Entry.id))
            .where(_counted(edition))
            .group_by(column)
        ).all()
    )


def entries_by_unit(edition: Edition) -> list[Count]:
    """Entries per unit (None: entries with no unit)."""
    rows = db.session.execute(
        select(Unit.name, func.count(Entry.id))
        .select_from(Entry)
        .outerjoin(Unit, Unit.id == Entry.unit_id)
        .where(_counted(edition))
        .group_by(Unit.id, Unit.name)
    ).all()
    return _ranked(rows)


def entries_by_cluster(edition: Edition) -> list[Count]:
    """Entries per emulation cluster of their unit (None: no unit or no cluster)."""
    rows = db.session.execute(
        select(Cluster.name, func.count(Entry.id))
        .select_from(Entry)
        .outerjoin(Unit, Unit.id == Entry.unit_id)
        .outerjoin(Cluster, Cluster.id == Unit.cluster_id)
        .where(_counted(edition))
        .group_by(Cluster.id, Cluster.name)
    ).all()
    return _ranked(rows)


def participation_by_cluster(edition: Edition) -> list[ClusterParticipation]:
    """Per cluster: active units, and those with at least one counted entry."""
    active = dict(
        db.session.execute(
            select(Unit.cluster_id, func.count(Unit.id))
            .where(Unit.is_active.is_(True))
            .group_by(Unit.cluster_id)
        ).all()
    )
    taking_part = dict(
        db.session.execute(
            select(Unit.cluster_id, func.count(func.distinct(Unit.id)))
            .join(Entry, Entry.unit_id == Unit.id)
            .where(Unit.is_active.is_(True), _counted(edition))
            .group_by(Unit.cluster_id)
        ).all()
    )
    names = dict(db.session.execute(select(Cluster.id, Cluster.name)).all())
    rows = [
        ClusterParticipation(
            names.get(cid) if cid else None, n, taking_part.get(cid, 0)
        )
        for cid, n in active.items()
    ]
    return sorted(rows, key=lambda p: (p.cluster is None, vi_sort_key(p.cluster or "")))


def score_histograms(edition: Edition) -> list[Histogram]:
    """Per round (in order) and track: final scores counted per band."""
    track_names = {t.id: t.name for t in edition.tracks}
    out = []
    for round_ in edition.rounds:
        per_track: dict[int | None, list[float]] = defaultdict(list)
        for result in round_results(round_).entries:
            per_track[result.entry.track_id].append(result.final)
        order = [t.id for t in edition.tracks if t.id in per_track]
        order += [tid for tid in per_track if tid not in track_names]
        for track_id in order:
            out.append(
                Histogram(
                    round_.name,
                    track_names.get(track_id),
                    histogram(per_track[track_id]),
                )
            )
    return out


def prizes_by_unit(edition: Edition) -> list[UnitPrizes]:
    """Prizes of the edition's award list per unit of the winning entries."""
    award_list_id = db.session.scalar(
        select(AwardList.id).where(AwardList.edition_id == edition.id)
    )
    if award_list_id is None:
        return []
    per_unit: dict[str | None, dict[Tier, int]] = defaultdict(dict)
    for unit, tier, n in db.session.execute(
        select(Unit.name, AwardPlacement.tier, func.count(AwardPlacement.id))
        .join(Entry, Entry.id == AwardPlacement.entry_id)
        .outerjoin(Unit, Unit.id == Entry.unit_id)
        .where(AwardPlacement.award_list_id == award_list_id)
        .group_by(Unit.id, Unit.name, AwardPlacement.tier)
    ):
        if tier in set(Tier):
            per_unit[unit][Tier(tier)] = per_unit[unit].get(Tier(tier), 0) + n
    rows = [
        UnitPrizes(unit, {t: prizes[t] for t in TIER_ORDER if prizes.get(t)})
        for unit, prizes in per_unit.items()
    ]
    # Best prizes first (most Đặc biệt, then most Nhất …), then by name.
    return sorted(
        rows,
        key=lambda r: (
            tuple(-r.prizes.get(t, 0) for t in TIER_ORDER),
            r.unit is None,
            vi_sort_key(r.unit or ""),
        ),
    )


def statistics_report(edition: Edition) -> StatisticsReport:
    """The whole report of one edition."""
    by_unit = entries_by_unit(edition)
    return StatisticsReport(
        title=edition.title,
        year=edition.year,
        total=sum(c.count for c in by_unit),
        by_unit=by_unit,
        by_cluster=entries_by_cluster(edition),
        by_field=_in_order(edition.fields, _grouped(edition, Entry.field_id)),
        by_track=_in_order(edition.tracks, _grouped(edition, Entry.track_id)),
        participation=participation_by_cluster(edition),
        histograms=score_histograms(edition),
        prizes=prizes_by_unit(edition),
    )
