"""The rubric, pure: criteria, score-sheet validation and the weighted total of one
reading (``total = Σ weight_c · score_c``; on the 0–100 scale
``100 · total / Σ weight_c · max_c``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from judging.scoring.core import CriterionKey


@dataclass(frozen=True)
class Criterion:
    """One rubric criterion: points from 0 to ``max_points`` on a ``step`` grid."""

    key: CriterionKey
    max_points: float
    weight: float = 1.0
    step: float = 1.0  # 1 = whole points, 0.5 = half points


@dataclass(frozen=True)
class Rubric:
    """An ordered set of criteria; the first one is the usual first tie-breaker."""

    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        keys = [c.key for c in self.criteria]
        if not keys or len(set(keys)) != len(keys):
            raise ValueError("a rubric needs at least one criterion and unique keys")
        for c in self.criteria:
            if c.max_points <= 0 or c.weight <= 0 or c.step <= 0:
                raise ValueError(f"criterion {c.key!r}: max, weight, step must be > 0")

    @property
    def max_total(self) -> float:
        """The weighted total of a perfect sheet."""
        return sum(c.weight * c.max_points for c in self.criteria)

    def total(self, sheet: Mapping[CriterionKey, float]) -> float:
        """Weighted total ``Σ weight · score`` of a (valid) score sheet."""
        return sum(c.weight * float(sheet[c.key]) for c in self.criteria)

    def total_100(self, sheet: Mapping[CriterionKey, float]) -> float:
        """The weighted total expressed on a 0–100 scale."""
        return 100.0 * self.total(sheet) / self.max_total


class ScoreError(StrEnum):
    """Why one criterion of a score sheet is refused (codes, not messages)."""

    MISSING = "missing"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    ABOVE_MAX = "above_max"
    OFF_STEP = "off_step"
    UNKNOWN_CRITERION = "unknown_criterion"


def validate_sheet(
    rubric: Rubric, sheet: Mapping[CriterionKey, object]
) -> dict[CriterionKey, ScoreError]:
    """Check a score sheet: ``{criterion: error}``, empty when the sheet is valid."""
    errors: dict[CriterionKey, ScoreError] = {}
    for c in rubric.criteria:
        raw = sheet.get(c.key)
        if raw is None or raw == "":
            errors[c.key] = ScoreError.MISSING
            continue
        if isinstance(raw, str):
            raw = raw.strip().replace(",", ".")  # Vietnamese decimal comma: "7,5"
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            errors[c.key] = ScoreError.NOT_A_NUMBER
            continue
        if not math.isfinite(value) or isinstance(raw, bool):
            errors[c.key] = ScoreError.NOT_A_NUMBER
        elif value < 0:
            errors[c.key] = ScoreError.NEGATIVE
        elif value > c.max_points + 1e-9:
            errors[c.key] = ScoreError.ABOVE_MAX
        elif not _on_grid(value, c.step):
            errors[c.key] = ScoreError.OFF_STEP
    known = {c.key for c in rubric.criteria}
    for key in sheet:
        if key not in known:
            errors[key] = ScoreError.UNKNOWN_CRITERION
    return errors


def running_total_100(rubric: Rubric, sheet: Mapping[CriterionKey, object]) -> float:
    """The 0–100 total of what is scored so far (the judge watches it grow while
    typing): a valid value counts, a missing or invalid one counts 0."""
    errors = validate_sheet(rubric, {c.key: sheet.get(c.key) for c in rubric.criteria})
    total = 0.0
    for c in rubric.criteria:
        if c.key not in errors:
            raw = sheet[c.key]
            value = float(
                raw.strip().replace(",", ".") if isinstance(raw, str) else raw
            )
            total += c.weight * value
    return 100.0 * total / rubric.max_total


def _on_grid(value: float, step: float) -> bool:
    # Tolerance because 0.1-style steps are not exact in binary floating point.
    units = value / step
    return abs(units - round(units)) < 1e-6
