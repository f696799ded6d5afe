"""Pure scoring maths: rubric totals, sheet validation, aggregation, ranking, ties.

Plain values in, plain values out; no Flask, no database. The web layer turns the
error codes below into Vietnamese messages and the rank groups into tables.

Formulas (the organizers see these in the rules, so keep them simple):

* Weighted total of one reading: ``total = Σ weight_c · score_c``.
  On the 0–100 scale: ``100 · total / Σ weight_c · max_c``.
* Per-entry score: mean of the readings; when an entry has at least four readings
  (a final council), the single lowest and single highest are dropped first.
* Optional per-judge z-scores (``Aggregation.ZSCORE``): each judge's readings are
  standardised by that judge's mean and spread, then mapped back onto the pooled
  mean and spread so the numbers still look like scores. Not the default: when
  judges specialise by field, a judge who only read strong entries is wrongly
  pulled down, and with mild severities it ranks worse than the raw mean (see
  tests/unit/test_calibration.py). ``judging.scoring.core.calibration`` is the better correction.

The maths is in three modules: ``rubric`` (the sheet: criteria, validation, totals),
``aggregation`` (readings into an entry's score) and ``ranking`` (rank groups and the
edition's tie-break rules); the values they share are here.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

EntryId = Hashable
JudgeId = Hashable
CriterionKey = Hashable

# Published results show two decimals: scores equal at that precision are tied, so
# the ranking never separates entries that the published list shows as equal.
DEFAULT_DECIMALS = 2
# A final council with this many readings or more drops the lowest and highest.
TRIM_FROM = 4


class NonFiniteScore(ValueError):
    """A score that is NaN or infinite reached the maths (a sheet the validation
    missed, or a broken import): refused, since NaN would sort anywhere."""

    def __init__(self, entry_id: EntryId, score: object) -> None:
        super().__init__(
            f"the score of entry {entry_id!r} is not a finite number: {score!r}"
        )
        self.entry_id = entry_id
        self.score = score


def finite(entry_id: EntryId, score: float) -> float:
    """The score as a float; raises NonFiniteScore for NaN, ±inf or a non-number."""
    try:
        value = float(score)
    except (TypeError, ValueError):
        raise NonFiniteScore(entry_id, score) from None
    if not math.isfinite(value):
        raise NonFiniteScore(entry_id, score)
    return value


@dataclass(frozen=True)
class Reading:
    """One judge's weighted total for one entry (usually on the 0–100 scale)."""

    entry_id: EntryId
    judge_id: JudgeId
    score: float
