"""The optimal assignment as one min-cost flow (OR-Tools), and its diagnosis.

Network (only entries that still need readers take part)::

    entry e ──(1, -(M1+M2))──► hub e ──(1, noise)──► expert judge j ──► sink
            ──(d-1, -M2)─────►                       (lower bound lo-base,
            ──(1, noise)───────────────────────────► other judge j    upper hi-base)

(capacity, unit cost) on each arc; d is the entry's missing readers.
Entry e supplies its demand d. Judge j demands its mandatory readings
``lo_j - base_j`` (a lower bound written as a node demand, so no big-M is needed)
and passes up to ``hi_j - lo_j`` more to the sink. The first hub arc pays the
"first expert" bonus only if the entry has no expert reader yet (otherwise the
second hub arc takes all d).

Costs are integers. With J judges and noise in [0, P), a simple cycle of the
residual graph passes through at most J entries (entries only touch judges) and so
through at most 2J noisy arcs. Hence M2 = 2J(P-1)+1 makes one more expert reading
outweigh any noise, and M1 = (J+1)·M2 makes one more entry with an expert outweigh
any number of expert readings a cycle can trade. By the cycle decomposition of the
difference between two flows, the min-cost flow is therefore lexicographically
optimal for (entries with an expert, expert readings) and, among those optima,
picks the one with the least seeded noise: a reproducible random tie-break.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from judging.assignment.core.errors import (
    AssignmentInfeasible,
    EntriesShortOfCapacity,
    JudgesBelowBalance,
    Reason,
)
from judging.assignment.core.prepare import Prepared

# Noise range for the tie-break; large enough that equal-cost choices rarely tie
# again, small enough that costs stay far inside OR-Tools' int64 range.
NOISE = 1024


def weights(n_judges: int, noise: int = NOISE) -> tuple[int, int]:
    """(M1, M2): bonus of an entry's first expert reader and of any expert reader."""
    m2 = 2 * max(n_judges, 1) * (noise - 1) + 1
    return (max(n_judges, 1) + 1) * m2, m2


def solve(prep: Prepared, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the new (entry, judge) pairs of an optimal assignment."""
    active = np.flatnonzero(prep.demand > 0)
    if active.size == 0:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    n_a, n_j = active.size, len(prep.judges)
    elig = prep.eligible[active]
    expert = prep.expert[active]
    demand = prep.demand[active]
    m1, m2 = weights(n_j)

    # Hubs only for entries with at least one allowed expert.
    has_hub = (elig & expert).any(axis=1)
    hub_of = np.full(n_a, -1, dtype=np.int32)
    hub_of[has_hub] = n_a + np.arange(int(has_hub.sum()))
    judge0 = n_a + int(has_hub.sum())
    sink = judge0 + n_j

    # int32 node ids throughout: OR-Tools wants them, and they halve the memory.
    plain_r, plain_c = (a.astype(np.int32) for a in np.nonzero(elig & ~expert))
    exp_r, exp_c = (a.astype(np.int32) for a in np.nonzero(elig & expert))
    n_pair = plain_r.size + exp_r.size
    hubs = np.flatnonzero(has_hub).astype(np.int32)
    lacking = ~prep.covered[active][hubs]  # no expert reads these entries yet
    first = hubs[lacking]
    judge_nodes = judge0 + np.arange(n_j, dtype=np.int32)
    mandatory = prep.lo - prep.base_load
    one = np.ones(n_pair, np.int64)
    rng = np.random.default_rng(seed)
    # Arc blocks: (tails, heads, capacities, unit costs). The pair arcs come first
    # so that their flows are read back by index.
    blocks = [
        (plain_r, judge0 + plain_c, one[: plain_r.size], None),
        (hub_of[exp_r], judge0 + exp_c, one[: exp_r.size], None),
        (first, hub_of[first], np.ones(first.size, np.int64), -(m1 + m2)),
        (hubs, hub_of[hubs], demand[hubs] - lacking, -m2),
        (judge_nodes, np.full(n_j, sink, np.int32), prep.hi - prep.lo, 0),
    ]
    tails = np.concatenate([b[0] for b in blocks]).astype(np.int32, copy=False)
    heads = np.concatenate([b[1] for b in blocks]).astype(np.int32, copy=False)
    caps = np.concatenate([b[2] for b in blocks]).astype(np.int64)
    costs = np.concatenate(
        [rng.integers(0, NOISE, n_pair, dtype=np.int64)]
        + [np.full(b[0].size, b[3], np.int64) for b in blocks[2:]]
    )
    supplies = np.concatenate(
        [demand, np.zeros(hubs.size, np.int64), -mandatory,
         [int(mandatory.sum()) - int(demand.sum())]]
    )  # fmt: skip

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    del blocks, tails, heads, caps, costs  # the solver has its own copy
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status == flow.INFEASIBLE:
        raise AssignmentInfeasible(diagnose(prep))
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status!r}")
    used = flow.flows(np.arange(n_pair, dtype=np.int32)) > 0
    rows = np.concatenate([plain_r, exp_r])[used]
    cols = np.concatenate([plain_c, exp_c])[used]
    return active[rows], cols


def diagnose(prep: Prepared) -> list[Reason]:
    """Explain an infeasible flow with a minimum cut (a Hall-type certificate).

    Max flow on: source → entry (demand), entry → judge (1), judge → T (mandatory
    readings), judge → t (optional readings), t → T (all optional readings). The
    source side of a minimum cut either holds the sink t, and then the judges on
    the far side cannot reach their minimum loads, or it does not, and then the
    entries on the source side cannot get their readers.
    """
    active = np.flatnonzero(prep.demand > 0)
    elig = prep.eligible[active]
    demand = prep.demand[active]
    n_a, n_j = active.size, len(prep.judges)
    source, judge0 = n_a + n_j + 2, n_a
    t, big_t = n_a + n_j, n_a + n_j + 1
    mandatory = prep.lo - prep.base_load
    optional = prep.hi - prep.lo
    r, c = np.nonzero(elig)
    judges = np.arange(n_j)
    tails = np.concatenate(
        [np.full(n_a, source), r, judge0 + judges, judge0 + judges, [t]]
    )
    heads = np.concatenate(
        [np.arange(n_a), judge0 + c, np.full(n_j, big_t), np.full(n_j, t), [big_t]]
    )
    caps = np.concatenate(
        [demand, np.ones(r.size, np.int64), mandatory, optional,
         [int(demand.sum()) - int(mandatory.sum())]]
    )  # fmt: skip
    graph = max_flow.SimpleMaxFlow()
    graph.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), caps)
    if graph.solve(source, big_t) != graph.OPTIMAL:
        raise RuntimeError("max flow failed while explaining an infeasible assignment")
    side = np.zeros(source + 1, dtype=bool)
    side[graph.get_source_side_min_cut()] = True
    in_entries, in_judges = side[:n_a], side[judge0 : judge0 + n_j]
    out_entries = ~in_entries
    if not side[t]:
        # Entries on the source side: their readers can only come from judges on
        # the far side (one each) or from source-side judges up to their maximum.
        crossing = int(elig[in_entries][:, ~in_judges].sum())
        capacity = crossing + int((prep.hi - prep.base_load)[in_judges].sum())
        judge_ids = tuple(prep.judges[k].id for k in np.flatnonzero(in_judges))
        limited = bool(np.any(prep.hi < prep.upper)) and _fits_unbalanced(prep)
        return [
            EntriesShortOfCapacity(
                tuple(prep.entries[k].id for k in active[in_entries]),
                int(demand[in_entries].sum()),
                capacity,
                judge_ids,
                limited,
                int(prep.hi.max()) if limited else None,
            )
        ]
    # The far-side judges need their mandatory readings, which can only come from
    # far-side entries (all their demand) or source-side entries (one per pair).
    # Judges without mandatory readings add nothing needed: leave them out.
    far = ~in_judges & (mandatory > 0)
    available = int(demand[out_entries].sum()) + int(elig[in_entries][:, far].sum())
    return [
        JudgesBelowBalance(
            tuple(prep.judges[k].id for k in np.flatnonzero(far)),
            int(mandatory[far].sum()),
            available,
            int(prep.lo[far].max()),
        )
    ]


def _fits_unbalanced(prep: Prepared) -> bool:
    """Whether the demand could be met with the loads limited only by caps."""
    elig = prep.eligible[prep.demand > 0]
    demand = prep.demand[prep.demand > 0]
    n_a, n_j = elig.shape
    source, sink = n_a + n_j, n_a + n_j + 1
    r, c = np.nonzero(elig)
    tails = np.concatenate([np.full(n_a, source), r, n_a + np.arange(n_j)])
    heads = np.concatenate([np.arange(n_a), n_a + c, np.full(n_j, sink)])
    caps = np.concatenate(
        [demand, np.ones(r.size, np.int64), prep.upper - prep.base_load]
    )
    graph = max_flow.SimpleMaxFlow()
    graph.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), caps)
    graph.solve(source, sink)
    return graph.optimal_flow() == int(demand.sum())
