"""Benchmark: how well the plagiarism engine catches copies, printed as JSON.

Runs judging.plagiarism.core over the labelled set of tests/plagiarism_eval.py (the demo
corpus and its derived copies) in three ways:
- ``compare``: each labelled pair through ``compare()``; positive if score ≥ threshold;
- ``index_check``: every original (this year and the 2025 archive) in one
  SimilarityIndex, each suspect text checked against it (a new entry arriving);
- ``index_scan``: per case type, the originals plus that type's suspects in one index,
  ``scan()`` over all pairs (an organizer scanning a whole edition).
Reports per case type recall and precision (against all negatives), false positives
among the hard negatives, score margins, and passage-level PAN precision / recall /
granularity / plagdet on the partial copies.

Usage: .venv/bin/python benchmarks/plagiarism_quality.py [--small] [--threshold T]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from judging.plagiarism.core import DEFAULT_THRESHOLD, Match, SimilarityIndex, compare
from tests.plagiarism_eval import (
    MECHANICAL_TYPES,
    NEGATIVE_TYPES,
    POSITIVE_TYPES,
    Annotation,
    Case,
    build_cases,
    gold_annotations,
    join_touching,
    load_stories,
    plagdet,
)


def _originals_index() -> SimilarityIndex:
    """This year's stories and last year's archive, as an organizer would index them."""
    index = SimilarityIndex()
    index.add_many(
        (sid, row["text"], "archive" if sid.startswith("a") else "edition", None)
        for sid, row in load_stories(archive=True).items()
    )
    return index


def run_compare(cases: list[Case]) -> dict[str, Match]:
    """compare(suspect, source) for every case."""
    return {c.case_id: compare(c.suspect, c.source) for c in cases}


def run_index_check(cases: list[Case], threshold: float) -> dict[str, bool]:
    """Is the case's source among the index's answers for the suspect?"""
    index = _originals_index()
    found = {}
    for c in cases:
        query = c.suspect_id if not c.label else c.suspect
        hits = index.check(query, threshold=threshold)
        found[c.case_id] = any(m.b == c.source_id for m in hits)
    return found


def run_index_scan(cases: list[Case], threshold: float) -> dict[str, bool]:
    """Per case type: scan originals + that type's suspects; was the pair flagged?"""
    found: dict[str, bool] = {}
    by_type: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by_type[c.case_type].append(c)
    for case_type, group in by_type.items():
        index = _originals_index()
        if case_type in POSITIVE_TYPES:
            index.add_many((c.case_id, c.suspect, "edition", None) for c in group)
        flagged = {frozenset((m.a, m.b)) for m in index.scan(threshold=threshold)}
        for c in group:
            a = c.case_id if c.label else c.suspect_id
            found[c.case_id] = frozenset((a, c.source_id)) in flagged
    return found


def rates(cases: list[Case], predicted: dict[str, bool]) -> dict:
    """Recall per positive type, precision against all negatives, FP per negative type."""
    negatives = [c for c in cases if not c.label]
    false_pos = [c.case_id for c in negatives if predicted[c.case_id]]
    out: dict = {"types": {}}
    for t in POSITIVE_TYPES:
        group = [c for c in cases if c.case_type == t]
        tp = sum(predicted[c.case_id] for c in group)
        out["types"][t] = {
            "cases": len(group),
            "recall": round(tp / len(group), 4) if group else None,
            "precision_vs_all_negatives": round(tp / (tp + len(false_pos)), 4)
            if tp
            else None,
            "missed": [c.case_id for c in group if not predicted[c.case_id]],
        }
    for t in NEGATIVE_TYPES:
        group = [c for c in cases if c.case_type == t]
        fps = [c.case_id for c in group if predicted[c.case_id]]
        out["types"][t] = {"cases": len(group), "false_positives": fps}
    positives = [c for c in cases if c.label]
    mechanical = [c for c in positives if c.case_type in MECHANICAL_TYPES]
    tp = sum(predicted[c.case_id] for c in positives)
    out["overall"] = {
        "recall_mechanical": round(
            sum(predicted[c.case_id] for c in mechanical) / len(mechanical), 4
        ),
        "recall": round(tp / len(positives), 4),
        "precision": round(tp / (tp + len(false_pos)), 4) if tp else 0.0,
    }
    return out


def score_margins(cases: list[Case], matches: dict[str, Match]) -> dict:
    """Lowest positive scores per type and highest negative scores (with pairs)."""
    out = {}
    for t in POSITIVE_TYPES:
        scores = sorted(matches[c.case_id].score for c in cases if c.case_type == t)
        if scores:
            out[t] = {
                "min": round(scores[0], 4),
                "median": round(statistics.median(scores), 4),
            }
    for t in NEGATIVE_TYPES:
        ranked = sorted(
            ((matches[c.case_id].score, c.case_id) for c in cases if c.case_type == t),
            reverse=True,
        )
        out[t] = {"max": round(ranked[0][0], 4), "top": [cid for _, cid in ranked[:5]]}
    return out


def passage_quality(cases: list[Case], matches: dict[str, Match]) -> dict:
    """PAN measures on the partial copies: all passages, counted only, joined."""
    out = {}
    for t in ("partial_10", "partial_30", "partial_60", "all_partial"):
        group = [
            c
            for c in cases
            if c.case_type == t
            or (t == "all_partial" and c.case_type.startswith("partial"))
        ]
        gold = [g for c in group for g in gold_annotations(c)]
        every = [
            Annotation(c.case_id, (p.a_start, p.a_end), (p.b_start, p.b_end))
            for c in group
            for p in matches[c.case_id].passages
        ]
        counted = [
            Annotation(c.case_id, (p.a_start, p.a_end), (p.b_start, p.b_end))
            for c in group
            for p in matches[c.case_id].passages
            if p.counted
        ]
        variants = {"all_passages": every, "counted_only": counted}
        variants["joined_touching"] = join_touching(every)
        out[t] = {
            name: {k: round(v, 4) for k, v in vars(plagdet(gold, dets)).items()}
            for name, dets in variants.items()
        }
    return out


def main() -> None:
    """Build the set, run the three modes, print one JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the unit-test size set")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    small = {"sources_per_type": 12, "random_pairs": 24} if args.small else {}
    cases = build_cases(**small)
    t0 = time.perf_counter()
    matches = run_compare(cases)
    t1 = time.perf_counter()
    by_compare = {cid: m.score >= args.threshold for cid, m in matches.items()}
    check = run_index_check(cases, args.threshold)
    t2 = time.perf_counter()
    scan = run_index_scan(cases, args.threshold)
    t3 = time.perf_counter()
    report = {
        "threshold": args.threshold,
        "cases": {
            t: sum(c.case_type == t for c in cases)
            for t in (*POSITIVE_TYPES, *NEGATIVE_TYPES)
        },
        "compare": rates(cases, by_compare),
        "index_check": rates(cases, check),
        "index_scan": rates(cases, scan),
        "score_margins": score_margins(cases, matches),
        "passages_on_partial_copies": passage_quality(cases, matches),
        "seconds": {
            "compare_all": round(t1 - t0, 2),
            "compare_mean_ms": round(1000 * (t1 - t0) / len(cases), 2),
            "index_check_all": round(t2 - t1, 2),
            "index_scan_all_types": round(t3 - t2, 2),
        },
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
