"""One headless Locust run of ``benchmarks/locustfile.py`` against the stack, read back.

``setup_file`` writes what the locustfile needs (accounts, codes, rubric, the pacing
of each user type for a ``Mix``); ``run_locust`` runs ``locust --headless`` for a
number of seconds with its CSV (``--csv``) and JSON (``--json-file``) stats in the
phase's folder, an optional fault of ``_locust_phase.drill_fault`` on a thread,
and returns the ``LocustPhase`` with Locust's own per-endpoint figures
(``locust_stats``) and the CPU time the Locust process used.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from _locust_phase import LocustPhase, drill_fault
from _stack_phase import Mix
from _surge_server import PASSWORD

HERE = Path(__file__).resolve().parent


def user_counts(mix: Mix) -> dict[str, int]:
    """Locust users per class of the locustfile."""
    return {
        "Writer": mix.writers,
        "Judge": mix.judges,
        "Organizer": mix.organizers,
        "Public": mix.visitors,
    }


def setup_file(path: Path, setup: dict, mix: Mix, public_path: str) -> None:
    """What the locustfile needs: accounts, codes, rubric, pacing per user type."""

    def interval(count: int, rate: float) -> float:
        return count / rate if rate > 0 else 3600.0

    data = {
        "password": PASSWORD,
        "run_id": uuid.uuid4().hex[:6],
        "track_id": setup["track_id"],
        "field_id": setup["field_id"],
        "word_limit": setup["word_limit"],
        "edition_id": setup["edition_id"],
        "writers": setup["emails"],
        "judge_codes": setup["judge_codes"],
        "criteria": setup["criteria"],
        "organizer_pool": (setup["organizers"] * max(1, mix.organizers))[
            : max(1, mix.organizers)
        ],
        "public_path": public_path,
        "mix": {
            "writers": mix.writers,
            "judges": mix.judges,
            "organizers": mix.organizers,
            "visitors": mix.visitors,
            "writer_interval": interval(mix.writers, mix.writer_rate),
            "judge_interval": interval(mix.judges, mix.judge_rate),
            "organizer_interval": interval(mix.organizers, mix.organizer_rate),
            "public_interval": interval(mix.visitors, mix.public_rate),
        },
    }
    path.write_text(json.dumps(data, ensure_ascii=False))


def locust_stats(prefix: Path, span: float) -> dict:
    """Per endpoint from Locust's own CSV: requests, per second, percentiles, failures."""
    out = {}
    with open(f"{prefix}_stats.csv", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["Name"] == "Aggregated":
                continue  # it would count the whole-submission pseudo-endpoint too
            name = row["Name"]
            out[name] = {
                "requests": int(row["Request Count"]),
                "per_s": round(int(row["Request Count"]) / span, 2),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
                "max_ms": round(float(row["Max Response Time"]), 1),
                "failures": int(row["Failure Count"]),
            }
    failures = []
    with open(f"{prefix}_failures.csv", newline="") as stream:
        for row in csv.DictReader(stream):
            failures.append(
                {
                    "name": row["Name"],
                    "error": row["Error"][:160],
                    "n": row["Occurrences"],
                }
            )
    return {"endpoints": out, "failures": failures}


def run_locust(
    out: Path,
    setup_path: Path,
    port: int,
    counts: dict[str, int],
    seconds: float,
    fault: dict | None = None,
) -> LocustPhase:
    """One Locust phase (headless) named after its folder `out`, with an optional
    fault (see ``drill_fault``); its LocustPhase."""
    out.mkdir()
    users = sum(counts.values())
    command = [
        sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING",
        "-u", str(users), "-r", str(users), "-t", f"{int(seconds)}s",
        "--stop-timeout", "30", "--exit-code-on-error", "0",
        "--host", f"http://127.0.0.1:{port}",
        "--csv", str(out / "locust"), "--json-file", str(out / "locust.json"),
        *[name for name, count in counts.items() if count],
    ]  # fmt: skip
    env = dict(os.environ, LOCUST_SETUP=str(setup_path), LOCUST_OUT=str(out))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with open(out / "locust.log", "w") as log:
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
    phase = LocustPhase(out.name, out, started)
    thread = None
    if fault is not None:
        thread = threading.Thread(target=drill_fault, args=(phase, fault), daemon=True)
        thread.start()
    process.wait()
    if thread is not None:
        thread.join(timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    phase.finish(min(time.monotonic(), started + seconds))  # not the stop-timeout
    phase.locust_cpu_s = round(
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1
    )
    phase.stats = locust_stats(out / "locust", max(1e-9, phase.end - phase.start))
    return phase
