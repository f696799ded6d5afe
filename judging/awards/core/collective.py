"""Collective awards and featured people: the tables beside the prize lists.

Pure (no Flask, no database). Units are ranked by a weighted formula the organizers
set per edition; featured people are grouped across entries by a key the caller
normalises (name + unit), so each person gets one row however many entries are
about them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from judging.awards.core import TIER_ORDER, Tier
from judging.scoring.core import EntryId
from judging.scoring.core.ranking import rank

# ------------------------------------------------------ collective awards ----


def _default_prize_points() -> dict[Tier, float]:
    return {
        Tier.DAC_BIET: 20.0,
        Tier.NHAT: 15.0,
        Tier.NHI: 10.0,
        Tier.BA: 6.0,
        Tier.KHUYEN_KHICH: 3.0,
    }


@dataclass(frozen=True)
class UnitWeights:
    """Points of the collective-award formula (set by the organizers per edition).

    ``points = forwarded·w_f + shortlisted·w_s + Σ prizes[tier]·w_tier``.
    """

    forwarded: float = 1.0
    shortlisted: float = 3.0
    prizes: Mapping[Tier, float] = field(default_factory=_default_prize_points)


@dataclass(frozen=True)
class UnitTally:
    """What one unit achieved in the edition."""

    unit_id: Hashable
    forwarded: int = 0
    shortlisted: int = 0
    prizes: Mapping[Tier, int] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitStanding:
    """A unit's place in the collective ranking; equal points share a rank."""

    rank: int
    unit_id: Hashable
    points: float
    tied: bool


def rank_units(
    tallies: Iterable[UnitTally], weights: UnitWeights | None = None
) -> list[UnitStanding]:
    """Collective-award ranking of units by the weighted formula, ties explicit."""
    weights = weights or UnitWeights()
    points = {}
    for t in tallies:
        if t.unit_id in points:
            raise ValueError(f"unit {t.unit_id!r} tallied twice")
        points[t.unit_id] = (
            t.forwarded * weights.forwarded
            + t.shortlisted * weights.shortlisted
            + sum(
                n * weights.prizes.get(Tier(tier), 0.0) for tier, n in t.prizes.items()
            )
        )
    return [
        UnitStanding(g.rank, unit, g.score, g.tied)
        for g in rank(points)
        for unit in g.entry_ids
    ]


# -------------------------------------------------------- featured people ----


@dataclass(frozen=True)
class Mention:
    """An entry's featured person; ``person_key``: the caller's normalised name+unit."""

    entry_id: EntryId
    person_key: Hashable
    name: str
    unit: str = ""


@dataclass(frozen=True)
class PersonRow:
    """One featured person, with every entry written about them."""

    person_key: Hashable
    name: str
    unit: str
    entry_ids: tuple[EntryId, ...]
    best_tier: Tier | None


def group_featured_people(
    mentions: Iterable[Mention], tier_of: Mapping[EntryId, Tier] | None = None
) -> list[PersonRow]:
    """One row per person: best prize first, then most entries, then first seen.

    The shown name and unit are the most frequent spelling among the mentions (the
    first seen on a tie), since entries about one person spell them differently.
    """
    tier_of = tier_of or {}
    by_key: dict[Hashable, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.person_key, []).append(m)
    rows = []
    for key, group in by_key.items():
        tiers = [tier_of[m.entry_id] for m in group if m.entry_id in tier_of]
        best = min(tiers, key=TIER_ORDER.index) if tiers else None
        ids = tuple(dict.fromkeys(m.entry_id for m in group))
        rows.append(
            PersonRow(
                key,
                Counter(m.name for m in group).most_common(1)[0][0],
                Counter(m.unit for m in group).most_common(1)[0][0],
                ids,
                best,
            )
        )
    order = {key: i for i, key in enumerate(by_key)}
    rows.sort(
        key=lambda r: (
            TIER_ORDER.index(r.best_tier) if r.best_tier else len(TIER_ORDER),
            -len(r.entry_ids),
            order[r.person_key],
        )
    )
    return rows
