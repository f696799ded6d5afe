"""Readings into an entry's score, pure: the (trimmed) mean and per-judge z-scores
(formulas in the judging.scoring.core docstring)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from enum import StrEnum

from judging.scoring.core import TRIM_FROM, EntryId, JudgeId, Reading, finite


class Aggregation(StrEnum):
    """How readings combine into an entry's score."""

    MEAN = "mean"  # raw mean, trimmed from TRIM_FROM readings
    ZSCORE = "zscore"  # per-judge standardisation first, then as MEAN


def trimmed_mean(scores: Sequence[float], trim_from: int = TRIM_FROM) -> float:
    """Mean of the scores; from ``trim_from`` scores on, drop the lowest and highest."""
    if not scores:
        raise ValueError("no scores to average")
    ordered = sorted(finite(None, s) for s in scores)
    if len(ordered) >= trim_from:
        ordered = ordered[1:-1]
    return math.fsum(ordered) / len(ordered)


def aggregate(
    readings: Iterable[Reading],
    method: Aggregation = Aggregation.MEAN,
    trim_from: int = TRIM_FROM,
) -> dict[EntryId, float]:
    """Per-entry score from the readings (formulas in the judging.scoring.core docstring).

    Raises NonFiniteScore for a NaN or infinite reading.
    """
    readings = list(readings)
    if method == Aggregation.ZSCORE:
        readings = zscore_readings(readings)
    by_entry: dict[EntryId, list[float]] = defaultdict(list)
    for r in readings:
        by_entry[r.entry_id].append(finite(r.entry_id, r.score))
    return {e: trimmed_mean(s, trim_from) for e, s in by_entry.items()}


def zscore_readings(readings: Sequence[Reading]) -> list[Reading]:
    """Standardise each judge's scores, mapped back onto the pooled mean and spread.

    A judge with fewer than two readings, or who gave everyone the same score, has
    no spread of their own: the pooled spread is used instead, so the reading is
    shifted by the judge's mean only (never divided by zero).
    """
    if not readings:
        return []
    all_scores = [r.score for r in readings]
    pooled_mean = math.fsum(all_scores) / len(all_scores)
    pooled_sd = _sd(all_scores) or 1.0
    by_judge: dict[JudgeId, list[float]] = defaultdict(list)
    for r in readings:
        by_judge[r.judge_id].append(r.score)
    stats = {}
    for judge, scores in by_judge.items():
        sd = _sd(scores)
        stats[judge] = (math.fsum(scores) / len(scores), sd if sd > 0 else pooled_sd)
    out = []
    for r in readings:
        mean, sd = stats[r.judge_id]
        z = (r.score - mean) / sd
        out.append(Reading(r.entry_id, r.judge_id, pooled_mean + pooled_sd * z))
    return out


def _sd(values: Sequence[float]) -> float:
    # Population spread; 0 for fewer than two values.
    if len(values) < 2:
        return 0.0
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


def mean_by_entry(pairs: Iterable[tuple[EntryId, float]]) -> dict[EntryId, float]:
    """Mean value per entry from ``(entry, value)`` pairs (e.g. one criterion)."""
    sums: dict[EntryId, list[float]] = defaultdict(list)
    for entry, value in pairs:
        sums[entry].append(float(value))
    return {e: math.fsum(v) / len(v) for e, v in sums.items()}
