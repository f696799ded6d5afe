"""Plain counting of entries (pure): tallies, their order, entries per local day.

The participation page (contest.services.entry_stats) and the statistics report
(judging.statistics) show the same tallies; both build them here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from contest.textnorm import vi_sort_key


@dataclass(frozen=True)
class Tally:
    """A label (None: no unit / cluster / field / track) and how many entries it has."""

    label: str | None
    count: int


def ranked(
    counts: Mapping[str | None, int] | Iterable[tuple[str | None, int]],
) -> list[Tally]:
    """Tallies with the most entries first, then in Vietnamese order (None last)."""
    pairs = counts.items() if isinstance(counts, Mapping) else counts
    return sorted(
        (Tally(label, n) for label, n in pairs),
        key=lambda t: (-t.count, t.label is None, vi_sort_key(t.label or "")),
    )


def in_set_up_order(items: Sequence, counts: Mapping[int | None, int]) -> list[Tally]:
    """Tallies of tracks or fields in the edition's own order, zeros included.

    Entries whose track or field is not among ``items`` are summed under None.
    """
    tallies = [Tally(item.name, counts.get(item.id, 0)) for item in items]
    known = {item.id for item in items}
    stray = sum(n for key, n in counts.items() if key not in known)
    if stray:
        tallies.append(Tally(None, stray))
    return tallies


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
