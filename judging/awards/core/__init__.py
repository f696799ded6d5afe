"""Award lists: prize tiers over a final ranking (the organizers' overrides: see below).

Pure (no Flask, no database). The proposal lays the ranking of each track onto the
seats of the tiers in order (Đặc biệt, Nhất, Nhì, Ba, Khuyến khích by default). A
group of entries with the same score that straddles a tier boundary is never split
silently: it becomes a ``BoundaryTie`` for the organizers, unless the edition's tie
rules (``judging.scoring.core.ranking.break_ties``) separate it, in which case a ``TieDecision``
records which rule decided. Organizers then apply overrides, each with a reason
(``judging.awards.core.overrides``, with the final list and its placements). The unit
ranking and the featured-people table are in ``judging.awards.core.collective``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby
from types import MappingProxyType

from judging.scoring.core import DEFAULT_DECIMALS, EntryId, finite
from judging.scoring.core.ranking import TieRule, break_ties, rank, stable_sorted


class Tier(StrEnum):
    """Prize tiers, best first."""

    DAC_BIET = "dac_biet"
    NHAT = "nhat"
    NHI = "nhi"
    BA = "ba"
    KHUYEN_KHICH = "khuyen_khich"


TIER_ORDER: tuple[Tier, ...] = tuple(Tier)
TIER_VALUES = frozenset(t.value for t in Tier)  # what a stored tier code may be
# Display names belong to the web layer; provided here as data for convenience.
TIER_LABELS_VI: Mapping[Tier, str] = MappingProxyType(
    {
        Tier.DAC_BIET: "Đặc biệt",
        Tier.NHAT: "Nhất",
        Tier.NHI: "Nhì",
        Tier.BA: "Ba",
        Tier.KHUYEN_KHICH: "Khuyến khích",
    }
)
DEFAULT_COUNTS: Mapping[Tier, int] = MappingProxyType(
    {Tier.DAC_BIET: 1, Tier.NHAT: 2, Tier.NHI: 4, Tier.BA: 6, Tier.KHUYEN_KHICH: 10}
)


@dataclass(frozen=True)
class RankedEntry:
    """One line of the final ranking."""

    entry_id: EntryId
    score: float
    track: Hashable = None


@dataclass(frozen=True)
class BoundaryTie:
    """Equal-score entries straddling a tier boundary: the organizers decide.

    ``spans`` lists the seats the group covers, in order, e.g. ``((NHAT, 1),
    (NHI, 2))`` for three entries tied for the last Nhất seat; ``None`` stands for
    "no prize" when the group runs past the last seat.
    """

    track: Hashable
    tier: Tier
    entries: tuple[EntryId, ...]
    seats_left: int
    spans: tuple[tuple[Tier | None, int], ...]


@dataclass(frozen=True)
class TieDecision:
    """An equal-score group split at a tier boundary by one of the edition's rules."""

    track: Hashable
    rule: str
    above: tuple[EntryId, ...]  # placed in ``tier``
    tier: Tier
    below: tuple[EntryId, ...]  # placed in ``below_tier`` (None: no prize)
    below_tier: Tier | None


@dataclass(frozen=True)
class TrackAwards:
    """The proposed award list of one track."""

    track: Hashable
    counts: Mapping[Tier, int]
    tiers: Mapping[Tier, tuple[EntryId, ...]]  # every tier, in rank order
    ties: tuple[BoundaryTie, ...]
    decisions: tuple[TieDecision, ...]
    eligible: frozenset[EntryId]

    def tier_of(self, entry_id: EntryId) -> Tier | None:
        """The proposed tier of an entry, or None (no prize, or pending in a tie)."""
        for tier, ids in self.tiers.items():
            if entry_id in ids:
                return tier
        return None

    @property
    def pending(self) -> tuple[EntryId, ...]:
        """Entries waiting for the organizers because of a boundary tie."""
        return tuple(e for t in self.ties for e in t.entries)


def propose_awards(
    ranking: Iterable[RankedEntry],
    counts: Mapping[Tier, int] = DEFAULT_COUNTS,
    *,
    track_counts: Mapping[Hashable, Mapping[Tier, int]] | None = None,
    excluded: Iterable[EntryId] = (),
    tie_rules: Sequence[TieRule] = (),
    decimals: int = DEFAULT_DECIMALS,
) -> dict[Hashable, TrackAwards]:
    """Per track, fill the tiers in rank order; report boundary ties (see module doc).

    ``counts`` applies to every track unless ``track_counts`` gives that track its
    own; ``excluded`` (ineligible, disqualified) entries are left out before ranking.
    A NaN or infinite score raises ``judging.scoring.core.NonFiniteScore`` (never ranked).
    """
    excluded = set(excluded)
    by_track: dict[Hashable, dict[EntryId, float]] = defaultdict(dict)
    for line in ranking:
        if line.entry_id in excluded:
            continue
        if any(line.entry_id in scores for scores in by_track.values()):
            raise ValueError(f"entry {line.entry_id!r} appears twice in the ranking")
        by_track[line.track][line.entry_id] = finite(line.entry_id, line.score)
    result = {}
    for track in stable_sorted(by_track):
        own = (track_counts or {}).get(track, counts)
        if any(n < 0 for n in own.values()) or set(own) - TIER_VALUES:
            raise ValueError(f"tier counts must be >= 0 and use known tiers: {own}")
        result[track] = _propose_track(
            track, by_track[track], dict(own), tie_rules, decimals
        )
    return result


def _propose_track(
    track: Hashable,
    scores: dict[EntryId, float],
    counts: dict[Tier, int],
    tie_rules: Sequence[TieRule],
    decimals: int,
) -> TrackAwards:
    # One label per seat, best first; a rank group takes as many seats as members.
    seats: list[Tier | None] = [t for t in TIER_ORDER for _ in range(counts.get(t, 0))]
    placed: dict[Tier, list[EntryId]] = {t: [] for t in TIER_ORDER}
    ties: list[BoundaryTie] = []
    decisions: list[TieDecision] = []
    position = 0
    for group in rank(scores, decimals):
        if position >= len(seats):
            break
        size = len(group.entry_ids)
        labels = seats[position : position + size]
        labels += [None] * (size - len(labels))
        position += size
        if len(set(labels)) == 1:
            placed[labels[0]].extend(group.entry_ids)  # type: ignore[index]
            continue
        tie_break = break_ties(group.entry_ids, tie_rules, decimals)
        offset = 0
        for i, sub in enumerate(tie_break.order):
            sub_labels = labels[offset : offset + len(sub)]
            offset += len(sub)
            if len(set(sub_labels)) > 1:
                ties.append(_boundary_tie(track, sub, sub_labels))
            elif sub_labels[0] is not None:
                placed[sub_labels[0]].extend(sub)
            if i + 1 < len(tie_break.order) and labels[offset - 1] != labels[offset]:
                after = tie_break.order[i + 1]
                rule = tie_break.decided_by(sub[-1], after[0])
                assert rule is not None  # separate subgroups were split by a rule
                decisions.append(
                    TieDecision(
                        track,
                        rule,
                        sub,
                        labels[offset - 1],  # type: ignore[arg-type]
                        after,
                        labels[offset],
                    )
                )
    return TrackAwards(
        track=track,
        counts=MappingProxyType(counts),
        tiers=MappingProxyType({t: tuple(ids) for t, ids in placed.items()}),
        ties=tuple(ties),
        decisions=tuple(decisions),
        eligible=frozenset(scores),
    )


def _boundary_tie(
    track: Hashable, entries: tuple[EntryId, ...], labels: list[Tier | None]
) -> BoundaryTie:
    spans = tuple((label, len(list(run))) for label, run in groupby(labels))
    first = spans[0][0]
    assert first is not None  # a group starting past the last seat is not a tie
    return BoundaryTie(track, first, entries, spans[0][1], spans)
