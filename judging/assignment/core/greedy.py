"""Greedy baseline: entries in seeded random order, each takes the least-loaded judges.

Used only to show what the optimiser gains (benchmarks/assignment.py). It prefers
experts, then the least-loaded judges, never exceeds the balanced maximum load,
but cannot guarantee minimum loads or that every entry finds an expert.
"""

from __future__ import annotations

import numpy as np

from judging.assignment.core.errors import AssignmentInfeasible, GreedyStuck
from judging.assignment.core.prepare import Prepared


def greedy_pairs(prep: Prepared, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the new (entry, judge) pairs chosen greedily."""
    rng = np.random.default_rng(seed)
    loads = prep.base_load.copy()
    # Any key difference of 1 (a load step) beats any expert/non-expert noise, and
    # an expert beats any load difference.
    expert_step = float(prep.hi.max(initial=0) + 2)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for r in rng.permutation(np.flatnonzero(prep.demand > 0)):
        need = int(prep.demand[r])
        free = np.flatnonzero(prep.eligible[r] & (loads < prep.hi))
        if free.size < need:
            entry = prep.entries[r]
            raise AssignmentInfeasible([GreedyStuck(entry.id, need, int(free.size))])
        key = (~prep.expert[r, free]) * expert_step + loads[free]
        key = key + rng.random(free.size)
        chosen = free[np.argpartition(key, need - 1)[:need]]
        loads[chosen] += 1
        rows.append(np.full(need, r))
        cols.append(chosen)
    if not rows:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    return np.concatenate(rows), np.concatenate(cols)
