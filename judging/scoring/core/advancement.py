"""Closing a round: who advances to the next one (pure; no Flask, no database).

Three cut rules: the top N of each track, the top N of each field, or everyone at
or above a score. A tie straddling a top-N cut is never broken here: the tied
entries come back in ``tied_at_cut`` with the number of seats left, for the
organizers to decide (by manual additions, or by raising N). Manual additions and
removals are applied on top with a mandatory reason and logged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from judging.scoring.core import DEFAULT_DECIMALS, EntryId
from judging.scoring.core.ranking import rank, stable_sorted


@dataclass(frozen=True)
class Candidate:
    """An entry of the closing round with its final score."""

    entry_id: EntryId
    score: float
    track: Hashable = None
    field: Hashable = None


class GroupBy(StrEnum):
    """What a top-N cut is counted over."""

    TRACK = "track"
    FIELD = "field"
    ROUND = "round"  # the whole round at once


@dataclass(frozen=True)
class GroupCut:
    """The cut inside one group (a track, a field, or the whole round)."""

    group: Hashable
    cut_score: float | None  # lowest score that advances or ties; None if empty
    advancing: tuple[EntryId, ...]
    tied_at_cut: tuple[EntryId, ...]
    seats_left: int  # seats the tied entries compete for


class ChangeAction(StrEnum):
    """A manual change to the selection."""

    ADD = "add"
    REMOVE = "remove"


@dataclass(frozen=True)
class ManualChange:
    """An organizer's addition or removal; the reason is mandatory and logged."""

    entry_id: EntryId
    action: ChangeAction
    reason: str


class ChangeError(StrEnum):
    """Why a manual change is refused (codes; the web layer words them)."""

    REASON_REQUIRED = "reason_required"
    UNKNOWN_ENTRY = "unknown_entry"
    ALREADY_ADVANCING = "already_advancing"
    NOT_ADVANCING = "not_advancing"


class ManualChangeError(ValueError):
    """Raised with every refused change, so the form can show them all at once."""

    def __init__(self, problems: Sequence[tuple[ManualChange, ChangeError]]) -> None:
        super().__init__(", ".join(f"{c.entry_id!r}: {code}" for c, code in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Selection:
    """Who advances: the cut's result, the unresolved ties, and the change log.

    ``advancing`` and ``tied_at_cut`` include the manual changes; ``cuts`` keep the
    automatic cut as computed, so the page can show both.
    """

    advancing: tuple[EntryId, ...]
    tied_at_cut: tuple[EntryId, ...]  # undecided: neither advancing nor dropped
    cuts: tuple[GroupCut, ...]
    considered: frozenset[EntryId]
    log: tuple[ManualChange, ...] = ()

    @property
    def cut_score(self) -> dict[Hashable, float | None]:
        """The cut score of each group."""
        return {c.group: c.cut_score for c in self.cuts}


def top_n(
    candidates: Iterable[Candidate],
    n: int,
    per: GroupBy = GroupBy.TRACK,
    decimals: int = DEFAULT_DECIMALS,
) -> Selection:
    """The best ``n`` of each group; a tie across the n-th place is reported."""
    if n < 0:
        raise ValueError("n must be >= 0")
    candidates = _unique(candidates)
    groups: dict[Hashable, dict[EntryId, float]] = defaultdict(dict)
    for c in candidates:
        groups[_group_key(c, per)][c.entry_id] = c.score
    cuts = [_cut_group(g, groups[g], n, decimals) for g in stable_sorted(groups)]
    return Selection(
        advancing=tuple(e for c in cuts for e in c.advancing),
        tied_at_cut=tuple(e for c in cuts for e in c.tied_at_cut),
        cuts=tuple(cuts),
        considered=frozenset(c.entry_id for c in candidates),
    )


def _group_key(candidate: Candidate, per: GroupBy) -> Hashable:
    if per == GroupBy.TRACK:
        return candidate.track
    if per == GroupBy.FIELD:
        return candidate.field
    return None  # the whole round is one group


def _cut_group(
    group: Hashable, scores: dict[EntryId, float], n: int, decimals: int
) -> GroupCut:
    advancing: list[EntryId] = []
    for g in rank(scores, decimals):
        seats = n - len(advancing)
        if seats <= 0:
            break
        if len(g.entry_ids) > seats:
            return GroupCut(group, g.score, tuple(advancing), g.entry_ids, seats)
        advancing.extend(g.entry_ids)
    cut = min((round(scores[e], decimals) for e in advancing), default=None)
    return GroupCut(group, cut, tuple(advancing), (), 0)


def above_score(
    candidates: Iterable[Candidate],
    min_score: float,
    decimals: int = DEFAULT_DECIMALS,
) -> Selection:
    """Everyone scoring ``min_score`` or more (at ``decimals``) advances."""
    candidates = _unique(candidates)
    threshold = round(min_score, decimals)
    scores = {c.entry_id: c.score for c in candidates}
    advancing = tuple(
        e for g in rank(scores, decimals) if g.score >= threshold for e in g.entry_ids
    )
    cut = GroupCut(None, threshold, advancing, (), 0)
    return Selection(advancing, (), (cut,), frozenset(scores))


def apply_changes(selection: Selection, changes: Sequence[ManualChange]) -> Selection:
    """Apply manual additions/removals in order; refuse them all if any is invalid.

    Adding a tied entry settles its tie; removing one drops it. The log keeps every
    change with its reason, after any earlier log.
    """
    advancing = list(selection.advancing)
    tied = list(selection.tied_at_cut)
    problems: list[tuple[ManualChange, ChangeError]] = []
    for change in changes:
        entry = change.entry_id
        if not change.reason or not change.reason.strip():
            problems.append((change, ChangeError.REASON_REQUIRED))
        elif entry not in selection.considered:
            problems.append((change, ChangeError.UNKNOWN_ENTRY))
        elif change.action == ChangeAction.ADD:
            if entry in advancing:
                problems.append((change, ChangeError.ALREADY_ADVANCING))
            else:
                advancing.append(entry)
                _discard(tied, entry)
        elif entry in advancing:
            advancing.remove(entry)
        elif entry in tied:
            tied.remove(entry)  # the organizer decided it does not advance
        else:
            problems.append((change, ChangeError.NOT_ADVANCING))
    if problems:
        raise ManualChangeError(problems)
    return replace(
        selection,
        advancing=tuple(advancing),
        tied_at_cut=tuple(tied),
        log=(*selection.log, *changes),
    )


def _discard(items: list[EntryId], entry: EntryId) -> None:
    if entry in items:
        items.remove(entry)


def _unique(candidates: Iterable[Candidate]) -> list[Candidate]:
    candidates = list(candidates)
    ids = [c.entry_id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("an entry appears twice among the candidates")
    return candidates
