"""Judge assignment: rules always hold, the optimum is really optimal, errors explain.

Optimality is checked against an independent integer program (scipy's HiGHS MILP)
solved lexicographically: first the number of entries with an expert reader, then
the number of expert readings, under the same rules.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from judging.assignment.core import (
    AssignmentInfeasible,
    AssignmentResult,
    EntriesShortOfCapacity,
    EntryShortOfJudges,
    EntrySlot,
    JudgeOverCap,
    JudgesBelowBalance,
    JudgeSlot,
    assign,
    greedy_assign,
)

FIELDS = ("a", "b", "c")


@dataclass(frozen=True)
class Instance:
    """A small random round: entries, judges, conflicts, kept pairs, balancing."""

    entries: tuple[EntrySlot, ...]
    judges: tuple[JudgeSlot, ...]
    conflicts: frozenset[tuple[int, int]]
    existing: frozenset[tuple[int, int]]
    balance: bool

    def run(self, seed: int = 0) -> AssignmentResult:
        """Assign with this instance's inputs."""
        return assign(
            self.entries,
            self.judges,
            conflicts=self.conflicts,
            existing=self.existing,
            seed=seed,
            balance=self.balance,
        )


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    """Random rounds of up to 6 entries and 5 judges; some feasible, some not."""
    n_judges = draw(st.integers(1, 5))
    n_entries = draw(st.integers(0, 6))
    judges = tuple(
        JudgeSlot(
            100 + j,
            frozenset(draw(st.sets(st.sampled_from(FIELDS), max_size=2))),
            draw(st.none() | st.integers(0, 5)),
        )
        for j in range(n_judges)
    )
    entries = tuple(
        EntrySlot(e, draw(st.sampled_from(FIELDS)), draw(st.integers(0, 3)))
        for e in range(n_entries)
    )
    pairs = [(j.id, e.id) for e in entries for j in judges]
    conflicts = frozenset(p for p in pairs if draw(st.integers(0, 4)) == 0)
    existing = frozenset(p for p in pairs if draw(st.integers(0, 6)) == 0)
    return Instance(entries, judges, conflicts, existing, draw(st.booleans()))


# ------------------------------------------------------------- oracle ----


def bounds_by_hand(inst: Instance) -> tuple[dict, dict, dict] | None:
    """(base, lo, hi) loads per judge computed from the documented rule, or None.

    Brute force over every fraction with a denominator up to the number of judges
    (the water level is such a fraction): the smallest t with
    Σ clip(t, base, most) = all readings. None when capacity is short.
    """
    judges = {j.id: j for j in inst.judges}
    entry_ids = {e.id for e in inst.entries}
    base = Counter(j for j, _ in inst.existing if j in judges)
    have = Counter(e for _, e in inst.existing)
    demand = {e.id: max(0, e.readers - have[e.id]) for e in inst.entries}
    most = {}
    for j in inst.judges:
        free = sum(
            1
            for e in entry_ids
            if demand[e] and (j.id, e) not in inst.conflicts | inst.existing
        )
        room = free if j.cap is None else min(free, max(0, j.cap - base[j.id]))
        most[j.id] = base[j.id] + room
    total = sum(base.values()) + sum(demand.values())
    if sum(most.values()) < total:
        return None
    if not inst.balance or not sum(demand.values()):
        return base, {j: base[j] for j in judges}, most
    n = len(inst.judges)
    candidates = sorted(
        {Fraction(a, b) for b in range(1, n + 1) for a in range(0, 10 * b + 1)}
    )

    def filled(t: Fraction) -> Fraction:
        return sum(min(max(t, base[j]), most[j]) for j in judges)

    level = next(t for t in candidates if filled(t) == total)
    lo = {j: min(max(math.ceil(level - 1), base[j]), most[j]) for j in judges}
    hi = {j: min(max(math.floor(level + 1), base[j]), most[j]) for j in judges}
    return base, lo, hi


def optimum_by_milp(inst: Instance) -> tuple[int, int] | None:
    """Lexicographic optimum (entries with expert, expert readings) or None."""
    hand = bounds_by_hand(inst)
    if hand is None:
        return None
    base, lo, hi = hand
    judges = {j.id: j for j in inst.judges}
    have = Counter(e for _, e in inst.existing)
    old_expert = {
        e.id: sum(
            1
            for j, x in inst.existing
            if x == e.id and j in judges and e.field in judges[j].fields
        )
        for e in inst.entries
    }
    free = [
        (j.id, e)
        for e in inst.entries
        for j in inst.judges
        if (j.id, e.id) not in inst.conflicts | inst.existing
    ]
    n_x, n_y = len(free), len(inst.entries)
    if not n_y:  # no entries: nothing to read, every load stays as it is
        return 0, 0
    rows, lbs, ubs = [], [], []

    def row() -> np.ndarray:
        return np.zeros(n_x + n_y)

    for i, e in enumerate(inst.entries):  # exactly the missing readers
        r = row()
        for k, (_, f) in enumerate(free):
            r[k] = f.id == e.id
        need = max(0, e.readers - have[e.id])
        rows.append(r), lbs.append(need), ubs.append(need)
        r = row()  # y_e ≤ expert readings of e (old ones included)
        r[n_x + i] = 1
        for k, (j, f) in enumerate(free):
            r[k] -= f.id == e.id and e.field in judges[j].fields
        rows.append(r), lbs.append(-np.inf), ubs.append(old_expert[e.id])
    for j in inst.judges:  # loads within the window
        r = row()
        for k, (jj, _) in enumerate(free):
            r[k] = jj == j.id
        rows.append(r), lbs.append(lo[j.id] - base[j.id])
        ubs.append(hi[j.id] - base[j.id])
    a = np.array(rows) if rows else np.zeros((0, n_x + n_y))
    expert_x = np.array([f.field in judges[j].fields for j, f in free] + [0] * n_y)
    cover_y = np.array([0] * n_x + [1] * n_y)
    cons = [LinearConstraint(a, lbs, ubs)] if rows else []
    opts = {"integrality": np.ones(n_x + n_y), "bounds": Bounds(0, 1)}
    first = milp(-cover_y, constraints=cons, **opts)
    if first.status != 0:
        return None
    cover = round(-first.fun)
    cons.append(LinearConstraint(cover_y[None, :], cover, np.inf))
    second = milp(-expert_x, constraints=cons, **opts)
    return cover, round(-second.fun) + sum(old_expert.values())


# ------------------------------------------------------------ properties --


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_random_rounds_follow_every_rule_and_are_optimal(inst: Instance) -> None:
    """Organizer sees exact reader counts, no conflicts, balanced loads, kept pairs,
    and the best expertise possible; or an error exactly when nothing is possible."""
    expected = optimum_by_milp(inst)
    try:
        result = inst.run(seed=7)
    except AssignmentInfeasible as exc:
        assert expected is None, f"solver gave up but MILP found {expected}: {exc}"
        assert exc.reasons and str(exc).startswith("Cannot assign judges")
        for reason in exc.reasons:  # each reason's numbers prove the impossibility
            need, have = _shortfall(reason)
            assert need > have, reason
        return
    assert expected is not None
    assert result.objective == expected
    base, lo, hi = bounds_by_hand(inst)
    have = Counter(e for _, e in inst.existing)
    for e in inst.entries:
        readers = result.readers[e.id]
        assert len(readers) == max(e.readers, have[e.id])
        assert len(set(readers)) == len(readers)
        assert {j for j, x in inst.existing if x == e.id} <= set(readers)
        assert not {(j, e.id) for j in result.pairs.get(e.id, ())} & inst.conflicts
    counted = Counter(j for r in result.readers.values() for j in r)
    for j in inst.judges:
        assert result.loads[j.id] == counted[j.id]
        assert lo[j.id] <= result.loads[j.id] <= hi[j.id]
        if j.cap is not None:
            assert result.loads[j.id] <= max(j.cap, base[j.id])


def _shortfall(reason: object) -> tuple[int, int]:
    """(what is needed, what is at most available) stated by a reason."""
    p = reason.params()
    for need, have in (("required", "eligible"), ("demand", "capacity")):
        if need in p and have in p:
            return p[need], p[have]
    if "needed" in p:
        return p["needed"], p["available"]
    return p["required"], p["cap"]


@settings(max_examples=40, deadline=None)
@given(instances(), st.integers(0, 2**31))
def test_same_seed_gives_the_same_assignment(inst: Instance, seed: int) -> None:
    """Re-running the preview with the same seed shows the very same assignment."""
    try:
        first = inst.run(seed)
    except AssignmentInfeasible:
        return
    assert inst.run(seed) == first


def test_different_seeds_pick_different_equal_assignments() -> None:
    """Nobody can predict who reads what: seeds spread readings among equals."""
    entries = [EntrySlot(e, "a", 2) for e in range(8)]
    judges = [JudgeSlot(j, frozenset({"a"})) for j in range(6)]
    seen = {
        tuple(sorted(assign(entries, judges, seed=s).pairs.items())) for s in range(8)
    }
    assert len(seen) > 1
    for s in range(8):
        assert assign(entries, judges, seed=s).objective == (8, 16)


# ------------------------------------------------------------- behaviour --


def test_no_entry_left_without_expert_even_at_the_cost_of_expert_readings() -> None:
    """Organizer sees every entry read by an expert rather than some entries read
    by two experts while another gets none."""
    fields = {"X": {"a", "b"}, "Y": {"c"}, "Z": set(), "N": set(), "B": {"b"}}
    fields["C"] = {"c"}
    judges = [JudgeSlot(j, frozenset(f), cap=1) for j, f in fields.items()]
    entries = [EntrySlot("P", "a"), EntrySlot("Q", "b"), EntrySlot("R", "c")]
    allowed = {"X": "PQ", "Y": "QR", "Z": "PR", "N": "P", "B": "Q", "C": "R"}
    conflicts = {(j, e) for j in allowed for e in "PQR" if e not in allowed[j]}
    result = assign(entries, judges, conflicts=conflicts, balance=False)
    assert result.entries_without_expert == ()
    assert result.objective == (3, 3)  # the other choice has 4 expert readings
    assert result.pairs["P"] == ("X", "N")


def test_rerun_keeps_existing_pairs_and_fills_only_gaps() -> None:
    """After a late entry arrives, started readings stay and only gaps are filled."""
    judges = [JudgeSlot(j, frozenset({"a"})) for j in range(4)]
    first = assign([EntrySlot(e, "a") for e in range(6)], judges, seed=1)
    kept = frozenset((j, e) for e, js in first.readers.items() for j in js)
    entries = [EntrySlot(e, "a") for e in range(7)]
    again = assign(entries, judges, existing=kept, seed=2)
    assert set(again.pairs) == {6} and len(again.pairs[6]) == 2
    for e in range(6):
        assert again.readers[e] == first.readers[e]
    assert max(again.loads.values()) - min(again.loads.values()) <= 1


def test_third_reader_for_large_gap_goes_to_a_new_judge() -> None:
    """Entries flagged for a large score gap each get one more, different reader,
    from the judges with the lightest loads."""
    judges = [JudgeSlot(j) for j in range(5)]
    first = assign([EntrySlot(e) for e in range(10)], judges, seed=3)
    kept = frozenset((j, e) for e, js in first.readers.items() for j in js)
    flagged = [EntrySlot(e, readers=3) for e in (0, 1, 2)]
    third = assign(flagged, judges, existing=kept, seed=3)
    for e in (0, 1, 2):
        (new,) = third.pairs[e]
        assert new not in first.readers[e]
    assert sum(third.loads.values()) == 23  # 20 kept + 3 third readings
    assert max(third.loads.values()) - min(third.loads.values()) <= 1


def test_final_council_every_allowed_judge_reads_every_entry() -> None:
    """In chung khảo every council member reads every shortlisted entry they may."""
    judges = [JudgeSlot(j, frozenset({"a"})) for j in range(5)]
    entries = [EntrySlot(e, "a", readers=None) for e in range(4)]
    result = assign(entries, judges, conflicts={(0, 1), (3, 2)})
    assert result.readers[1] == (1, 2, 3, 4)
    assert result.readers[2] == (0, 1, 2, 4)
    assert result.readers[0] == (0, 1, 2, 3, 4)
    assert result.loads == {0: 3, 1: 4, 2: 4, 3: 3, 4: 4}


def test_council_member_over_cap_is_explained() -> None:
    """A council member whose cap is below the shortlist size is named."""
    judges = [JudgeSlot(0, cap=1), JudgeSlot(1)]
    with pytest.raises(AssignmentInfeasible) as err:
        assign([EntrySlot(e, readers=None) for e in range(3)], judges)
    assert err.value.reasons == (JudgeOverCap(0, 1, 3),)


def test_entry_with_too_few_allowed_judges_is_named() -> None:
    """Organizer reads which entry starves and how many judges may read it."""
    judges = [JudgeSlot(j) for j in range(3)]
    entries = [EntrySlot("A"), EntrySlot("B", readers=3)]
    with pytest.raises(AssignmentInfeasible) as err:
        assign(entries, judges, conflicts={(0, "B"), (1, "B")})
    assert err.value.reasons == (EntryShortOfJudges("B", 3, 1),)
    assert err.value.codes == ("entry_short_of_judges",)  # no derived capacity noise
    assert err.value.reasons[0].params() == {
        "entry_id": "B",
        "required": 3,
        "eligible": 1,
    }
    assert "Entry B needs 3 readers but only 1 of the judges" in str(err.value)


def test_total_capacity_shortfall_gives_numbers() -> None:
    """When caps are too small overall the organizer sees demand versus capacity."""
    judges = [JudgeSlot(j, cap=2) for j in range(3)]
    with pytest.raises(AssignmentInfeasible) as err:
        assign([EntrySlot(e) for e in range(4)], judges)
    (reason,) = err.value.reasons
    assert (reason.code, reason.demand, reason.capacity) == ("capacity_short", 8, 6)


def test_group_of_entries_short_of_capacity_is_found_by_cut() -> None:
    """Two entries that only two judges may read, one of them nearly full."""
    judges = [JudgeSlot("A", cap=1), JudgeSlot("B"), JudgeSlot("C")]
    entries = [EntrySlot(1), EntrySlot(2), EntrySlot(3, readers=1)]
    with pytest.raises(AssignmentInfeasible) as err:
        assign(entries, judges, conflicts={("C", 1), ("C", 2)}, balance=False)
    (reason,) = err.value.reasons
    assert isinstance(reason, EntriesShortOfCapacity)
    assert (set(reason.entry_ids), reason.demand, reason.capacity) == ({1, 2}, 4, 3)
    assert not reason.balance_limited


def test_balance_that_conflicts_make_impossible_is_explained() -> None:
    """Two judges who may only read the same single entry cannot both reach the
    balanced minimum; without balancing the round works."""
    judges = [JudgeSlot(j) for j in "ABC"]
    entries = [EntrySlot(e, readers=1) for e in range(4)]
    conflicts = {(j, e) for j in "AB" for e in (1, 2, 3)}
    with pytest.raises(AssignmentInfeasible) as err:
        assign(entries, judges, conflicts=conflicts)
    (reason,) = err.value.reasons
    assert isinstance(reason, JudgesBelowBalance)
    assert (set(reason.judge_ids), reason.needed, reason.available) == (
        {"A", "B"},
        2,
        1,
    )
    assert "Assign without balancing" in str(err.value)
    loose = assign(entries, judges, conflicts=conflicts, balance=False)
    assert sum(loose.loads.values()) == 4


def test_capped_judge_reads_to_cap_and_others_share_the_rest() -> None:
    """A judge with a small cap stays under it; the others stay within ±1 of the
    new average."""
    judges = [JudgeSlot(0, cap=2), *(JudgeSlot(j) for j in range(1, 5))]
    result = assign([EntrySlot(e) for e in range(20)], judges)
    assert result.loads[0] <= 2
    assert result.level == pytest.approx(9.5)
    assert all(9 <= result.loads[j] <= 10 for j in range(1, 5))


def test_greedy_baseline_respects_the_hard_rules() -> None:
    """The benchmark's greedy comparison gives valid (if worse) assignments."""
    judges = [JudgeSlot(j, frozenset({"ab"[j % 2]})) for j in range(6)]
    entries = [EntrySlot(e, "ab"[e % 3 == 0]) for e in range(30)]
    conflicts = {(j, e) for j in range(6) for e in range(30) if (j + e) % 7 == 0}
    result = greedy_assign(entries, judges, conflicts=conflicts, seed=5)
    best = assign(entries, judges, conflicts=conflicts, seed=5)
    for e in entries:
        assert len(result.readers[e.id]) == 2
        assert not {(j, e.id) for j in result.readers[e.id]} & conflicts
    assert max(result.loads.values()) <= 11
    assert best.objective >= result.objective


def test_summary_is_plain_numbers_for_the_preview() -> None:
    """The preview shows loads and the share of expert readings; the expert takes
    one reading above the average, as the ±1 balance allows."""
    judges = [JudgeSlot(0, frozenset({"a"})), JudgeSlot(1)]
    summary = assign([EntrySlot(e, "a", readers=1) for e in range(4)], judges).summary()
    assert (summary["loads_min"], summary["loads_max"], summary["loads_avg"]) == (
        1,
        3,
        2,
    )
    assert summary["expert_share"] == 0.75
    assert summary["entries_without_expert"] == 1


def test_duplicate_ids_are_a_programming_error() -> None:
    """Passing the same entry twice is a bug in the caller, not a user error."""
    with pytest.raises(ValueError, match="duplicate entry"):
        assign([EntrySlot(1), EntrySlot(1)], [JudgeSlot(0), JudgeSlot(1)])


def test_group_starved_only_by_balancing_says_so() -> None:
    """Three entries only judges A and B may read need 6 readings, but balanced
    loads cap everyone at 2: the organizer is told balancing is the cause."""
    judges = [JudgeSlot(j) for j in "ABCDEFGH"]
    entries = [EntrySlot(e) for e in (1, 2, 3)]
    entries += [EntrySlot(e, readers=1) for e in range(4, 10)]
    conflicts = {(j, e) for j in "AB" for e in range(4, 10)}
    conflicts |= {(j, e) for j in "CDEFGH" for e in (1, 2, 3)}
    with pytest.raises(AssignmentInfeasible) as err:
        assign(entries, judges, conflicts=conflicts)
    (reason,) = err.value.reasons
    assert isinstance(reason, EntriesShortOfCapacity)
    assert (set(reason.entry_ids), reason.demand, reason.capacity) == ({1, 2, 3}, 6, 4)
    assert reason.balance_limited and reason.max_load == 2
    assert "assign without balancing" in str(err.value)
    loose = assign(entries, judges, conflicts=conflicts, balance=False)
    assert loose.loads["A"] == loose.loads["B"] == 3
