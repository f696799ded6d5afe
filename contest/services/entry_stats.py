"""Entry counts of an edition (aggregate SQL) and its participation figures.

An entry counts once it was submitted (it has a number) and as long as it is not
withdrawn; entries ruled not eligible still show that their unit took part. Counts
come from GROUP BY queries, never from a loop over entries, so a big edition costs a
handful of queries. The participation page shows these figures; the statistics report
(judging.statistics) builds on the same counting.

The city's target is that every unit takes part, so the figures also give the share of
active units with at least one entry and the list of those with none yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from contest.extensions import db
from contest.models import Cluster, Edition, Entry, EntryStatus, Unit
from contest.tally import Tally, daily_counts, in_set_up_order, ranked
from contest.textnorm import vi_sort_key

__all__ = [
    "Participation",
    "Tally",
    "counted",
    "daily_counts",
    "entries_by_cluster",
    "entries_by_field",
    "entries_by_track",
    "entries_by_unit",
    "participation",
    "ranked",
]


@dataclass
class Participation:
    """An edition's participation figures (the city's goal: every unit takes part)."""

    total: int
    by_unit: list[Tally]
    by_cluster: list[Tally]
    by_field: list[Tally]
    by_track: list[Tally]
    per_day: list[tuple[date, int]]
    active_units: int
    taking_part: int
    missing: list[tuple[str | None, str]]  # (cluster, unit) of units with no entry yet

    @property
    def rate(self) -> float:
        """Share of active units with at least one entry (0 when there is no unit)."""
        return self.taking_part / self.active_units if self.active_units else 0.0


def counted(edition: Edition):
    """SQL: the edition's entries that count (submitted, not withdrawn)."""
    return (
        (Entry.edition_id == edition.id)
        & Entry.number.is_not(None)
        & (Entry.status != EntryStatus.WITHDRAWN)
    )


def _grouped(edition: Edition, column) -> dict:
    """Counted entries per value of ``column`` (one GROUP BY query)."""
    return dict(
        db.session.execute(
            select(column, func.count(Entry.id))
            .where(counted(edition))
            .group_by(column)
        ).all()
    )


def _per_unit(edition: Edition) -> list[tuple[str | None, int]]:
    """(unit name, counted entries) pairs; None: entries with no unit."""
    return db.session.execute(
        select(Unit.name, func.count(Entry.id))
        .select_from(Entry)
        .outerjoin(Unit, Unit.id == Entry.unit_id)
        .where(counted(edition))
        .group_by(Unit.id, Unit.name)
    ).all()


def _per_cluster(edition: Edition) -> list[tuple[str | None, int]]:
    """(cluster name, counted entries) pairs; None: no unit or a unit with no cluster."""
    return db.session.execute(
        select(Cluster.name, func.count(Entry.id))
        .select_from(Entry)
        .outerjoin(Unit, Unit.id == Entry.unit_id)
        .outerjoin(Cluster, Cluster.id == Unit.cluster_id)
        .where(counted(edition))
        .group_by(Cluster.id, Cluster.name)
    ).all()


def entries_by_unit(edition: Edition) -> list[Tally]:
    """Entries per unit (None: entries with no unit), most first."""
    return ranked(_per_unit(edition))


def entries_by_cluster(edition: Edition) -> list[Tally]:
    """Entries per emulation cluster of their unit (None: no unit or no cluster)."""
    return ranked(_per_cluster(edition))


def entries_by_field(edition: Edition) -> list[Tally]:
    """Entries per field, in the edition's order, zeros included."""
    return in_set_up_order(edition.fields, _grouped(edition, Entry.field_id))


def entries_by_track(edition: Edition) -> list[Tally]:
    """Entries per track, in the edition's order, zeros included."""
    return in_set_up_order(edition.tracks, _grouped(edition, Entry.track_id))


def participation(edition: Edition) -> Participation:
    """Counts of the edition's entries that were submitted and not withdrawn."""
    by_unit = entries_by_unit(edition)
    with_entries = set(
        db.session.scalars(select(Entry.unit_id).where(counted(edition)).distinct())
    )
    active = [
        u
        for u in db.session.scalars(
            select(Unit)
            .options(joinedload(Unit.cluster))
            .where(Unit.is_active.is_(True))
        )
    ]
    # Clusters of active units show even before their first entry.
    by_cluster: dict[str | None, int] = {
        (u.cluster.name if u.cluster else None): 0 for u in active
    }
    by_cluster.update(_per_cluster(edition))
    missing = sorted(
        (
            (u.cluster.name if u.cluster else None, u.name)
            for u in active
            if u.id not in with_entries
        ),
        key=lambda pair: (
            pair[0] is None,
            vi_sort_key(pair[0] or ""),
            vi_sort_key(pair[1]),
        ),
    )
    moments = db.session.scalars(
        select(Entry.submitted_at).where(
            counted(edition), Entry.submitted_at.is_not(None)
        )
    )
    return Participation(
        total=sum(t.count for t in by_unit),
        by_unit=by_unit,
        by_cluster=ranked(by_cluster),
        by_field=entries_by_field(edition),
        by_track=entries_by_track(edition),
        per_day=daily_counts(moments, edition.timezone),
        active_units=len(active),
        taking_part=len(active) - len(missing),
        missing=missing,
    )
