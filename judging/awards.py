"""Award lists: prize tiers over a final ranking, and the organizers' overrides.

Pure (no Flask, no database). The proposal lays the ranking of each track onto the
seats of the tiers in order (Đặc biệt, Nhất, Nhì, Ba, Khuyến khích by default). A
group of entries with the same score that straddles a tier boundary is never split
silently: it becomes a ``BoundaryTie`` for the organizers, unless the edition's tie
rules (``judging.scoring.break_ties``) separate it, in which case a ``TieDecision``
records which rule decided. Organizers then apply ``Override``s, each with a reason.
The unit ranking and the featured-people table are in ``judging.awards_collective``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby
from types import MappingProxyType

from judging.scoring import (
    DEFAULT_DECIMALS,
    EntryId,
    TieRule,
    break_ties,
    rank,
    stable_sorted,
)


class Tier(StrEnum):
    """Prize tiers, best first."""

    DAC_BIET = "dac_biet"
    NHAT = "nhat"
    NHI = "nhi"
    BA = "ba"
    KHUYEN_KHICH = "khuyen_khich"


TIER_ORDER: tuple[Tier, ...] = tuple(Tier)
_TIER_VALUES = frozenset(t.value for t in Tier)
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
    """
    excluded = set(excluded)
    by_track: dict[Hashable, dict[EntryId, float]] = defaultdict(dict)
    for line in ranking:
        if line.entry_id in excluded:
            continue
        if any(line.entry_id in scores for scores in by_track.values()):
            raise ValueError(f"entry {line.entry_id!r} appears twice in the ranking")
        by_track[line.track][line.entry_id] = line.score
    result = {}
    for track in stable_sorted(by_track):
        own = (track_counts or {}).get(track, counts)
        if any(n < 0 for n in own.values()) or set(own) - _TIER_VALUES:
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


# -------------------------------------------------------------- overrides ----


class OverrideAction(StrEnum):
    """What an organizer does to one entry of the proposed list."""

    MOVE = "move"  # put the entry in ``tier`` (from another tier, a tie, or no prize)
    REMOVE = "remove"  # take the entry off the list (or decide a tie: no prize)


@dataclass(frozen=True)
class Override:
    """An organizer's change to the proposal; the reason is mandatory."""

    entry_id: EntryId
    action: OverrideAction
    reason: str
    tier: Tier | None = None


class OverrideProblem(StrEnum):
    """Why overrides are refused (codes; the web layer words them)."""

    REASON_REQUIRED = "reason_required"
    TIER_REQUIRED = "tier_required"
    UNKNOWN_ENTRY = "unknown_entry"  # not eligible in this track
    NOT_IN_LIST = "not_in_list"  # removing an entry that has no prize
    TWICE = "twice"  # two overrides for one entry would put it in two places
    OVER_QUOTA = "over_quota"  # the tier would exceed its seats


class OverrideError(ValueError):
    """All refused overrides at once: ``problems`` holds ``(code, entry or tier)``."""

    def __init__(self, problems: Sequence[tuple[OverrideProblem, Hashable]]) -> None:
        super().__init__("; ".join(f"{code}: {what!r}" for code, what in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class AwardChange:
    """One line of the change log shown next to the final list."""

    entry_id: EntryId
    from_tier: Tier | None
    to_tier: Tier | None
    reason: str


@dataclass(frozen=True)
class FinalAwards:
    """The award list of one track after the organizers' overrides."""

    track: Hashable
    tiers: Mapping[Tier, tuple[EntryId, ...]]
    log: tuple[AwardChange, ...]
    open_ties: tuple[BoundaryTie, ...]  # ties with entries nobody decided yet


def apply_overrides(
    proposal: TrackAwards, overrides: Sequence[Override]
) -> FinalAwards:
    """Validate all overrides, then apply them; ``OverrideError`` lists every problem.

    Tiers keep the proposal's order; a moved entry goes to the end of its new tier.
    Counts are enforced: to add a seat (an extra Đặc biệt), propose again with new
    counts, then override.
    """
    problems: list[tuple[OverrideProblem, Hashable]] = []
    pending = set(proposal.pending)
    seen: set[EntryId] = set()
    for o in overrides:
        entry = o.entry_id
        if not o.reason or not o.reason.strip():
            problems.append((OverrideProblem.REASON_REQUIRED, entry))
        if entry in seen:
            problems.append((OverrideProblem.TWICE, entry))
        seen.add(entry)
        if entry not in proposal.eligible:
            problems.append((OverrideProblem.UNKNOWN_ENTRY, entry))
        elif o.action == OverrideAction.MOVE and o.tier not in _TIER_VALUES:
            problems.append((OverrideProblem.TIER_REQUIRED, entry))
        elif o.action == OverrideAction.REMOVE and not (
            proposal.tier_of(entry) or entry in pending
        ):
            problems.append((OverrideProblem.NOT_IN_LIST, entry))
    if problems:
        raise OverrideError(problems)

    tiers = {t: list(ids) for t, ids in proposal.tiers.items()}
    log = []
    for o in overrides:
        before = proposal.tier_of(o.entry_id)
        if before is not None:
            tiers[before].remove(o.entry_id)
        after = Tier(o.tier) if o.action == OverrideAction.MOVE else None
        if after is not None:
            tiers[after].append(o.entry_id)
        log.append(AwardChange(o.entry_id, before, after, o.reason.strip()))
    over = [t for t in TIER_ORDER if len(tiers[t]) > proposal.counts.get(t, 0)]
    if over:
        raise OverrideError([(OverrideProblem.OVER_QUOTA, t) for t in over])
    return FinalAwards(
        track=proposal.track,
        tiers=MappingProxyType({t: tuple(ids) for t, ids in tiers.items()}),
        log=tuple(log),
        open_ties=tuple(t for t in proposal.ties if set(t.entries) - seen),
    )


def resolve_tie(
    tie: BoundaryTie, order: Sequence[EntryId], reason: str
) -> list[Override]:
    """Overrides placing a tied group in the organizers' chosen order over its seats."""
    if Counter(order) != Counter(tie.entries):
        raise ValueError("the order must list each tied entry exactly once")
    labels = [tier for tier, n in tie.spans for _ in range(n)]
    return [
        Override(e, OverrideAction.MOVE, reason, t)
        if t is not None
        else Override(e, OverrideAction.REMOVE, reason)
        for e, t in zip(order, labels, strict=True)
    ]


# ------------------------------------------------------------- placements ----


def ranked_placements(
    final: FinalAwards, scores: Mapping[EntryId, float]
) -> list[tuple[EntryId, Tier, int]]:
    """``(entry, tier, position)`` of one track's prizes, position 1 = best.

    Tiers best first; inside a tier, the higher score first, and equal scores keep
    the tier's order (the proposal's, then moved entries), so a decided tie stays
    in the order the organizers chose.
    """
    placed: list[tuple[EntryId, Tier, int]] = []
    for tier in TIER_ORDER:
        members = list(final.tiers.get(tier, ()))
        members.sort(key=lambda e: -round(float(scores.get(e, 0.0)), DEFAULT_DECIMALS))
        start = len(placed)
        placed.extend((e, tier, start + i + 1) for i, e in enumerate(members))
    return placed


def tie_order(tie: BoundaryTie, chosen: Mapping[EntryId, Tier | None]) -> list[EntryId]:
    """The organizers' choice of a tier (or no prize) per tied entry, as an order.

    The choice must name every tied entry once and fill the tie's seats exactly
    (e.g. one Nhất and two Nhì); ``ValueError`` otherwise. The order lists the
    entries best tier first, for ``resolve_tie``.
    """
    if set(chosen) != set(tie.entries):
        raise ValueError("choose a tier for each tied entry")
    wanted = Counter({tier: n for tier, n in tie.spans})
    if Counter(chosen.values()) != wanted:
        raise ValueError("the choice does not fill the tied seats exactly")
    rank_of = {tier: i for i, (tier, _n) in enumerate(tie.spans)}
    return sorted(tie.entries, key=lambda e: rank_of[chosen[e]])
