"""Benchmark: where should extra readings go? Top-k accuracy of four policies; JSON.

Simulates sơ khảo rounds with the truth known (default: 600 entries, 12 judges,
3 readers each, 30 repetitions, top 40 = the prize line), calibrates them
(``judging.scoring.core.calibration``), then hands out the same number of extra readings four
ways and calibrates again:

* ``none``: no extra reading;
* ``disagreement``: one extra reader per entry the gap rule flags (the exam rule,
  ``flag_disagreements``); its count sets the budget of the two policies below;
* ``targeted``: to the entries most likely on the other side of the top-k line
  (``judging.scoring.core.targeted.line_risks``);
* ``random``: to entries drawn at random.

An extra reader is a judge not yet reading the entry, the least loaded first (ties
at random), as the assignment solver balances loads. Accuracy is the share of the
true top k found in the calibrated top k. Scenarios: ``independent`` judge offsets
~ N(0, 5) with readers drawn at random; ``clustered``: three fields, each with its
own group of judges sharing an offset ~ N(0, 5) (plus N(0, 2) each), every entry
read by k − 1 judges of its field and one from another. Quality ~ N(60, 10), noise
~ N(0, 6), and 2 % careless readings with noise ~ N(0, 20).

    .venv/bin/python -m benchmarks.targeted_readings [--entries N] [--judges M]
        [--readers K] [--top K] [--repeat R] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from judging.scoring.core import Reading
from judging.scoring.core.calibration import calibrate, flag_disagreements
from judging.scoring.core.targeted import line_risks, pick

POLICIES = ("none", "disagreement", "targeted", "random")


class Round:
    """A simulated round: true qualities and offsets, and a way to read more."""

    def __init__(self, args, clustered: bool, rng: np.random.Generator) -> None:
        self.rng = rng
        self.quality = rng.normal(60, 10, args.entries)
        if clustered:
            field_of_judge = np.arange(args.judges) % 3
            shared = rng.normal(0, 5, 3)
            self.offsets = shared[field_of_judge] + rng.normal(0, 2, args.judges)
        else:
            self.offsets = rng.normal(0, 5, args.judges)
        self.readers: list[list[int]] = []
        for e in range(args.entries):
            if clustered:
                field = e % 3
                own = np.flatnonzero(field_of_judge == field)
                other = np.flatnonzero(field_of_judge != field)
                chosen = [*rng.choice(own, args.readers - 1, replace=False)]
                chosen.append(int(rng.choice(other)))
            else:
                chosen = list(rng.choice(args.judges, args.readers, replace=False))
            self.readers.append([int(j) for j in chosen])
        self.load = np.bincount(
            [j for r in self.readers for j in r], minlength=args.judges
        )
        self.readings = [
            self.read(e, j) for e in range(args.entries) for j in self.readers[e]
        ]

    def read(self, entry: int, judge: int) -> Reading:
        """One judge's total for one entry."""
        noise = self.rng.normal(0, 20 if self.rng.random() < 0.02 else 6)
        return Reading(
            entry, judge, float(self.quality[entry] + self.offsets[judge] + noise)
        )

    def extra(self, entries: list[int]) -> list[Reading]:
        """One more reading for each entry, by the least loaded judge still free."""
        load = self.load.copy()
        out = []
        for e in entries:
            free = [j for j in range(len(load)) if j not in self.readers[e]]
            lowest = min(load[j] for j in free)
            judge = int(self.rng.choice([j for j in free if load[j] == lowest]))
            load[judge] += 1
            out.append(self.read(e, judge))
        return out

    def accuracy(self, readings: list[Reading], top: int) -> float:
        """Share of the true top ``top`` in the calibrated top ``top``."""
        scores = calibrate(readings).scores
        found = sorted(scores, key=lambda e: -scores[e])[:top]
        truth = set(np.argsort(-self.quality)[:top].tolist())
        return len(truth.intersection(found)) / top


def run_once(args, clustered: bool, seed: int) -> dict[str, float]:
    """Accuracy of each policy on one simulated round, and the budget used."""
    sim = Round(args, clustered, np.random.default_rng(seed))
    fit = calibrate(sim.readings)
    flagged = [d.entry_id for d in flag_disagreements(sim.readings, fit)]
    budget = len(flagged)
    risks = line_risks(sim.readings, fit, {None: args.top})
    chosen = {
        "none": [],
        "disagreement": flagged,
        "targeted": [r.entry_id for r in pick(risks, budget)],
        "random": [int(e) for e in sim.rng.choice(args.entries, budget, replace=False)],
    }
    out = {"extra": budget}
    for policy in POLICIES:
        out[policy] = sim.accuracy(sim.readings + sim.extra(chosen[policy]), args.top)
    return out


def summary(rows: list[dict[str, float]]) -> dict:
    """Mean (and standard error) of each policy over the repetitions."""
    out = {
        "extra_readings_mean": round(float(np.mean([r["extra"] for r in rows])), 1),
        "flagged_share": None,
    }
    for policy in POLICIES:
        values = np.array([r[policy] for r in rows])
        out[policy] = {
            "top_k_accuracy": round(float(values.mean()), 3),
            "se": round(float(values.std(ddof=1) / np.sqrt(len(values))), 3),
        }
    gain = np.array([r["targeted"] - r["disagreement"] for r in rows])
    out["targeted_minus_disagreement"] = round(float(gain.mean()), 3)
    out["targeted_better_in"] = int((gain > 0).sum())
    out["targeted_worse_in"] = int((gain < 0).sum())
    return out


def main() -> None:
    """Run both scenarios and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=600)
    parser.add_argument("--judges", type=int, default=12)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    report = {
        "benchmark": "targeted_readings",
        "entries": args.entries,
        "judges": args.judges,
        "readers": args.readers,
        "top": args.top,
        "repeat": args.repeat,
        "seed": args.seed,
    }
    for name, clustered in (("independent", False), ("clustered", True)):
        rows = [
            run_once(args, clustered, args.seed * 1000 + i) for i in range(args.repeat)
        ]
        report[name] = summary(rows)
        report[name]["flagged_share"] = round(
            report[name]["extra_readings_mean"] / args.entries, 4
        )
    report["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
