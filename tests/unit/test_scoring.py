"""Rubric totals, score-sheet validation, aggregation, ranking and tie-breaks."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judging.scoring.core import Reading
from judging.scoring.core.aggregation import (
    Aggregation,
    aggregate,
    mean_by_entry,
    trimmed_mean,
    zscore_readings,
)
from judging.scoring.core.ranking import TieRule, break_ties, first_place_votes, rank
from judging.scoring.core.rubric import Criterion, Rubric, ScoreError, validate_sheet


@pytest.fixture
def rubric() -> Rubric:
    """A rubric like the contest's: content counts double, style on half points."""
    return Rubric(
        (
            Criterion("content", max_points=10, weight=2.0),
            Criterion("style", max_points=10, weight=1.0, step=0.5),
            Criterion("impact", max_points=5, weight=2.0),
        )
    )


def test_weighted_total_and_100_scale(rubric: Rubric) -> None:
    """A judge sees the weighted total and the same total out of 100."""
    sheet = {"content": 8, "style": 7.5, "impact": 4}
    assert rubric.max_total == 2 * 10 + 10 + 2 * 5
    assert rubric.total(sheet) == pytest.approx(2 * 8 + 7.5 + 2 * 4)
    assert rubric.total_100(sheet) == pytest.approx(100 * 31.5 / 40)
    perfect = {"content": 10, "style": 10, "impact": 5}
    assert rubric.total_100(perfect) == pytest.approx(100.0)


def test_valid_sheet_has_no_errors(rubric: Rubric) -> None:
    """A complete sheet on the grid is accepted, including a Vietnamese '7,5'."""
    assert validate_sheet(rubric, {"content": 0, "style": "7,5", "impact": 5}) == {}


@pytest.mark.parametrize(
    ("criterion", "value", "code"),
    [
        ("content", None, ScoreError.MISSING),
        ("content", "", ScoreError.MISSING),
        ("content", "tám", ScoreError.NOT_A_NUMBER),
        ("content", float("nan"), ScoreError.NOT_A_NUMBER),
        ("content", True, ScoreError.NOT_A_NUMBER),
        ("content", -1, ScoreError.NEGATIVE),
        ("content", 10.5, ScoreError.ABOVE_MAX),
        ("content", 7.5, ScoreError.OFF_STEP),  # whole points only
        ("style", 7.25, ScoreError.OFF_STEP),  # half points only
        ("impact", 6, ScoreError.ABOVE_MAX),
    ],
)
def test_invalid_criterion_gets_its_error_code(
    rubric: Rubric, criterion: str, value: object, code: ScoreError
) -> None:
    """The form shows one error code next to the faulty criterion only."""
    sheet: dict[str, object] = {"content": 8, "style": 7.5, "impact": 4}
    sheet[criterion] = value
    assert validate_sheet(rubric, sheet) == {criterion: code}


def test_missing_and_unknown_criteria_are_reported(rubric: Rubric) -> None:
    """A sheet lacking a criterion or carrying a stray one lists both problems."""
    errors = validate_sheet(rubric, {"content": 8, "style": 7, "bonus": 3})
    assert errors == {
        "impact": ScoreError.MISSING,
        "bonus": ScoreError.UNKNOWN_CRITERION,
    }


def test_tenth_point_steps_accept_binary_inexact_values() -> None:
    """A 0.1 step accepts 0.3 although 0.3/0.1 is not exact in floating point."""
    rubric = Rubric((Criterion("x", max_points=1, step=0.1),))
    assert validate_sheet(rubric, {"x": 0.3}) == {}
    assert validate_sheet(rubric, {"x": 0.35}) == {"x": ScoreError.OFF_STEP}


@pytest.mark.parametrize(
    "criteria",
    [
        (),
        (Criterion("a", 10), Criterion("a", 5)),
        (Criterion("a", 0),),
        (Criterion("a", 10, weight=0),),
        (Criterion("a", 10, step=0),),
    ],
)
def test_broken_rubric_is_refused(criteria: tuple[Criterion, ...]) -> None:
    """An organizer cannot save an empty rubric, duplicate keys or zero limits."""
    with pytest.raises(ValueError):
        Rubric(criteria)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([70], 70.0),
        ([70, 80], 75.0),
        ([60, 70, 90], pytest.approx(220 / 3)),
        ([10, 70, 80, 100], 75.0),  # four readings: lowest and highest dropped
        ([50, 50, 60, 70, 70], pytest.approx(60.0)),  # one of each extreme only
    ],
)
def test_trimmed_mean(scores: list[float], expected: float) -> None:
    """Entries read by a final council lose their single lowest and highest score."""
    assert trimmed_mean(scores) == expected


def test_trimmed_mean_of_nothing_is_an_error() -> None:
    """An entry without readings has no score rather than a fake zero."""
    with pytest.raises(ValueError):
        trimmed_mean([])


def test_aggregate_raw_mean_per_entry() -> None:
    """Each entry's score is the mean of its own readings."""
    readings = [
        Reading("A", "j1", 70),
        Reading("A", "j2", 80),
        Reading("B", "j1", 60),
    ]
    assert aggregate(readings) == {"A": 75.0, "B": 60.0}


def test_zscore_removes_a_severe_judges_shift() -> None:
    """With z-scores, a judge marking everyone 10 lower no longer drags entries down."""
    readings = [Reading(e, "soft", s) for e, s in [("A", 80), ("B", 70), ("C", 60)]]
    readings += [Reading(e, "hard", s) for e, s in [("D", 70), ("E", 60), ("F", 50)]]
    scores = aggregate(readings, Aggregation.ZSCORE)
    assert scores["A"] == pytest.approx(scores["D"])
    assert scores["C"] == pytest.approx(scores["F"])
    # The scale stays the scores' own: the pooled mean is kept.
    assert sum(scores.values()) / 6 == pytest.approx(65.0)


def test_zscore_judge_with_single_reading_is_only_shifted() -> None:
    """A judge with one reading has no spread: no division by zero, no blow-up."""
    readings = [Reading("A", "j1", 80), Reading("B", "j1", 60), Reading("C", "j2", 90)]
    out = {r.entry_id: r.score for r in zscore_readings(readings)}
    assert all(math.isfinite(v) for v in out.values())
    assert out["C"] == pytest.approx(sum(r.score for r in readings) / 3)


def test_mean_by_entry_for_a_criterion() -> None:
    """The first-criterion tie rule uses the mean points per entry."""
    assert mean_by_entry([("A", 8), ("A", 9), ("B", 7)]) == {"A": 8.5, "B": 7.0}


def test_rank_shares_ranks_for_equal_scores() -> None:
    """Equal published scores share a rank and the next rank skips (1, 2, 2, 4)."""
    groups = rank({"A": 90, "B": 85.001, "C": 84.999, "D": 80})
    assert [(g.rank, g.entry_ids) for g in groups] == [
        (1, ("A",)),
        (2, ("B", "C")),  # both published as 85.00
        (4, ("D",)),
    ]
    assert groups[1].tied and not groups[0].tied


def test_rank_with_more_decimals_separates() -> None:
    """An edition publishing three decimals sees those entries apart."""
    groups = rank({"B": 85.001, "C": 84.999}, decimals=3)
    assert [g.entry_ids for g in groups] == [("B",), ("C",)]


@given(st.dictionaries(st.integers(0, 50), st.sampled_from([60.0, 70.5, 80.0, 95.5])))
def test_rank_never_splits_equal_scores(scores: dict[int, float]) -> None:
    """Every entry appears once, and entries with equal scores share one group."""
    groups = rank(scores)
    seen = [e for g in groups for e in g.entry_ids]
    assert sorted(seen) == sorted(scores)
    assert len({g.score for g in groups}) == len(groups)
    assert [g.score for g in groups] == sorted((g.score for g in groups), reverse=True)


def test_break_ties_reports_which_rule_separated_whom() -> None:
    """Rules apply in order; each split and the remaining tie are reported."""
    content = TieRule("criterion:content", {"A": 9, "B": 8, "C": 8, "D": 8})
    votes = TieRule("first_place_votes", {"A": 0, "B": 2, "C": 1, "D": 1})
    result = break_ties(["D", "C", "B", "A"], [content, votes])
    assert result.order == (("A",), ("B",), ("C", "D"))
    assert result.remaining_ties == (("C", "D"),)
    assert result.decided_by("A", "B") == "criterion:content"
    assert result.decided_by("B", "C") == "first_place_votes"
    assert result.decided_by("C", "D") is None
    assert [s.rule for s in result.splits] == ["criterion:content", "first_place_votes"]


def test_break_ties_lower_is_better_rule() -> None:
    """A rule like 'fewer words wins' orders the other way round."""
    rule = TieRule("words", {"A": 1900, "B": 1500}, higher_is_better=False)
    assert break_ties(["A", "B"], [rule]).order == (("B",), ("A",))


def test_break_ties_without_rules_keeps_the_tie() -> None:
    """No rule configured: the group stays tied, nothing is decided silently."""
    result = break_ties(["B", "A"], [])
    assert result.order == (("A", "B"),)
    assert result.splits == ()


def test_break_ties_missing_value_is_an_error() -> None:
    """A rule lacking an entry's value fails loudly instead of ranking it last."""
    with pytest.raises(ValueError, match="first_place_votes"):
        break_ties(["A", "B"], [TieRule("first_place_votes", {"A": 1})])


def test_first_place_votes() -> None:
    """Each final judge gives a vote to the tied entry they scored strictly highest."""
    readings = [
        Reading("A", "j1", 90),
        Reading("B", "j1", 85),
        Reading("A", "j2", 80),
        Reading("B", "j2", 88),
        Reading("A", "j3", 88),
        Reading("B", "j3", 88),  # j3 scored them equal: no vote
        Reading("C", "j3", 99),  # C is not in the tie: ignored
        Reading("B", "j4", 70),
    ]
    assert first_place_votes(readings, ["A", "B"]) == {"A": 1, "B": 2}


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_scores_are_refused_by_ranking_and_aggregation(bad):
    """A NaN or infinite score is never ranked (NaN would sort first or anywhere):
    ranking, aggregation and calibration raise an error naming the entry."""
    from judging.scoring.core import NonFiniteScore
    from judging.scoring.core.calibration import calibrate

    with pytest.raises(NonFiniteScore, match=r"'B-2'.*not a finite number"):
        rank({"B-1": 80.0, "B-2": bad, "B-3": 70.0})
    readings = [Reading("B-1", "j1", 80.0), Reading("B-1", "j2", bad)]
    with pytest.raises(NonFiniteScore) as raised:
        aggregate(readings)
    assert raised.value.entry_id == "B-1"
    with pytest.raises(NonFiniteScore):
        calibrate(readings)
    with pytest.raises(NonFiniteScore):
        trimmed_mean([1.0, bad])
