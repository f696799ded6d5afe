"""Targeted extra readings: each entry's probability of being on the wrong side of a
line (advancement, prize), and the choice of the most uncertain entries.

What an organizer relies on: an entry far above or below the line is never picked
before one sitting on it; more readings make an entry more certain; the numbers do
not depend on where the score scale starts; the line sits between the last seat and
the next entry.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.scoring.core import Reading
from judging.scoring.core.calibration import calibrate, flag_disagreements
from judging.scoring.core.targeted import entry_variances, line_risks, pick


def simulated(seed: int, entries: int = 120, judges: int = 8, k: int = 2):
    """Readings of a random round with judge offsets, and the true qualities."""
    rng = np.random.default_rng(seed)
    quality = rng.normal(60, 10, entries)
    offsets = rng.normal(0, 4, judges)
    readings = []
    for e in range(entries):
        for j in rng.choice(judges, k, replace=False):
            score = quality[e] + offsets[j] + rng.normal(0, 5)
            readings.append(Reading(e, int(j), float(score)))
    return readings, quality


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), places=st.integers(1, 60))
def test_probabilities_are_at_most_one_half_and_sorted(seed, places):
    """Every probability is in [0, ½] (an entry's side is where its score is), and the
    list comes most uncertain first."""
    readings, _q = simulated(seed)
    risks = line_risks(readings, calibrate(readings), {None: places})
    assert len(risks) == 120
    probs = [r.probability for r in risks]
    assert all(0.0 <= p <= 0.5 for p in probs)
    assert probs == sorted(probs, reverse=True)
    assert sum(r.above for r in risks) == places


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), places=st.integers(1, 60))
def test_farther_from_the_line_is_never_more_uncertain(seed, places):
    """Among entries with the same number of readings and the same uncertainty, the
    probability falls as the distance to the line grows."""
    readings, _q = simulated(seed)
    risks = line_risks(readings, calibrate(readings), {None: places})
    by_sd: dict[float, list] = {}
    for r in risks:
        by_sd.setdefault(round(r.sd, 9), []).append(r)
    for same in by_sd.values():
        same.sort(key=lambda r: abs(r.score - r.line))
        probs = [r.probability for r in same]
        assert probs == sorted(probs, reverse=True)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), shift=st.floats(-30, 30))
def test_shifting_every_score_changes_nothing(seed, shift):
    """Adding a constant to every reading moves the line, not the probabilities."""
    readings, _q = simulated(seed)
    moved = [Reading(r.entry_id, r.judge_id, r.score + shift) for r in readings]
    a = line_risks(readings, calibrate(readings), {None: 12})
    b = line_risks(moved, calibrate(moved), {None: 12})
    pa = {r.entry_id: r.probability for r in a}
    pb = {r.entry_id: r.probability for r in b}
    assert pa.keys() == pb.keys()
    assert all(pa[e] == pytest.approx(pb[e], abs=1e-6) for e in pa)


def test_the_line_lies_between_the_last_seat_and_the_next_entry():
    """With 10 seats, the line is halfway between the 10th and the 11th score."""
    readings, _q = simulated(3)
    risks = line_risks(readings, calibrate(readings), {None: 10})
    ordered = sorted(risks, key=lambda r: -r.score)
    assert {r.line for r in risks} == {(ordered[9].score + ordered[10].score) / 2}
    assert all(r.above for r in ordered[:10]) and not any(r.above for r in ordered[10:])


def test_more_readings_make_an_entry_more_certain():
    """An entry read four times has a smaller error than one read twice."""
    readings, _q = simulated(5)
    have = _readers(readings, 0)
    readings += [Reading(0, j, readings[0].score) for j in range(8) if j not in have][
        :2
    ]
    fit = calibrate(readings)
    variance = entry_variances(readings, fit)
    twice = [e for e in variance if len(_readers(readings, e)) == 2]
    assert len(_readers(readings, 0)) > 2
    assert variance[0] < min(variance[e] for e in twice)


def _readers(readings, entry):
    return {r.judge_id for r in readings if r.entry_id == entry}


def test_groups_have_their_own_lines_and_groups_without_seats_are_left_out():
    """Per track: each track's line is its own; a track with no seat has none."""
    readings, _q = simulated(8)
    group_of = {e: e % 3 for e in range(120)}
    risks = line_risks(readings, calibrate(readings), {0: 5, 1: 8}, group_of)
    assert {r.group for r in risks} == {0, 1}
    for group, seats in ((0, 5), (1, 8)):
        assert sum(r.above for r in risks if r.group == group) == seats
    assert len({r.line for r in risks if r.group == 0}) == 1


def test_nothing_without_a_spread_or_with_a_split_graph():
    """One reading per entry gives no spread; two separate judge groups cannot share
    a line: no probability is made up."""
    single = [Reading(e, e % 3, 50.0 + e) for e in range(30)]
    assert line_risks(single, calibrate(single), {None: 5}) == []
    split = [
        Reading(e, (e % 2) * 10 + j, 50.0 + e + j) for e in range(40) for j in (0, 1)
    ]
    assert line_risks(split, calibrate(split), {None: 5}) == []
    with pytest.raises(ValueError):
        line_risks(*_fit(3), {None: -1})


def _fit(seed):
    readings, _q = simulated(seed)
    return readings, calibrate(readings)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(0, 40),
    skip=st.sets(st.integers(0, 119), max_size=30),
)
def test_pick_takes_the_most_uncertain_not_yet_waiting(seed, count, skip):
    """``pick`` returns ``count`` entries, none skipped, and no unpicked entry (not
    skipped) is more uncertain than a picked one."""
    readings, fit = _fit(seed)
    risks = line_risks(readings, fit, {None: 15})
    chosen = pick(risks, count, skip)
    assert len(chosen) == min(count, 120 - len(skip))
    assert not {r.entry_id for r in chosen} & skip
    left = [r for r in risks if r.entry_id not in skip and r not in chosen]
    if chosen and left:
        assert min(r.probability for r in chosen) >= max(r.probability for r in left)
    with pytest.raises(ValueError):
        pick(risks, -1)


def test_targeted_entries_sit_nearer_the_prize_line_than_flagged_ones():
    """The point of it, on 20 simulated rounds: the entries picked are nearer the true
    prize line than those the gap rule flags (the benchmark measures the accuracy)."""
    near_targeted, near_flagged = [], []
    for seed in range(20):
        readings, quality = simulated(seed, entries=300, judges=10)
        fit = calibrate(readings)
        flagged = [d.entry_id for d in flag_disagreements(readings, fit)]
        chosen = pick(line_risks(readings, fit, {None: 20}), max(len(flagged), 1))
        line = np.sort(quality)[::-1][19:21].mean()
        near_targeted.append(np.mean([abs(quality[r.entry_id] - line) for r in chosen]))
        if flagged:
            near_flagged.append(np.mean([abs(quality[e] - line) for e in flagged]))
    assert np.mean(near_targeted) < 0.5 * np.mean(near_flagged)
