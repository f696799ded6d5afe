"""The stack benchmark's pure bookkeeping: score-save integrity, per-type figures, the mix.

What an operator reads in the benchmark's JSON must be right: an acknowledged score
that is missing or differs counts as lost, a newer version only passes when the
client never learned how a later save ended, and throughput/latency add up.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from _stack_check import Stored, by_kind, compare_scores, count_5xx
from _stack_phase import Mix
from _stack_users import Record, SaveAck

KEY = ("judge000@stack.example.vn", "SK-ABC123")
VALUES = {"1": "20", "2": "15"}


def ack(version=3, values=VALUES, comment="Hay", unknown_after=False) -> SaveAck:
    """An acknowledged save as the simulated judge books it."""
    return SaveAck(version, dict(values), comment, unknown_after)


@pytest.mark.parametrize(
    ("rows", "unknown_after", "problem"),
    [
        ([Stored(3, VALUES, "Hay")], False, None),
        ([], False, "lost"),
        ([Stored(2, VALUES, "Hay")], False, "lost"),
        ([Stored(3, {"1": "20"}, "Hay")], False, "values_differ"),
        ([Stored(3, VALUES, "Khác")], False, "values_differ"),
        ([Stored(4, VALUES, "Hay")], False, "newer_than_acknowledged"),
        ([Stored(4, VALUES, "Hay")], True, None),
        ([Stored(3, VALUES, "Hay"), Stored(3, VALUES, "Hay")], False, "duplicate_rows"),
    ],
)
def test_compare_scores_flags_what_an_organizer_would_lose(
    rows, unknown_after, problem
):
    """Each acknowledged sheet must be stored once with the last acknowledged values."""
    stored = {KEY: rows} if rows else {}
    result = compare_scores({KEY: ack(unknown_after=unknown_after)}, set(), stored)
    assert result["acknowledged_sheets"] == 1
    if problem is None:
        assert result["problems"] == {}
        assert result["lost"] == 0
    else:
        assert result["problems"] == {problem: 1}
        assert result["lost"] == (1 if problem == "lost" else 0)
    if unknown_after and problem is None:
        assert result["written_after_unclear_answer"] == 1


def test_compare_scores_counts_unclear_first_saves_that_landed():
    """A save whose answer never came back may be in the database: counted, not lost."""
    other = ("judge001@stack.example.vn", "SK-XYZ789")
    result = compare_scores({}, {other}, {other: [Stored(1, VALUES, "")]})
    assert result["lost"] == 0
    assert result["written_after_unclear_answer"] == 1


def test_by_kind_throughput_latency_and_errors():
    """Requests in the window only; latency from the successful ones; statuses kept."""
    records = [
        Record("public", 0.5, 0.010, "200", True),
        Record("public", 1.0, 0.030, "200", True),
        Record("public", 1.5, 0.002, "503", False),
        Record("public", 9.0, 5.000, "200", True),  # after the window
        Record("judge_save", 1.0, 0.100, "ConnectionResetError", False),
    ]
    figures = by_kind(records, 0.0, 2.0)
    assert figures["public"]["requests"] == 3
    assert figures["public"]["per_s"] == 1.5
    assert figures["public"]["n"] == 2
    assert figures["public"]["p95_ms"] == 30.0
    assert figures["public"]["errors"] == 1
    assert figures["judge_save"] == {
        "requests": 1,
        "per_s": 0.5,
        "n": 0,
        "errors": 1,
        "statuses": {"ConnectionResetError": 1},
    }


def test_count_5xx_ignores_network_errors():
    """Only HTTP answers 500–599 are 5xx."""
    assert count_5xx({"200": 5, "502": 2, "503": 1, "OSError": 4, "404": 1}) == 3


@dataclass
class _Rates:
    users: int
    expected: tuple[int, int, int, int]


@pytest.mark.parametrize(
    "case",
    [_Rates(100, (40, 30, 5, 25)), _Rates(20, (8, 6, 1, 5)), _Rates(3, (1, 1, 1, 1))],
)
def test_mix_split_keeps_every_type(case):
    """40 % writers, 30 % judges, 5 % organizers, the rest public; one of each at least."""
    mix = Mix.split(case.users, (10, 50, 2, 50))
    assert (mix.writers, mix.judges, mix.organizers, mix.visitors) == case.expected


def test_capacity_estimates_the_cores_the_asked_mix_needs():
    """A run that served half the asked app requests on 1.5 cores (the load
    generator's CPU not counted) needs about 3 cores for those rates, 12 for the
    mix it was a quarter of; public pages and the score-form GETs are not asked."""
    from _stack_report import capacity

    mix = Mix(4, 3, 1, 2, writer_rate=2, judge_rate=10, organizer_rate=1, public_rate=9)
    span = 10.0  # asked: 2 × 5 writer steps + 10 + 1 = 21 requests/s
    requests = {f"writer_{s}": {"requests": 10} for s in ("form", "save", "review")}
    requests |= {"writer_submit": {"requests": 10}, "writer_receipt": {"requests": 10}}
    requests |= {"judge_open": {"requests": 25}, "judge_save": {"requests": 25}}
    requests |= {
        "organizer_home": {"requests": 5},
        "organizer_entries": {"requests": 0},
    }
    requests |= {"public": {"requests": 900}, "judge_score_form": {"requests": 40}}
    requests |= {"writer_submission": {"requests": 10}}  # a whole, not a request
    cpu = {"machine_busy_s": 20.0, "load_generator_s": 5.0}
    found = capacity(requests, mix, cpu, span, scale=0.25)
    assert found["asked_app_requests_per_s"] == 21
    assert found["served_app_requests_per_s"] == 10.5
    assert found["served_share"] == 0.5
    assert found["stack_cores_used"] == 1.5
    assert found["cores_for_the_asked_rates"] == 3.0
    assert found["cores_for_the_unscaled_mix"] == 12.0
