"""Benchmark: the automatic third-reading check after one submission; prints JSON.

Builds a sơ khảo round in a throw-away SQLite database (default 2,000 entries,
40 judges, k = 2, every sheet submitted, judge offsets ~ N(0, 5), noise ~ N(0, 6)),
then times what ``judging.scoring.services.third_reading.after_submit`` does on each submission
(plain-column readings, calibration, flags, the lacking-extra count) and, for
comparison, the full ``round_results`` of the organizers' page. The budget of the
inline check is ~200 ms per submission; above it the check should move to a job.

    .venv/bin/python -m benchmarks.third_reading [--entries N] [--judges M]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from contest.app import create_app
from contest.extensions import db
from contest.models import Entry, EntryStatus, User


def build(entries: int, judges: int, seed: int) -> int:
    """Write the round; its id."""
    from contest.services.editions import create_edition
    from judging.assignment.models import Assignment
    from judging.rounds.services import round_criteria
    from judging.scoring.models import Score, ScoreStatus

    rng = np.random.default_rng(seed)
    edition = create_edition(None, title="Bench", year=2026)
    round_ = edition.rounds[0]
    round_.readers_per_entry = 2
    owner = User(email="w@example.org", password_hash="x", full_name="Tác Giả")
    people = [
        User(email=f"j{i}@example.org", password_hash="x", full_name=f"GK {i}")
        for i in range(judges)
    ]
    db.session.add_all([owner, *people])
    db.session.flush()
    rows = [
        Entry(
            edition_id=edition.id,
            owner_id=owner.id,
            number=f"B-{i:06d}",
            title=f"Bài {i}",
            status=EntryStatus.UNDER_REVIEW,
        )
        for i in range(entries)
    ]
    db.session.add_all(rows)
    db.session.flush()
    criteria = round_criteria(round_)
    offsets = rng.normal(0, 5, judges)
    for entry in rows:
        quality = rng.normal(65, 10)
        for j in rng.choice(judges, 2, replace=False):
            share = (quality + offsets[j] + rng.normal(0, 6)) / 100
            reading = Assignment(
                round_id=round_.id, judge_id=people[j].id, entry_id=entry.id
            )
            reading.score = Score(
                values={
                    str(c.id): float(
                        min(c.max_points, max(0, round(share * c.max_points)))
                    )
                    for c in criteria
                },
                status=ScoreStatus.SUBMITTED,
            )
            db.session.add(reading)
    db.session.commit()
    return round_.id


def timed(fn, repeat: int) -> dict[str, float]:
    """Median wall and CPU time of ``repeat`` calls, in milliseconds.

    CPU time (this process) is reported too: on a shared, busy machine the wall
    time mostly measures the other processes.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        db.session.rollback()
    return {
        "wall_ms": round(statistics.median(wall) * 1000, 1),
        "cpu_ms": round(statistics.median(cpu) * 1000, 1),
    }


def main() -> None:
    """Build the round, time the check and the full results, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--judges", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from judging.rounds.models import Round
    from judging.scoring.core import calibration
    from judging.scoring.services.results import gap_flags, round_results
    from judging.scoring.services.third_reading import lacking_extra, lean_readings

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": folder})
        with app.app_context():
            db.create_all()
            round_id = build(args.entries, args.judges, args.seed)
            round_ = db.session.get(Round, round_id)

            def check() -> None:
                readings = lean_readings(round_)
                fit = calibration.calibrate(readings)
                lacking_extra(round_, gap_flags(round_, readings, fit))

            readings = lean_readings(round_)
            flagged = gap_flags(round_, readings, calibration.calibrate(readings))
            print(
                json.dumps(
                    {
                        "entries": args.entries,
                        "judges": args.judges,
                        "readings": len(readings),
                        "flagged_share": round(len(flagged) / args.entries, 4),
                        "load_average": round(os.getloadavg()[0], 1),
                        "check_per_submission": timed(check, args.repeat),
                        "round_results": timed(
                            lambda: round_results(round_), args.repeat
                        ),
                    }
                )
            )
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
