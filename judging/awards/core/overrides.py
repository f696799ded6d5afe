"""The organizers' changes to a proposed award list, and the final list (pure).

An ``Override`` moves one entry to a tier or takes it off the list, always with a
reason; ``apply_overrides`` checks every override of a track at once (reason,
eligibility, one change per entry, seats per tier) and gives the ``FinalAwards``
with its change log. A boundary tie is decided the same way (``tie_order``, then
``resolve_tie``). ``ranked_placements`` numbers the final prizes for the exports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from judging.awards.core import TIER_ORDER, TIER_VALUES, BoundaryTie, Tier, TrackAwards
from judging.scoring.core import DEFAULT_DECIMALS, EntryId


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
        elif o.action == OverrideAction.MOVE and o.tier not in TIER_VALUES:
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
