"""PURE: optimal, conflict-free, balanced assignment of judges to blind entries.

Rules, in order of strength:

1. Hard: every entry gets exactly ``readers`` readers in total (existing ones
   count), or every allowed judge when ``readers`` is None (a final council); no
   judge reads an entry they conflict with or already read; nobody exceeds their
   cap; existing pairs (locked or already started) are kept as they are.
2. Hard when ``balance`` is on: every judge's load lies within ±1 of the water
   level t, clipped to what the judge can take. t is the average load once the
   judges whose cap (or allowed entries) keeps them below it are at that limit:
   the solution of Σ clip(t, load already given, most they can take) = all
   readings. Without caps and conflicts t is simply the average load.
3. Objective, maximised lexicographically: first the number of entries with at
   least one expert reader (a judge whose fields hold the entry's field), then
   the number of expert readings. With k readers the first expert matters most,
   so an entry without any expert is avoided whenever the rules allow it.
4. Among equally good assignments one is chosen by seeded integer noise that can
   never change (3): the same inputs in the same order with the same seed give
   the same result, and nobody can predict who reads what without the seed.

How it is solved: one min-cost flow (see ``judging.assignment.core.flow``), exact. When no
assignment exists, ``AssignmentInfeasible`` lists structured reasons (entries with
too few allowed judges, total capacity, a group of entries or judges that a
minimum cut proves cannot be served). ``greedy_assign`` is the simple baseline
used by the benchmark.

Re-running after late changes: pass every kept pair as ``existing``; only the gaps
are filled. A third reading for entries with a large score gap: pass those entries
with ``readers`` = current readers + 1 and all the round's pairs as ``existing``
(pairs of entries not listed still count toward the judges' loads).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from judging.assignment.core.errors import (
    AssignmentInfeasible,
    CapacityShort,
    EntriesShortOfCapacity,
    EntryShortOfJudges,
    GreedyStuck,
    JudgeOverCap,
    JudgesBelowBalance,
    Reason,
)
from judging.assignment.core.flow import solve
from judging.assignment.core.greedy import greedy_pairs
from judging.assignment.core.prepare import Prepared, prepare
from judging.assignment.core.types import (
    AssignmentResult,
    EntryId,
    EntrySlot,
    JudgeId,
    JudgeSlot,
    Pair,
)

__all__ = [
    "AssignmentInfeasible",
    "AssignmentResult",
    "CapacityShort",
    "EntriesShortOfCapacity",
    "EntryShortOfJudges",
    "EntrySlot",
    "GreedyStuck",
    "JudgeOverCap",
    "JudgeSlot",
    "JudgesBelowBalance",
    "Reason",
    "assign",
    "greedy_assign",
]


def assign(
    entries: Sequence[EntrySlot],
    judges: Sequence[JudgeSlot],
    *,
    conflicts: Iterable[Pair] = frozenset(),
    existing: Iterable[Pair] = frozenset(),
    seed: int = 0,
    balance: bool = True,
) -> AssignmentResult:
    """Optimal assignment of new readers; raises AssignmentInfeasible with reasons.

    ``conflicts`` and ``existing`` hold (judge_id, entry_id) pairs; ids unknown to
    ``entries``/``judges`` are ignored, except that an existing pair of a listed
    judge always counts toward that judge's load.
    """
    prep = prepare(entries, judges, conflicts, existing, balance)
    rows, cols = solve(prep, seed)
    return _result(prep, rows, cols, seed)


def greedy_assign(
    entries: Sequence[EntrySlot],
    judges: Sequence[JudgeSlot],
    *,
    conflicts: Iterable[Pair] = frozenset(),
    existing: Iterable[Pair] = frozenset(),
    seed: int = 0,
    balance: bool = True,
) -> AssignmentResult:
    """Greedy baseline with the same inputs and result (not optimal, may get stuck)."""
    prep = prepare(entries, judges, conflicts, existing, balance)
    rows, cols = greedy_pairs(prep, seed)
    return _result(prep, rows, cols, seed)


def _result(
    prep: Prepared, rows: np.ndarray, cols: np.ndarray, seed: int
) -> AssignmentResult:
    """Assemble the plain result from the new pairs' indices."""
    judges, entries = prep.judges, prep.entries
    position = {j.id: c for c, j in enumerate(judges)}
    new: list[list[int]] = [list(f) for f in prep.forced]
    order = np.lexsort((cols, rows))  # judges in list order within each entry
    for r, c in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        new[r].append(c)
    loads = prep.base_load.copy()
    np.add.at(loads, cols, 1)

    pairs: dict[EntryId, tuple[JudgeId, ...]] = {}
    readers: dict[EntryId, tuple[JudgeId, ...]] = {}
    expert_readings = 0
    without: list[EntryId] = []
    for r, entry in enumerate(entries):
        added = tuple(judges[c].id for c in new[r])
        if added:
            pairs[entry.id] = added
        readers[entry.id] = tuple(prep.old_readers[r]) + added
        hits = int(prep.expert[r, new[r]].sum()) if new[r] else 0
        old_hits = sum(
            1
            for j in prep.old_readers[r]
            if j in position and prep.expert[r, position[j]]
        )
        expert_readings += hits + old_hits
        if hits + old_hits == 0:
            without.append(entry.id)
    return AssignmentResult(
        pairs=pairs,
        readers=readers,
        loads={j.id: int(loads[c]) for c, j in enumerate(judges)},
        load_bounds={
            j.id: (int(prep.lo[c]), int(prep.hi[c])) for c, j in enumerate(judges)
        },
        level=float(prep.level),
        expert_readings=expert_readings,
        entries_without_expert=tuple(without),
        objective=(len(entries) - len(without), expert_readings),
        seed=seed,
    )
