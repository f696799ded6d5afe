"""Collective awards: the stored formula and the Bằng khen / Giấy khen cut, ties shown."""

from __future__ import annotations

import pytest

from judging.awards.core import Tier
from judging.awards.core.collective import (
    UnitStanding,
    UnitTally,
    UnitWeights,
    rank_units,
)
from judging.awards.core.collective_cut import (
    DEFAULT_BANG_KHEN,
    DEFAULT_GIAY_KHEN,
    CollectiveAward,
    Formula,
    apply_cut,
    cut_ties,
    formula_from_json,
)

BK, GK = CollectiveAward.BANG_KHEN, CollectiveAward.GIAY_KHEN


def standings(*points: float) -> list[UnitStanding]:
    """Units u1, u2 … with these points, ranked by the real ranking."""
    weights = UnitWeights(forwarded=1.0, shortlisted=0.0, prizes={})
    return rank_units(
        [UnitTally(f"u{i}", forwarded=p) for i, p in enumerate(points, 1)], weights
    )


def test_defaults_and_round_trip():
    """An empty dict reads as the defaults; to_json reads back to the same formula."""
    formula = formula_from_json({})
    assert formula == Formula(UnitWeights(), DEFAULT_BANG_KHEN, DEFAULT_GIAY_KHEN)
    custom = Formula(
        UnitWeights(2.0, 5.0, {t: 1.0 for t in Tier}), bang_khen=1, giay_khen=4
    )
    assert formula_from_json(custom.to_json()) == custom


@pytest.mark.parametrize(
    "stored",
    [
        None,
        [],
        {"forwarded": "lots", "shortlisted": -1, "bang_khen": 2.5, "giay_khen": True},
        {"forwarded": float("nan"), "prizes": {"nhat": 1e9}, "bang_khen": -3},
    ],
)
def test_malformed_values_read_as_defaults(stored):
    """A hand-edited or damaged JSON never breaks the page."""
    formula = formula_from_json(stored)
    assert formula.weights.forwarded == UnitWeights().forwarded
    assert formula.weights.prizes[Tier.NHAT] == UnitWeights().prizes[Tier.NHAT]
    assert formula.bang_khen == DEFAULT_BANG_KHEN


def test_cut_without_ties():
    """Top places get Bằng khen, the next Giấy khen, the rest nothing."""
    lines = apply_cut(standings(9, 8, 7, 6, 5), bang_khen=2, giay_khen=2)
    assert [line.award for line in lines] == [BK, BK, GK, GK, None]
    assert not any(line.tied_at_cut for line in lines)
    assert cut_ties(lines) == []


def test_tie_across_the_bang_khen_cut_is_shown_not_broken():
    """Two units sharing the last Bằng khen place are both flagged for a decision;
    the place they overflow into is counted, so the next unit is 4th of 2 + 2."""
    lines = apply_cut(standings(9, 7, 7, 5, 4), bang_khen=2, giay_khen=2)
    assert [(line.award, line.tied_at_cut) for line in lines] == [
        (BK, False),
        (BK, True),
        (BK, True),
        (GK, False),
        (None, False),
    ]
    ((award, members),) = cut_ties(lines)
    assert award == BK and {m.unit_id for m in members} == {"u2", "u3"}


def test_tie_across_the_giay_khen_cut():
    """The tie at the Giấy khen cut is flagged; a tie inside a band is not."""
    lines = apply_cut(standings(9, 9, 5, 3, 3), bang_khen=2, giay_khen=2)
    assert [(line.award, line.tied_at_cut) for line in lines] == [
        (BK, False),
        (BK, False),
        (GK, False),
        (GK, True),
        (GK, True),
    ]


def test_zero_counts_propose_nothing():
    """With no award places, nobody is proposed."""
    lines = apply_cut(standings(3, 2), bang_khen=0, giay_khen=0)
    assert [line.award for line in lines] == [None, None]
