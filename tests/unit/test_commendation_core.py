"""Commendation rules, pure: the status ladder, the counts against targets, matching
an edition's people to the register, the per-edition lists."""

import pytest

from judging.commendation.core import (
    Level,
    Standing,
    Status,
    SubjectKind,
    check_status,
    count,
    is_commended,
    match_people,
    parse_list,
)


@pytest.mark.parametrize(
    ("status", "commended"),
    [
        (Status.INTRODUCED, False),
        (Status.PROPOSED, False),
        (Status.COMMENDED, True),
        (Status.TITLE_NOMINATED, True),
    ],
)
def test_a_title_nominee_was_commended_first(status, commended):
    assert is_commended(status) is commended


@pytest.mark.parametrize(
    ("status", "level", "decision", "reason"),
    [
        (Status.PROPOSED, "", "", None),
        (Status.COMMENDED, Level.CITY, "125/QĐ-UBND", None),
        (Status.COMMENDED, "", "125/QĐ-UBND", "commended_needs_decision"),
        (Status.TITLE_NOMINATED, Level.CITY, "   ", "commended_needs_decision"),
    ],
)
def test_a_commendation_needs_its_level_and_decision(status, level, decision, reason):
    assert check_status(status, level, decision) == reason


def test_counts_against_the_targets():
    people = [
        Standing(SubjectKind.INDIVIDUAL, Status.COMMENDED, True),
        Standing(SubjectKind.INDIVIDUAL, Status.TITLE_NOMINATED, False),
        Standing(SubjectKind.HOUSEHOLD, Status.COMMENDED, False),
        Standing(SubjectKind.COLLECTIVE, Status.PROPOSED, True),
        Standing(SubjectKind.INDIVIDUAL, Status.INTRODUCED, False),
    ]
    counts = count(people, 700, 2)
    assert (counts.introduced, counts.proposed, counts.commended_total) == (5, 4, 3)
    assert counts.commended_individuals == 2  # the household does not count
    assert (counts.exemplars, counts.title_nominees) == (2, 1)
    assert not counts.individuals_met and counts.exemplars_met


def test_people_are_matched_by_any_of_their_keys():
    known = {"hoa|hang bac": 1, "binh|dich vong": 2, "an|x": 3}
    groups = [
        ("hoa|hang bac", "hoa|p hang bac"),  # known by one spelling
        ("lan|lang ha",),  # new
        ("an|x", "binh|dich vong"),  # two people: the smaller id wins
    ]
    assert match_people(groups, known) == [
        (groups[0], 1),
        (groups[1], None),
        (groups[2], 2),
    ]


def test_a_list_keeps_order_and_drops_blanks_and_repeats():
    text = "Công nhân\n\n  Nông dân \nCông nhân\nLực lượng vũ trang\n"
    assert parse_list(text) == ["Công nhân", "Nông dân", "Lực lượng vũ trang"]


def test_year_on_year_tables():
    from judging.commendation.core import year_on_year

    rows = [
        (2025, "Nông dân", True),
        (2025, "Nông dân", False),
        (2026, "Nông dân", True),
        (2026, "Công nhân", True),
        (2026, "", False),
    ]
    years, table = year_on_year(rows)
    assert years == [2025, 2026]
    assert table == [
        ("Nông dân", {2025: (2, 1), 2026: (1, 1)}),
        ("Công nhân", {2026: (1, 1)}),
        ("", {2026: (1, 0)}),
    ]
