"""Evidence rules applied to chained passages: what makes a passage a copy, each span
of B counted once, templates.

What makes a copy (``is_evidence``; the rules are explained in judging.plagiarism.core.align):
runs of ≥ ANCHOR syllables weighed by rarity covering MIN_MATCH syllables, or
MIN_SENTENCE when the passage is whole sentences in both texts; dense enough.

Count once. A phrase repeated in A ("bà con khu phố" five times) chains five times
with the one spot of B where it occurs; each of those passages would add to A's share.
``claim_once`` walks the passages longest first and lets each syllable of B back only
the first passage that claims it; the runs of later passages lose the claimed part.

Templates. A series written from one template (gold and fuel prices, the weather, a
court's standard sentence, exam answer keys) shares short identical runs stitched
across slots where the numbers changed. ``classify_templates`` marks a passage as a
template when at least TEMPLATE_SLOTS of its gaps hold numbers that differ between
the texts, such slots are most of its gaps, and no identical run is as long as TEMPLATE_RUN syllables (copied
prose runs on for sentences; a template's fixed text stops at the next number).

Shortcuts (exact: the same answer, sooner): ``may_hold_evidence`` and
``may_be_evidence`` bound what anchor runs can still weigh, so that a pair sharing
only stock phrases is dropped before its passages are chained or trimmed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from judging.plagiarism.core.align import TokenPassage

MIN_MATCH = 15  # weighted syllables a passage's anchors must cover (a long sentence)
MIN_SENTENCE = 8  # ... or this many when the passage is whole sentences in both texts
MIN_DENSITY = 0.4  # covered syllables / passage span
ANCHOR = 6  # a run this long (3 seeds) is evidence; shorter ones are stock phrases
TEMPLATE_SLOTS = 2  # gaps holding digits
TEMPLATE_RUN = 40  # a run this long is copied prose, not a template's fixed text


def claim_once(passages: list[TokenPassage], len_b: int) -> list[TokenPassage]:
    """Passages trimmed so that every B syllable backs at most one of them."""
    if not _b_overlaps(passages):
        return passages  # nothing claims a syllable twice
    claimed = bytearray(len_b)  # 1: backs a passage already (bytes: no numpy per run)
    kept: list[TokenPassage] = []
    for p in sorted(passages, key=lambda p: (-p.matched, p.a0, p.b0)):
        runs: list[tuple[int, int, int, int]] = []
        for a0, a1, b0, b1 in sorted(p.runs):
            seen = claimed[b0:b1]
            if 1 not in seen:
                runs.append((a0, a1, b0, b1))
            elif 0 in seen:
                runs.extend(_free_parts(a0, b0, seen))
            claimed[b0:b1] = b"\x01" * len(seen)
        if not runs:
            continue
        p.runs = runs
        p.a0, p.a1 = min(r[0] for r in runs), max(r[1] for r in runs)
        p.b0, p.b1 = min(r[2] for r in runs), max(r[3] for r in runs)
        p.matched = _distinct_a(runs)
        kept.append(p)
    return kept


def may_hold_evidence(frags: np.ndarray, a_rarity: np.ndarray | None) -> bool:
    """False when no passage built from these runs can be evidence (exact shortcut).

    A passage counts only if its runs of >= ANCHOR syllables, each weighed by its
    rarest 3-gram (see judging.plagiarism.core.evidence), cover >= MIN_SENTENCE
    weighted syllables. Chaining never lengthens a run, claim_once only cuts runs
    into parts (no longer, no rarer than the run) and every weight is <= 1, so runs
    whose weighted anchor lengths add up to less can never get there. Most candidate
    pairs of a check share only stock phrases and stop here, before chaining.
    """
    lengths = frags[:, 1] - frags[:, 0]
    anchors = frags[lengths >= ANCHOR]
    if int((anchors[:, 1] - anchors[:, 0]).sum()) < MIN_SENTENCE:
        return False
    if a_rarity is None:
        return True
    total = 0.0
    for a0, a1 in anchors[:, :2].tolist():
        total += (a1 - a0) * _run_weight(a_rarity, a0, a1)
        if total >= MIN_SENTENCE:
            return True
    return False


def may_be_evidence(p: TokenPassage, a_rarity: np.ndarray | None) -> bool:
    """False when a chained passage can never be evidence, whatever claim_once cuts
    from it: its anchor runs, weighed as is_evidence weighs them, are too short."""
    if p.matched < MIN_SENTENCE:
        return False
    total = 0.0
    for a0, a1, _, _ in p.runs:
        if a1 - a0 >= ANCHOR:
            total += (a1 - a0) * _run_weight(a_rarity, a0, a1)
            if total >= MIN_SENTENCE:
                return True
    return False


def _b_overlaps(passages: list[TokenPassage]) -> bool:
    """True when two passages cover a common syllable of B (runs inside one passage
    may overlap by a seed's length; they never count a syllable twice)."""
    spans = sorted((p.b0, p.b1) for p in passages)
    reach = -1
    for b0, b1 in spans:
        if b0 < reach:
            return True
        reach = max(reach, b1)
    return False


def _free_parts(a0: int, b0: int, seen: bytearray) -> list[tuple[int, int, int, int]]:
    """The unclaimed stretches (0 in ``seen``) of one run (a0 + k matches b0 + k)."""
    parts, start = [], seen.find(0)
    while start >= 0:
        end = seen.find(1, start)
        end = len(seen) if end < 0 else end
        parts.append((a0 + start, a0 + end, b0 + start, b0 + end))
        start = seen.find(0, end)
    return parts


def _distinct_a(runs: list[tuple[int, int, int, int]]) -> int:
    """Distinct A syllables covered by ``runs``."""
    total, reach = 0, -1
    for a0, a1, _, _ in sorted(runs):
        if a1 > reach:
            total += a1 - max(a0, reach)
            reach = a1
    return total


def classify_templates(
    passages: list[TokenPassage],
    a_number: Callable[[], np.ndarray],
    b_number: Callable[[], np.ndarray],
) -> None:
    """Set ``template`` on passages that are one template with changed numbers: a
    slot is a gap between two runs where the numbers of A and of B differ (the same
    figure written "06"/"6" or "2 cm"/"2cm" is a rewrite, not a slot)."""
    numbers: tuple[np.ndarray, np.ndarray] | None = None
    for p in passages:
        runs = sorted(p.runs)
        longest = max(r[1] - r[0] for r in runs)
        if longest >= TEMPLATE_RUN or len(runs) < TEMPLATE_SLOTS + 1:
            continue
        if numbers is None:
            numbers = a_number(), b_number()
        a_nums_all, b_nums_all = numbers
        gaps = slots = 0
        a_reach, b_reach = runs[0][1], runs[0][3]
        for a0, a1, b0, b1 in runs[1:]:
            if a0 > a_reach:
                gaps += 1
                a_nums = a_nums_all[a_reach:a0]
                b_nums = b_nums_all[b_reach : max(b_reach, b0)]
                a_nums, b_nums = a_nums[a_nums != 0], b_nums[b_nums != 0]
                changed = sorted(a_nums.tolist()) != sorted(b_nums.tolist())
                slots += bool(len(a_nums)) and changed
            a_reach, b_reach = max(a_reach, a1), max(b_reach, b1)
        p.template = slots >= TEMPLATE_SLOTS and 2 * slots >= gaps


def _run_weight(rarity: np.ndarray | None, a0: int, a1: int) -> float:
    """A run's rarity: that of its rarest 3-gram (1 without collection statistics)."""
    if rarity is None:
        return 1.0
    seg = rarity[a0 : max(a0 + 1, a1 - 2)]
    return float(seg.max()) if len(seg) else 1.0


def _weigh(p: TokenPassage, rarity: np.ndarray | None) -> None:
    """Set the weight of each run (as ``p.run_weights``) and of the passage."""
    p.run_weights = [_run_weight(rarity, a0, a1) for a0, a1, _, _ in p.runs]
    total = sum(a1 - a0 for a0, a1, _, _ in p.runs)
    weighted = sum(
        w * (r[1] - r[0]) for w, r in zip(p.run_weights, p.runs, strict=True)
    )
    p.weight = weighted / total if total else 0.0


def _anchored_weight(p: TokenPassage, weight: np.ndarray) -> float:
    """Weighted A syllables covered by the passage's runs of ≥ ANCHOR syllables."""
    cover = np.zeros(p.a1 - p.a0)
    for (a0, a1, _, _), w in zip(p.runs, p.run_weights, strict=True):
        if a1 - a0 >= ANCHOR:
            part = cover[a0 - p.a0 : a1 - p.a0]
            np.maximum(part, w, out=part)
    return float((weight[p.a0 : p.a1] * cover).sum())


def _whole_sentences(
    p: TokenPassage, a_bound: np.ndarray | None, b_bound: np.ndarray | None
) -> bool:
    """True when the passage starts and ends at sentence bounds in both texts."""
    if a_bound is None or b_bound is None:
        return False
    return bool(
        a_bound[p.a0] & 1 and a_bound[p.a1 - 1] & 2 and b_bound[p.b0] & 1
    ) and bool(b_bound[p.b1 - 1] & 2)


def is_evidence(
    p: TokenPassage,
    weight: np.ndarray,
    a_bound: np.ndarray | None = None,
    b_bound: np.ndarray | None = None,
    rarity: np.ndarray | None = None,
) -> bool:
    """True when a chained passage is long, anchored and dense enough to be a copy.

    Only runs of ≥ ANCHOR identical syllables are evidence: shorter runs (one or two
    seeds: "phong trào thi đua", "người tốt, việc tốt") are the size of stock phrases
    and may join a passage, but never make one. Anchors count by rarity weight.
    """
    if p.matched < MIN_SENTENCE or p.matched < MIN_DENSITY * (p.a1 - p.a0):
        return False
    # anchors weigh at most their length: too short, they cannot make it (and the
    # weights of a passage that is not kept are never read)
    if sum(a1 - a0 for a0, a1, _, _ in p.runs if a1 - a0 >= ANCHOR) < MIN_SENTENCE:
        return False
    _weigh(p, rarity)
    anchored = _anchored_weight(p, weight)
    if anchored >= MIN_MATCH:
        return True
    return anchored >= MIN_SENTENCE and _whole_sentences(p, a_bound, b_bound)
