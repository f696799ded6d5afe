"""Participation statistics of an edition: entries by unit, cluster, field, track, day.

The city's target is that every unit takes part, so the figures also give the share of
active units with at least one entry and the list of those with none yet. An entry
counts once it was submitted (it has a number) and as long as it is not withdrawn;
entries ruled not eligible still show that their unit took part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, Unit
from contest.textnorm import vi_sort_key


@dataclass
class Tally:
    """A label (None: no unit / cluster / field / track) and how many entries it has."""

    label: str | None
    count: int


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


def daily_counts(moments: Iterable[datetime], zone: str) -> list[tuple[date, int]]:
    """Entries per local calendar day, from the first day to the last, gaps as zeros."""
    tz = ZoneInfo(zone)
    counts: dict[date, int] = defaultdict(int)
    for moment in moments:
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        counts[aware.astimezone(tz).date()] += 1
    if not counts:
        return []
    day, last, days = min(counts), max(counts), []
    while day <= last:
        days.append((day, counts.get(day, 0)))
        day += timedelta(days=1)
    return days


def ranked(counts: dict[str | None, int]) -> list[Tally]:
    """Tallies with the most entries first, then in Vietnamese order (None last)."""
    return sorted(
        (Tally(label, n) for label, n in counts.items()),
        key=lambda t: (-t.count, t.label is None, vi_sort_key(t.label or "")),
    )


def participation(edition: Edition) -> Participation:
    """Counts of the edition's entries that were submitted and not withdrawn."""
    rows = db.session.execute(
        select(Entry.unit_id, Entry.field_id, Entry.track_id, Entry.submitted_at).where(
            Entry.edition_id == edition.id,
            Entry.number.is_not(None),
            Entry.status != EntryStatus.WITHDRAWN,
        )
    ).all()
    units = {
        u.id: u
        for u in db.session.scalars(select(Unit).options(joinedload(Unit.cluster)))
    }
    per_unit: dict[int | None, int] = defaultdict(int)
    per_field: dict[int | None, int] = defaultdict(int)
    per_track: dict[int | None, int] = defaultdict(int)
    for unit_id, field_id, track_id, _at in rows:
        per_unit[unit_id] += 1
        per_field[field_id] += 1
        per_track[track_id] += 1
    active = [u for u in units.values() if u.is_active]
    by_cluster: dict[str | None, int] = {
        (u.cluster.name if u.cluster else None): 0 for u in active
    }
    by_unit: dict[str | None, int] = {}
    for unit_id, n in per_unit.items():
        unit = units.get(unit_id) if unit_id is not None else None
        by_unit[unit.name if unit else None] = n
        cluster = unit.cluster.name if unit and unit.cluster else None
        by_cluster[cluster] = by_cluster.get(cluster, 0) + n
    missing = sorted(
        (
            (u.cluster.name if u.cluster else None, u.name)
            for u in active
            if not per_unit.get(u.id)
        ),
        key=lambda pair: (
            pair[0] is None,
            vi_sort_key(pair[0] or ""),
            vi_sort_key(pair[1]),
        ),
    )
    return Participation(
        total=len(rows),
        by_unit=ranked(by_unit),
        by_cluster=ranked(by_cluster),
        by_field=_in_set_up_order(edition.fields, per_field),
        by_track=_in_set_up_order(edition.tracks, per_track),
        per_day=daily_counts(
            (at for *_ids, at in rows if at is not None), edition.timezone
        ),
        active_units=len(active),
        taking_part=len(active) - len(missing),
        missing=missing,
    )


def _in_set_up_order(items, counts: dict[int | None, int]) -> list[Tally]:
    """Tallies of tracks or fields in the edition's own order, zeros included."""
    tallies = [Tally(item.name, counts.get(item.id, 0)) for item in items]
    known = {item.id for item in items}
    stray = sum(n for key, n in counts.items() if key not in known)
    if stray:
        tallies.append(Tally(None, stray))
    return tallies
