"""Benchmark: optimal judge assignment versus the greedy baseline; prints JSON.

Default size is a large sơ khảo (20,000 entries, 150 judges, 3 readers each);
``--entries 50000 --judges 300`` is the stress size. Conflicts: 5% random pairs
plus unit conflicts (a judge never reads entries of their own unit). Fields: 14,
entry popularity skewed, each judge expert in 1–2 fields drawn uniformly, so the
popular fields lack experts and the solver has to share them out. Caps are
⌈entries·k/judges⌉+1 and balancing keeps every load within ±1 of the average.

Also solves a small instance with scipy's HiGHS (LP bound and MILP) and checks
that the flow's optimum equals it.

    .venv/bin/python -m benchmarks.assignment [--entries N] [--judges M] [--readers K]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import time
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from judging.assignment.core import (
    AssignmentInfeasible,
    AssignmentResult,
    EntrySlot,
    JudgeSlot,
    assign,
    greedy_assign,
)

N_FIELDS = 14
N_UNITS = 40


def make_round(
    n_entries: int, n_judges: int, readers: int, seed: int, conflict_rate: float
) -> tuple[list[EntrySlot], list[JudgeSlot], set[tuple[int, int]]]:
    """A synthetic round: entries, judges with caps, and all conflict pairs."""
    rng = np.random.default_rng(seed)
    popularity = 1 / np.arange(1, N_FIELDS + 1) ** 0.8
    entry_field = rng.choice(N_FIELDS, n_entries, p=popularity / popularity.sum())
    entry_unit = rng.integers(0, N_UNITS, n_entries)
    judge_unit = rng.integers(0, N_UNITS, n_judges)
    cap = math.ceil(n_entries * readers / n_judges) + 1
    judges = [
        JudgeSlot(
            j,
            frozenset(
                f"f{f}" for f in rng.choice(N_FIELDS, rng.integers(1, 3), replace=False)
            ),
            cap,
        )
        for j in range(n_judges)
    ]
    entries = [EntrySlot(e, f"f{entry_field[e]}", readers) for e in range(n_entries)]
    clash = rng.random((n_entries, n_judges)) < conflict_rate
    clash |= entry_unit[:, None] == judge_unit[None, :]
    rows, cols = np.nonzero(clash)
    return entries, judges, set(zip(cols.tolist(), rows.tolist(), strict=True))


def rss_mb() -> float:
    """Current resident memory of this process in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return round(pages * resource.getpagesize() / 2**20, 1)


def peak_mb() -> float:
    """Peak resident memory of this process so far in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def figures(
    result: AssignmentResult, conflicts: set[tuple[int, int]], k: int
) -> dict[str, object]:
    """Quality figures plus a validity check of the hard rules."""
    s = result.summary()
    valid = all(len(r) == k for r in result.readers.values()) and not any(
        (j, e) in conflicts for e, r in result.readers.items() for j in r
    )
    within = all(
        lo <= result.loads[j] <= hi for j, (lo, hi) in result.load_bounds.items()
    )
    return {
        "objective": list(result.objective),
        "loads_min": s["loads_min"],
        "loads_max": s["loads_max"],
        "expert_share": s["expert_share"],
        "entries_without_expert": s["entries_without_expert"],
        "valid": valid,
        "loads_within_bounds": within,
    }


def lp_check(seed: int) -> dict[str, object]:
    """Small instance: flow optimum versus HiGHS (LP relaxation and MILP)."""
    entries, judges, conflicts = make_round(120, 9, 3, seed, 0.1)
    result = assign(entries, judges, conflicts=conflicts, seed=seed)
    free = [
        (c, r)
        for r, e in enumerate(entries)
        for c, j in enumerate(judges)
        if (j.id, e.id) not in conflicts
    ]
    n_x, n_e = len(free), len(entries)
    x_rows = np.array([r for _, r in free])
    x_cols = np.array([c for c, _ in free])
    is_expert = np.array(
        [entries[r].field in judges[c].fields for c, r in free], dtype=float
    )
    idx = np.arange(n_x)
    readers = sparse.csr_matrix((np.ones(n_x), (x_rows, idx)), shape=(n_e, n_x + n_e))
    # y_e - Σ expert x_ej ≤ 0: entry e counts as covered only with an expert.
    y = np.arange(n_e)
    cover = sparse.csr_matrix(
        (np.concatenate([-is_expert, np.ones(n_e)]),
         (np.concatenate([x_rows, y]), np.concatenate([idx, n_x + y]))),
        shape=(n_e, n_x + n_e),
    )  # fmt: skip
    loads = sparse.csr_matrix(
        (np.ones(n_x), (x_cols, idx)), shape=(len(judges), n_x + n_e)
    )
    lo = [result.load_bounds[j.id][0] for j in judges]
    hi = [result.load_bounds[j.id][1] for j in judges]
    cons = [
        LinearConstraint(readers, 3, 3),
        LinearConstraint(cover, -np.inf, 0),
        LinearConstraint(loads, lo, hi),
    ]
    c_cover = np.concatenate([np.zeros(n_x), np.ones(n_e)])
    c_expert = np.concatenate([is_expert, np.zeros(n_e)])
    a_ub = sparse.vstack([cover, loads, -loads])
    b_ub = np.concatenate([np.zeros(n_e), hi, -np.array(lo)])
    lp = linprog(-c_cover, A_ub=a_ub, b_ub=b_ub, A_eq=readers, b_eq=np.full(n_e, 3),
                 bounds=(0, 1), method="highs")  # fmt: skip
    opts = {"integrality": np.ones(n_x + n_e), "bounds": Bounds(0, 1)}
    best_cover = round(-milp(-c_cover, constraints=cons, **opts).fun)
    cons.append(LinearConstraint(c_cover[None, :], best_cover, np.inf))
    best_expert = round(-milp(-c_expert, constraints=cons, **opts).fun)
    return {
        "entries": n_e,
        "judges": len(judges),
        "flow_objective": list(result.objective),
        "milp_objective": [best_cover, best_expert],
        "lp_cover_bound": round(-lp.fun, 6),
        "match": list(result.objective) == [best_cover, best_expert],
    }


def run(argv: Sequence[str] | None = None) -> dict[str, object]:
    """Run the benchmark and return the JSON-ready report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--judges", type=int, default=150)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--conflict-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    k = args.readers
    entries, judges, conflicts = make_round(
        args.entries, args.judges, k, args.seed, args.conflict_rate
    )
    experts = {
        f: {j.id for j in judges if f in j.fields} for f in {e.field for e in entries}
    }
    no_expert_possible = sum(
        1 for e in entries if all((j, e.id) in conflicts for j in experts[e.field])
    )
    report: dict[str, object] = {
        "entries": args.entries,
        "judges": args.judges,
        "readers_per_entry": k,
        "conflict_pairs": len(conflicts),
        "cap": judges[0].cap,
        "entries_with_no_allowed_expert": no_expert_possible,
        "cpu_count": len(os.sched_getaffinity(0)),
    }
    before = rss_mb()
    start = time.perf_counter()
    best = assign(entries, judges, conflicts=conflicts, seed=args.seed)
    report["optimal"] = {
        "seconds": round(time.perf_counter() - start, 2),
        "rss_before_mb": before,
        "peak_rss_mb": peak_mb(),
        "level": best.level,
        **figures(best, conflicts, k),
    }
    del best
    start = time.perf_counter()
    try:
        greedy = greedy_assign(entries, judges, conflicts=conflicts, seed=args.seed)
        report["greedy"] = {
            "seconds": round(time.perf_counter() - start, 2),
            **figures(greedy, conflicts, k),
        }
    except AssignmentInfeasible as exc:
        report["greedy"] = {"error": list(exc.codes), "message": str(exc)[:300]}
    report["small_instance_check"] = lp_check(args.seed)
    return report


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
