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
