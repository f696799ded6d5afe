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
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

EntryId = Hashable
JudgeId = Hashable
CriterionKey = Hashable

# Published results show two decimals: scores equal at that precision are tied, so
# the ranking never separates entries that the published list shows as equal.
DEFAULT_DECIMALS = 2
# A final council with this many readings or more drops the lowest and highest.
TRIM_FROM = 4


# ---------------------------------------------------------------- rubric ----


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


# ----------------------------------------------------------- aggregation ----


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
    """Per-entry score from the readings (see the module docstring for formulas).

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


# --------------------------------------------------------------- ranking ----


@dataclass(frozen=True)
class RankGroup:
    """Entries sharing one final score and therefore one rank (1, 2, 2, 4 …)."""

    rank: int
    score: float
    entry_ids: tuple[EntryId, ...]

    @property
    def tied(self) -> bool:
        """True when several entries share this rank."""
        return len(self.entry_ids) > 1


def stable_sorted(ids: Iterable[EntryId]) -> list[EntryId]:
    """Ids in a fixed order (natural order, else by text) for reproducible output."""
    ids = list(ids)
    try:
        return sorted(ids)  # type: ignore[type-var]
    except TypeError:
        return sorted(ids, key=lambda i: (type(i).__name__, str(i)))


def rank(
    scores: Mapping[EntryId, float], decimals: int = DEFAULT_DECIMALS
) -> list[RankGroup]:
    """Rank entries by score, highest first; equal scores at ``decimals`` share a rank.

    Ties are never broken here: a group lists its ids in a fixed order only so the
    output is reproducible. Use ``break_ties`` to apply the edition's rules. Raises
    NonFiniteScore for a NaN or infinite score.
    """
    groups: dict[float, list[EntryId]] = defaultdict(list)
    for entry, score in scores.items():
        groups[round(finite(entry, score), decimals)].append(entry)
    out, position = [], 1
    for score in sorted(groups, reverse=True):
        ids = tuple(stable_sorted(groups[score]))
        out.append(RankGroup(position, score, ids))
        position += len(ids)
    return out


# ------------------------------------------------------------- tie-breaks ----


@dataclass(frozen=True)
class TieRule:
    """One tie-break rule: a value per entry, higher wins (unless told otherwise).

    ``name`` is a code the web layer can translate, e.g. ``"criterion:content"`` or
    ``"first_place_votes"``.
    """

    name: str
    values: Mapping[EntryId, float]
    higher_is_better: bool = True


@dataclass(frozen=True)
class Split:
    """A rule split one tied group into ordered subgroups (best first)."""

    rule: str
    before: tuple[EntryId, ...]
    after: tuple[tuple[EntryId, ...], ...]


@dataclass(frozen=True)
class TieBreak:
    """Outcome of the tie-break rules on one tied group."""

    order: tuple[tuple[EntryId, ...], ...]  # best first; a group of 2+ is still tied
    splits: tuple[Split, ...] = field(default=())

    @property
    def remaining_ties(self) -> tuple[tuple[EntryId, ...], ...]:
        """Groups the rules could not separate."""
        return tuple(g for g in self.order if len(g) > 1)

    def decided_by(self, a: EntryId, b: EntryId) -> str | None:
        """The rule that separated ``a`` from ``b``, or None if they are still tied."""
        for split in self.splits:
            if a in split.before and b in split.before:
                where = {e: i for i, g in enumerate(split.after) for e in g}
                if where[a] != where[b]:
                    return split.rule
        return None


def break_ties(
    entry_ids: Iterable[EntryId],
    rules: Sequence[TieRule],
    decimals: int = DEFAULT_DECIMALS,
) -> TieBreak:
    """Apply the rules in order to a tied group; report each split and what stays tied.

    Every entry must have a value for every rule that is reached: a missing value
    raises ``ValueError`` instead of silently ranking the entry last.
    """
    order: list[tuple[EntryId, ...]] = [tuple(stable_sorted(entry_ids))]
    splits: list[Split] = []
    for rule in rules:
        next_order: list[tuple[EntryId, ...]] = []
        for group in order:
            if len(group) == 1:
                next_order.append(group)
                continue
            missing = [e for e in group if e not in rule.values]
            if missing:
                raise ValueError(f"tie rule {rule.name!r} has no value for {missing!r}")
            sign = 1.0 if rule.higher_is_better else -1.0
            values = {e: sign * float(rule.values[e]) for e in group}
            sub = [g.entry_ids for g in rank(values, decimals)]
            if len(sub) > 1:
                splits.append(Split(rule.name, group, tuple(sub)))
            next_order.extend(sub)
        order = next_order
    return TieBreak(tuple(order), tuple(splits))


def first_place_votes(
    readings: Iterable[Reading], among: Iterable[EntryId]
) -> dict[EntryId, int]:
    """Per entry, how many judges scored it strictly highest among ``among``.

    A judge who gave the same top score to several of these entries casts no vote:
    the vote is a preference, and that judge expressed none.
    """
    among = set(among)
    by_judge: dict[JudgeId, dict[EntryId, float]] = defaultdict(dict)
    for r in readings:
        if r.entry_id in among:
            by_judge[r.judge_id][r.entry_id] = r.score
    votes = dict.fromkeys(among, 0)
    for scored in by_judge.values():
        best = max(scored.values())
        top = [e for e, s in scored.items() if s == best]
        if len(top) == 1:
            votes[top[0]] += 1
    return votes
