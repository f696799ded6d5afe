"""The unit tree and the targets, pure: subtrees, ancestors, cycles, orders, targets."""

import pytest

from contest import unit_tree
from judging.grassroots import core

# city ← district 1 ← communes 11, 12 (12 ← branch 121); city ← district 2 ← commune 21
TREE = {1: None, 11: 1, 12: 1, 121: 12, 2: None, 21: 2}


@pytest.mark.parametrize(
    ("root", "expected"),
    [(1, {1, 11, 12, 121}), (12, {12, 121}), (11, {11}), (2, {2, 21}), (99, {99})],
)
def test_a_subtree_holds_the_unit_and_everything_below_it(root, expected):
    assert unit_tree.subtree(TREE, root) == expected


def test_ancestors_run_up_to_the_unit_that_reports_to_the_city():
    assert unit_tree.ancestors(TREE, 121) == [12, 1]
    assert unit_tree.ancestors(TREE, 1) == []
    assert unit_tree.depth(TREE, 121) == 2


@pytest.mark.parametrize(
    ("unit", "parent", "cycles"),
    [(1, 121, True), (1, 1, True), (12, 11, False), (121, 2, False), (1, None, False)],
)
def test_a_parent_below_the_unit_would_make_a_cycle(unit, parent, cycles):
    assert unit_tree.would_cycle(TREE, unit, parent) is cycles


def test_a_cycle_in_stored_data_never_loops_and_hides_no_unit():
    looped = {1: 2, 2: 1, 3: None}
    assert unit_tree.subtree(looped, 1) == {1, 2}
    assert unit_tree.ancestors(looped, 1) == [2]
    order = unit_tree.tree_order(looped, lambda i: i)
    assert sorted(i for i, _ in order) == [1, 2, 3]


def test_tree_order_is_depth_first_with_siblings_sorted():
    names = {1: "Quận Ba Đình", 11: "Phường Điện Biên", 12: "Phường Đội Cấn"}
    names |= {121: "Chi hội 1", 2: "Quận Cầu Giấy", 21: "Phường Dịch Vọng"}
    order = unit_tree.tree_order(TREE, lambda i: names[i])
    assert order == [(1, 0), (11, 1), (12, 1), (121, 2), (2, 0), (21, 1)]


def test_import_order_puts_parents_before_children_and_loops_last():
    rows = {"xa a": "huyen b", "huyen b": "", "x": "y", "y": "x", "lone": "elsewhere"}
    order = unit_tree.import_order(rows)
    assert order.index("huyen b") < order.index("xa a")
    assert order[-2:] == ["x", "y"]
    assert "lone" in order


@pytest.mark.parametrize(
    ("rule", "staff", "target"),
    [
        (core.KindTarget("department", 0, 5), 240, 12),  # 5% of 240
        (core.KindTarget("department", 0, 5), 30, 2),  # rounded up
        (core.KindTarget("department", 3, 5), 20, 3),  # never below the minimum
        (core.KindTarget("department", 4, 5), None, 4),  # staff unknown: the number
        (core.KindTarget("district", 10), 5000, 10),
    ],
)
def test_a_units_target(rule, staff, target):
    assert core.target_of(rule, staff) == target


def test_progress_lists_units_furthest_behind_first_and_skips_kinds_without_target():
    units = [
        core.UnitFacts(1, "Quận Ba Đình", "district"),
        core.UnitFacts(11, "Phường Điện Biên", "commune"),
        core.UnitFacts(12, "Phường Đội Cấn", "commune"),
        core.UnitFacts(5, "Báo Hà Nội mới", "press"),
    ]
    rules = [core.KindTarget("district", 10), core.KindTarget("commune", 2)]
    rows = core.progress(units, {1: 4, 11: 2, 12: 1}, rules)
    assert [(r.unit_id, r.count, r.target, r.met) for r in rows] == [
        (1, 4, 10, False),
        (12, 1, 2, False),
        (11, 2, 2, True),
    ]
    assert rows[0].missing == 6


def test_a_person_featured_by_two_communes_counts_once_for_their_district():
    people = {11: {"nguyen thi hoa"}, 12: {"nguyen thi hoa", "tran van binh"}}
    counts = core.subtree_counts(people, {1: {1, 11, 12}, 11: {11}, 12: {12}})
    assert counts == {1: 2, 11: 1, 12: 2}
