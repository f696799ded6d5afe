"""Turn slots and pairs into index arrays; work out demand and balanced load bounds.

Shared by the optimal and the greedy assignment. The checks that need no solver
(an entry with too few allowed judges, too little total capacity, a council member
over their cap) run here, so the common mistakes get the clearest explanation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from judging.assignment.core.errors import (
    AssignmentInfeasible,
    CapacityShort,
    EntryShortOfJudges,
    JudgeOverCap,
    Reason,
)
from judging.assignment.core.types import EntrySlot, JudgeId, JudgeSlot, Pair

# Stands for "no cap"; far below int64 overflow even after sums over many judges.
NO_CAP = 1 << 40


@dataclass
class Prepared:
    """Index-based view of one assignment problem (row = entry, column = judge)."""

    entries: Sequence[EntrySlot]
    judges: Sequence[JudgeSlot]
    eligible: np.ndarray  # bool E×J: may be given as a NEW reader
    expert: np.ndarray  # bool E×J: the judge's fields hold the entry's field
    demand: np.ndarray  # int E: new readers still needed
    covered: np.ndarray  # bool E: an expert already reads it (existing or forced)
    old_readers: list[list[JudgeId]]  # existing readers per entry, as ids
    forced: list[list[int]]  # judges given to "every eligible judge" entries
    base_load: np.ndarray  # int J: existing + forced readings
    upper: np.ndarray  # int J: most readings the judge can end with
    lo: np.ndarray  # int J: balanced load bounds, base_load ≤ lo ≤ hi ≤ upper
    hi: np.ndarray
    level: Fraction


def _index(ids: Iterable[object], what: str) -> dict[object, int]:
    """Position of each id; a duplicate id is a programming error."""
    index: dict[object, int] = {}
    for i, key in enumerate(ids):
        if key in index:
            raise ValueError(f"duplicate {what} id {key!r}")
        index[key] = i
    return index


def water_level(low: np.ndarray, high: np.ndarray, total: int) -> Fraction:
    """Smallest t with Σ clip(t, low_j, high_j) == total, exactly.

    This is the average load once every judge whose cap (``high``) is below it sits
    at the cap and every judge already above it (``low``) stays put. Requires
    Σ low ≤ total ≤ Σ high.
    """
    points = np.unique(np.concatenate([low, high]))
    filled = np.clip(points[:, None], low[None, :], high[None, :]).sum(axis=1)
    k = int(np.searchsorted(filled, total))  # first breakpoint filling enough
    if k == 0:
        return Fraction(int(points[0]))
    prev, nxt = int(points[k - 1]), int(points[k])
    # Between two breakpoints the filled amount grows by one per judge whose
    # range spans the whole segment.
    slope = int(np.count_nonzero((low <= prev) & (high >= nxt)))
    return prev + Fraction(total - int(filled[k - 1]), slope)


def prepare(
    entries: Sequence[EntrySlot],
    judges: Sequence[JudgeSlot],
    conflicts: Iterable[Pair],
    existing: Iterable[Pair],
    balance: bool,
) -> Prepared:
    """Build the index view and the load bounds, or raise AssignmentInfeasible."""
    e_index = _index((e.id for e in entries), "entry")
    j_index = _index((j.id for j in judges), "judge")
    n_e, n_j = len(entries), len(judges)
    for e in entries:
        if e.readers is not None and e.readers < 0:
            raise ValueError(f"entry {e.id!r}: readers must be ≥ 0")
    for j in judges:
        if j.cap is not None and j.cap < 0:
            raise ValueError(f"judge {j.id!r}: cap must be ≥ 0")

    # Expertise: one row per field, the last row (no field) matches nobody.
    field_ids = {
        f: i for i, f in enumerate(sorted({f for j in judges for f in j.fields}))
    }
    knows = np.zeros((len(field_ids) + 1, n_j), dtype=bool)
    for c, judge in enumerate(judges):
        knows[[field_ids[f] for f in judge.fields], c] = True
    entry_field = [field_ids.get(e.field, len(field_ids)) for e in entries]
    expert = knows[np.asarray(entry_field, dtype=np.intp)].reshape(n_e, n_j)

    eligible = np.ones((n_e, n_j), dtype=bool)
    rows, cols = _pairs_to_indices(conflicts, e_index, j_index)
    eligible[rows, cols] = False

    base_load = np.zeros(n_j, dtype=np.int64)
    old_count = np.zeros(n_e, dtype=np.int64)
    old_readers: list[list[JudgeId]] = [[] for _ in entries]
    for judge_id, entry_id in existing:
        r, c = e_index.get(entry_id), j_index.get(judge_id)
        if c is not None:  # a pair outside the listed entries still loads the judge
            base_load[c] += 1
        if r is not None:
            old_count[r] += 1
            old_readers[r].append(judge_id)
            if c is not None:
                eligible[r, c] = False  # already reads it: never twice
    for readers in old_readers:  # list order, judges outside the round last
        readers.sort(key=lambda jid: j_index.get(jid, n_j))
    covered = np.zeros(n_e, dtype=bool)
    for r, readers in enumerate(old_readers):
        covered[r] = any(expert[r, j_index[j]] for j in readers if j in j_index)

    reasons: list[Reason] = []
    demand = np.zeros(n_e, dtype=np.int64)
    forced: list[list[int]] = [[] for _ in entries]
    forced_load = np.zeros(n_j, dtype=np.int64)
    for r, entry in enumerate(entries):
        if entry.readers is None:  # a council: every allowed judge reads it
            forced[r] = np.flatnonzero(eligible[r]).tolist()
            forced_load[forced[r]] += 1
            covered[r] |= bool(expert[r, forced[r]].any())
            eligible[r] = False
        else:
            demand[r] = max(0, entry.readers - int(old_count[r]))
    base_load += forced_load

    caps = np.array([NO_CAP if j.cap is None else j.cap for j in judges], np.int64)
    for c in np.flatnonzero((forced_load > 0) & (base_load > caps)):
        reasons.append(JudgeOverCap(judges[c].id, int(caps[c]), int(base_load[c])))

    available = eligible.sum(axis=1)
    for r in np.flatnonzero(demand > available):
        need = entries[r].readers
        eligible_count = int(old_count[r] + available[r])
        reasons.append(EntryShortOfJudges(entries[r].id, int(need), eligible_count))

    # A judge can end with at most their cap, and at most one reading per entry
    # that still needs readers and that they may read.
    takeable = eligible[demand > 0].sum(axis=0)
    room = np.minimum(np.maximum(caps - base_load, 0), takeable)
    upper = base_load + room
    needed = int(demand.sum())
    # Only report a capacity shortfall that remains once starving entries are
    # ignored; otherwise it would just repeat the entries' problem.
    if int(room.sum()) < int(np.minimum(demand, available).sum()):
        reasons.append(CapacityShort(needed, int(room.sum())))
    if reasons:
        raise AssignmentInfeasible(reasons)

    if balance and needed:
        level = water_level(base_load, upper, int(base_load.sum()) + needed)
        lo = np.clip(math.ceil(level - 1), base_load, upper)
        hi = np.clip(math.floor(level + 1), base_load, upper)
    else:
        level, lo, hi = Fraction(0), base_load.copy(), upper.copy()
    return Prepared(
        entries, judges, eligible, expert, demand, covered, old_readers, forced,
        base_load, upper, lo.astype(np.int64), hi.astype(np.int64), level,
    )  # fmt: skip


def _pairs_to_indices(
    pairs: Iterable[Pair], e_index: dict[object, int], j_index: dict[object, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of (judge, entry) pairs, skipping unknown ids."""
    rows: list[int] = []
    cols: list[int] = []
    for judge_id, entry_id in pairs:
        r, c = e_index.get(entry_id), j_index.get(judge_id)
        if r is not None and c is not None:
            rows.append(r)
            cols.append(c)
    return np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
