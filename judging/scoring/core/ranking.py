"""Ranking, pure: rank groups of equal scores and the edition's tie-break rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from judging.scoring.core import DEFAULT_DECIMALS, EntryId, JudgeId, Reading, finite


@dataclass(frozen=True)
class RankGroup:
    """Entries sharing one final score and therefore one rank (1, 2, 2, 4 …)."""

    rank: int
    score: float
    entry_ids: tuple[EntryId, ...]

    @property
    def tied(self) -> bool:
        """True when several entries share this rank."""
        return len(self.entry_ids) > 1


def stable_sorted(ids: Iterable[EntryId]) -> list[EntryId]:
    """Ids in a fixed order (natural order, else by text) for reproducible output."""
    ids = list(ids)
    try:
        return sorted(ids)  # type: ignore[type-var]
    except TypeError:
        return sorted(ids, key=lambda i: (type(i).__name__, str(i)))


def rank(
    scores: Mapping[EntryId, float], decimals: int = DEFAULT_DECIMALS
) -> list[RankGroup]:
    """Rank entries by score, highest first; equal scores at ``decimals`` share a rank.

    Ties are never broken here: a group lists its ids in a fixed order only so the
    output is reproducible. Use ``break_ties`` to apply the edition's rules. Raises
    NonFiniteScore for a NaN or infinite score.
    """
    groups: dict[float, list[EntryId]] = defaultdict(list)
    for entry, score in scores.items():
        groups[round(finite(entry, score), decimals)].append(entry)
    out, position = [], 1
    for score in sorted(groups, reverse=True):
        ids = tuple(stable_sorted(groups[score]))
        out.append(RankGroup(position, score, ids))
        position += len(ids)
    return out


# ------------------------------------------------------------- tie-breaks ----


@dataclass(frozen=True)
class TieRule:
    """One tie-break rule: a value per entry, higher wins (unless told otherwise).

    ``name`` is a code the web layer can translate, e.g. ``"criterion:content"`` or
    ``"first_place_votes"``.
    """

    name: str
    values: Mapping[EntryId, float]
    higher_is_better: bool = True


@dataclass(frozen=True)
class Split:
    """A rule split one tied group into ordered subgroups (best first)."""

    rule: str
    before: tuple[EntryId, ...]
    after: tuple[tuple[EntryId, ...], ...]


@dataclass(frozen=True)
class TieBreak:
    """Outcome of the tie-break rules on one tied group."""

    order: tuple[tuple[EntryId, ...], ...]  # best first; a group of 2+ is still tied
    splits: tuple[Split, ...] = field(default=())

    @property
    def remaining_ties(self) -> tuple[tuple[EntryId, ...], ...]:
        """Groups the rules could not separate."""
        return tuple(g for g in self.order if len(g) > 1)

    def decided_by(self, a: EntryId, b: EntryId) -> str | None:
        """The rule that separated ``a`` from ``b``, or None if they are still tied."""
        for split in self.splits:
            if a in split.before and b in split.before:
                where = {e: i for i, g in enumerate(split.after) for e in g}
                if where[a] != where[b]:
                    return split.rule
        return None


def break_ties(
    entry_ids: Iterable[EntryId],
    rules: Sequence[TieRule],
    decimals: int = DEFAULT_DECIMALS,
) -> TieBreak:
    """Apply the rules in order to a tied group; report each split and what stays tied.

    Every entry must have a value for every rule that is reached: a missing value
    raises ``ValueError`` instead of silently ranking the entry last.
    """
    order: list[tuple[EntryId, ...]] = [tuple(stable_sorted(entry_ids))]
    splits: list[Split] = []
    for rule in rules:
        next_order: list[tuple[EntryId, ...]] = []
        for group in order:
            if len(group) == 1:
                next_order.append(group)
                continue
            missing = [e for e in group if e not in rule.values]
            if missing:
                raise ValueError(f"tie rule {rule.name!r} has no value for {missing!r}")
            sign = 1.0 if rule.higher_is_better else -1.0
            values = {e: sign * float(rule.values[e]) for e in group}
            sub = [g.entry_ids for g in rank(values, decimals)]
            if len(sub) > 1:
                splits.append(Split(rule.name, group, tuple(sub)))
            next_order.extend(sub)
        order = next_order
    return TieBreak(tuple(order), tuple(splits))


def first_place_votes(
    readings: Iterable[Reading], among: Iterable[EntryId]
) -> dict[EntryId, int]:
    """Per entry, how many judges scored it strictly highest among ``among``.

    A judge who gave the same top score to several of these entries casts no vote:
    the vote is a preference, and that judge expressed none.
    """
    among = set(among)
    by_judge: dict[JudgeId, dict[EntryId, float]] = defaultdict(dict)
    for r in readings:
        if r.entry_id in among:
            by_judge[r.judge_id][r.entry_id] = r.score
    votes = dict.fromkeys(among, 0)
    for scored in by_judge.values():
        best = max(scored.values())
        top = [e for e, s in scored.items() if s == best]
        if len(top) == 1:
            votes[top[0]] += 1
    return votes
