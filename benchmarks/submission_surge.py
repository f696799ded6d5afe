"""Deadline-day surge: writers submitting at once, under gunicorn, on SQLite and PostgreSQL.

For each backend: a fresh instance (temporary folder; SQLite file in WAL mode, or a
fresh PostgreSQL schema), schema by `flask db upgrade` (create_all while the
migrations lag behind the models), an open edition with the default tracks and word
limits, one writer account per client, then `gunicorn -w 4` and N threads that each
log in once and submit entries until the time is up: form → POST with a new
Vietnamese story (half to 95 % of the track's word limit) typed and as a .docx,
unique per submission → review → submit → receipt. Afterwards
every acknowledged submission is checked in the database and the upload folder, and
a double-click probe posts the same form (and the same submit) twice at once.

Load: by default the writers are paced to offer the target rate (--rate 10: each of
64 writers starts a submission every 6.4 s), so latency is measured at that load.
--rate 0 sends back to back and gives the capacity; latency is then only
clients / throughput (a closed loop), not a service figure.

Prints one JSON object per backend, one per line: submissions per second (overall
and per 30 s window), p50/p95/p99 of a whole submission and of the final submit
POST, errors by status, lost, duplicates, "database is locked" in the log,
server-side times from the app's request log, CPU used, the double-click probe,
the check lag (from a submission's answer to its plagiarism check's commit: p50/p95/
p99, the entries still waiting, the backlog every 5 s and how long it took to drain
after the surge; see _surge_lag) and notes on the conditions. Target: ≥ 10 submissions/s for 5 minutes with 0 lost,
0 5xx and p99 < 2 s.

Run: ``.venv/bin/python benchmarks/submission_surge.py [--backend sqlite|postgres|both]
[--duration 60] [--clients 64] [--workers 4] [--rate 10] [--keep]`` (--duration 300
for the real figure). PostgreSQL: --pg-url (default postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the app
sys.path.insert(0, str(Path(__file__).resolve().parent))  # our modules

from _surge_check import background_jobs, check_integrity, similarity_flags
from _surge_doubleclick import count_entries, double_clicks
from _surge_lag import LagWatch
from _surge_procs import Gunicorn, JobsWorker
from _surge_report import scan_log, summarize
from _surge_server import (
    PASSWORD,
    build_schema,
    drop_instance_schema,
    drop_redis_queue,
    make_instance,
    seed,
    setup_app,
)
from _surge_writer import Clock, Plan, Writer, WriterResult


def drive(
    server: Gunicorn, setup: dict, args: argparse.Namespace
) -> tuple[list[WriterResult], dict]:
    """Run the writers for the duration; their results and the clock/CPU figures."""
    interval = args.clients / args.rate if args.rate else 0.0
    plan = Plan(
        host="127.0.0.1",
        port=server.port,
        password=PASSWORD,
        track_id=setup["track_id"],
        field_id=setup["field_id"],
        run_id=uuid.uuid4().hex[:8],
        word_limit=setup["word_limit"],
        timeout=args.timeout,
        clients=args.clients,
        upload=not args.no_upload,
        interval=interval,
    )
    writers = [Writer(i, email, plan) for i, email in enumerate(setup["emails"])]
    results: list[WriterResult] = [WriterResult() for _ in writers]
    ready, go, clock = threading.Barrier(len(writers) + 1), threading.Event(), Clock()

    def work(i: int) -> None:
        results[i] = writers[i].run(ready, go, clock)

    threads = [
        threading.Thread(target=work, args=(i,), daemon=True)
        for i in range(len(writers))
    ]
    for thread in threads:
        thread.start()
    ready.wait()  # everyone has logged in
    before = (server.cpu_seconds(), _own_cpu(), _machine_busy())
    clock.start = time.monotonic()
    clock.deadline = clock.start + args.duration
    go.set()
    for thread in threads:
        thread.join()
    end = time.monotonic()
    figures = {
        "start": clock.start,
        "end": end,
        "cpu": {
            "server_cpu_s": round(server.cpu_seconds() - before[0], 1),
            "client_cpu_s": round(_own_cpu() - before[1], 1),
            "machine_busy_cpu_s": round(_machine_busy() - before[2], 1),
            "machine_cpu_s": round((end - clock.start) * (os.cpu_count() or 1), 1),
        },
    }
    return results, figures


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _machine_busy() -> float:
    """CPU seconds all processes of the machine spent busy (from /proc/stat)."""
    fields = [
        int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    ]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run_backend(backend: str, args: argparse.Namespace) -> dict:
    """Set up, surge, check, probe double clicks and clean up one backend."""
    root = Path(tempfile.mkdtemp(prefix=f"surge-{backend}-"))
    redis_url = args.redis_url if args.jobs == "rq" else None
    instance = make_instance(backend, root, args.pg_url, redis_url)
    server, worker = Gunicorn(instance, args.workers), JobsWorker(instance)
    keep_folder = args.keep
    try:
        app = setup_app(instance)
        schema = build_schema(instance, app)
        setup = seed(app, args.clients)
        args.load_before = tuple(round(x, 2) for x in os.getloadavg())
        server.start()
        if redis_url:
            worker.start()
        lag = LagWatch(app, args.lag_poll)
        try:
            worker_cpu = worker.cpu_seconds()
            lag.start()
            results, figures = drive(server, setup, args)
            drained = lag.drain(args.drain)
            lag.stop()
            figures["cpu"]["jobs_worker_cpu_s"] = round(
                worker.cpu_seconds() - worker_cpu, 1
            )
            surge_log_end = instance.log_path.stat().st_size
            acks = [a for r in results for a in r.acks]
            check_lag = lag.report(acks, figures["start"]) | {"drain_s": drained}
            integrity = check_integrity(app, acks, set(setup["emails"]))
            jobs = background_jobs(app)  # before the probe adds its own
            flagged = similarity_flags(app)
            probe = {}
            if args.double_clicks:
                probe = double_clicks(
                    server.port, setup["prober"], PASSWORD, setup, args.double_clicks
                )
                probe |= count_entries(app, setup["prober"])
        finally:
            lag.stop()
            server.stop()
            worker.stop()
        log = scan_log(instance.log_path, 0, surge_log_end)
        summary = summarize(
            results, figures, log, integrity, schema, args, backend, setup["word_limit"]
        )
        summary["check_lag"] = check_lag
        summary["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        summary["background_jobs"] = {
            "runner": "separate `flask jobs worker` (RQ)"
            if redis_url
            else "threads inside the web workers",
            **jobs,
            "similarity_pairs_flagged": flagged,
        }
        if redis_url:
            summary["background_jobs"]["worker_locked_errors"] = scan_log(
                root / "jobs.log"
            )["database_is_locked"]["total"]
        if probe:
            probe_log = scan_log(instance.log_path, surge_log_end)
            probe["unhandled_errors_in_log"] = probe_log["unhandled_errors"]
            probe["exceptions_in_log"] = probe_log["exceptions"]
            probe["failing_requests"] = probe_log["failing_requests"]
            summary["double_click_probe"] = probe
        failed = (
            summary["5xx"]
            or summary["lost"]
            or summary["locked_errors"]
            or summary["errors_by_status"]
            or probe.get("unhandled_errors_in_log")
        )
        keep_folder = args.keep or bool(failed)  # the log holds the tracebacks
        if keep_folder:
            summary["kept"] = {"folder": str(root), "log": str(instance.log_path)}
            if args.keep:
                summary["kept"]["pg_schema"] = instance.pg_schema
        return summary
    finally:
        server.stop()
        worker.stop()
        if not args.keep:
            drop_instance_schema(instance)  # a shared database: never leave schemas
            drop_redis_queue(instance)
        if not keep_folder:
            shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    """Parse the flags and print one JSON line per backend."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backend", choices=["sqlite", "postgres", "both"], default="both"
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=60,
        help="seconds of surge (300 for the real figure)",
    )
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--rate",
        type=float,
        default=10,
        help="offered submissions/s (paced writers); 0: back to back, to find the capacity",
    )
    parser.add_argument(
        "--no-upload",
        action="store_true",
        help="pasted text only, no .docx (to see what the uploads cost)",
    )
    parser.add_argument(
        "--double-clicks",
        type=int,
        default=10,
        help="after the surge, rounds of two identical POSTs at once (0: skip)",
    )
    parser.add_argument(
        "--jobs",
        choices=["thread", "rq"],
        default="thread",
        help="background jobs (plagiarism check, emails): threads in the web workers (the default without Redis) or a separate `flask jobs worker` on RQ",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/0",
        help="for --jobs rq (the run uses a queue of its own)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60, help="client socket timeout (s)"
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "SURGE_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the folder and the PostgreSQL schema (the folder, with the log, is kept anyway on failures)",
    )
    parser.add_argument(
        "--lag-poll",
        type=float,
        default=0.25,
        help="seconds between two looks at the entries waiting for their check",
    )
    parser.add_argument(
        "--drain",
        type=float,
        default=180,
        help="after the surge, seconds to wait for the checks to catch up",
    )
    parser.add_argument("--pretty", action="store_true", help="indent the JSON")
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        summary = run_backend(backend, args)
        print(
            json.dumps(summary, ensure_ascii=False, indent=2 if args.pretty else None),
            flush=True,
        )


if __name__ == "__main__":
    main()
