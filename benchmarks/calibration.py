"""Benchmark: calibrated scores and disagreement flags on a large round; prints JSON.

Default size is a large sơ khảo: 20,000 entries, 150 judges, 3 readings each,
random assignment, judge offsets ~ N(0, 5), noise ~ N(0, 6) on the 0–100 scale.
The goal is about a second for ``calibrate``; reported with the median of
``--repeat`` runs, plus the accuracy of the recovered judge offsets.

    .venv/bin/python -m benchmarks.calibration [--entries N] [--judges M] [--readers K]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import numpy as np

from judging.scoring.core import Reading
from judging.scoring.core.aggregation import aggregate
from judging.scoring.core.calibration import calibrate, flag_disagreements


def simulate(
    entries: int, judges: int, readers: int, seed: int
) -> tuple[list[Reading], np.ndarray]:
    """Readings of a random assignment with known judge offsets."""
    rng = np.random.default_rng(seed)
    chosen = np.argsort(rng.random((entries, judges)), axis=1)[:, :readers]
    quality = rng.normal(60, 10, entries)
    offsets = rng.normal(0, 5, judges)
    scores = quality[:, None] + offsets[chosen] + rng.normal(0, 6, chosen.shape)
    readings = [
        Reading(e, int(chosen[e, i]), float(scores[e, i]))
        for e in range(entries)
        for i in range(readers)
    ]
    return readings, offsets


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--judges", type=int, default=150)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    readings, offsets = simulate(args.entries, args.judges, args.readers, args.seed)
    t_cal, cal = timed(lambda: calibrate(readings), args.repeat)
    t_flag, flagged = timed(lambda: flag_disagreements(readings, cal), args.repeat)
    t_mean, _ = timed(lambda: aggregate(readings), args.repeat)
    est = np.array([cal.judges[j].offset for j in range(args.judges)])
    error = est - (offsets - offsets.mean())
    print(
        json.dumps(
            {
                "benchmark": "calibration",
                "entries": args.entries,
                "judges": args.judges,
                "readers": args.readers,
                "readings": len(readings),
                "cpu_count": os.cpu_count(),
                "calibrate_s": round(t_cal, 4),
                "flag_disagreements_s": round(t_flag, 4),
                "raw_mean_s": round(t_mean, 4),
                "components": len(cal.components),
                "residual_sd": round(cal.residual_sd or 0.0, 3),
                "offset_rmse": round(float(np.sqrt(np.mean(error**2))), 4),
                "flagged_share": round(len(flagged) / args.entries, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
