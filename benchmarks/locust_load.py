"""The submission surge and the judging mix driven by Locust, on the stack of stack_load.

Set-up as ``stack_load.py`` (reused from ``_stack_infra``, ``_stack_seed``,
``_surge_server``, ``_surge_procs``, ``_stack_nginx``): a throw-away PostgreSQL
cluster and Redis on free ports, the schema from the migrations, data from the
app's services, two ``gunicorn -w 4`` instances, one ``flask jobs worker``, nginx
with ``deploy/nginx.conf.template`` in front (the stdlib proxy when nginx is absent).
Then ``locust --headless`` runs ``benchmarks/locustfile.py`` for ``--seconds``
against the proxy, with its CSV stats (``--csv``) and JSON stats (``--json-file``)
written to the run's folder; the figures per endpoint come from Locust's CSV.

Profiles: ``--profile mix`` (the #8 mix: writers 10 submissions/s, judges 50
requests/s, organizers 2/s, public 50/s, times ``--scale``) or ``--profile surge``
(writers only, ``--writer-rate`` submissions/s). Fault drills
(``--drills kill,postgres,redis``, default none) each run as one more Locust phase
of ``--drill-seconds`` with the fault of ``_stack_drills`` timed from Locust's
spawning-complete moment, judged by ``_stack_drills.outcome`` on Locust's records.
After the load: every acknowledged submission is checked against the database and
the upload folder (``_surge_check.check_integrity``), every acknowledged score save
against the score rows (``_stack_check.compare_scores``).

Prints one JSON object (throughput, p50/p95/p99 per endpoint, failures, lost
submissions and score saves, CPU, drills). Progress goes to stderr.
Run: ``.venv/bin/python benchmarks/locust_load.py --seconds 90 --scale 0.2``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the app
sys.path.insert(0, str(Path(__file__).resolve().parent))  # our modules

from _locust_phase import LocustPhase, drill_fault, drill_report, saves_of
from _stack_check import compare_scores, stored_scores
from _stack_infra import (
    PgCluster,
    Proxy,
    RedisServer,
    cpu_now,
    snapshot_code,
    stop_stack,
)
from _stack_nginx import NginxProxy
from _stack_phase import Mix
from _stack_seed import seed, seed_results
from _surge_check import background_jobs, check_integrity
from _surge_procs import Gunicorn, JobsWorker
from _surge_server import PASSWORD, build_schema, make_instance, setup_app
from _surge_writer import Ack

HERE = Path(__file__).resolve().parent
DRILLS = ("kill", "postgres", "redis")


def say(message: str) -> None:
    """Progress on stderr."""
    print(f"[locust_load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr)


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


def numbered_entries(app) -> int:
    """Entries with a receipt number already (seeded before the load)."""
    from sqlalchemy import func, select

    from contest.extensions import db
    from contest.models import Entry

    with app.app_context():
        count = db.session.scalar(
            select(func.count(Entry.id)).where(Entry.number.is_not(None))
        )
        db.session.remove()
        db.engine.dispose()
    return count


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


def run_locust(args, root: Path, name: str, port: int, classes: list[str], fault=None):
    """One Locust phase (headless) with an optional fault; its LocustPhase."""
    out = root / name
    out.mkdir()
    users = sum(args.counts.values())
    command = [
        sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING",
        "-u", str(users), "-r", str(users),
        "-t", f"{int(args.seconds if name == 'main' else args.drill_seconds)}s",
        "--stop-timeout", "30", "--exit-code-on-error", "0",
        "--host", f"http://127.0.0.1:{port}",
        "--csv", str(out / "locust"), "--json-file", str(out / "locust.json"),
        *classes,
    ]  # fmt: skip
    env = dict(os.environ, LOCUST_SETUP=str(root / "setup.json"), LOCUST_OUT=str(out))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with open(out / "locust.log", "w") as log:
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
    phase = LocustPhase(name, out, started)
    thread = None
    if fault is not None:
        thread = threading.Thread(target=drill_fault, args=(phase, fault), daemon=True)
        thread.start()
    process.wait()
    if thread is not None:
        thread.join(timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = args.seconds if name == "main" else args.drill_seconds
    phase.finish(min(time.monotonic(), started + seconds))  # not the stop-timeout
    phase.locust_cpu_s = round(
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1
    )
    phase.stats = locust_stats(out / "locust", max(1e-9, phase.end - phase.start))
    return phase


def run(args: argparse.Namespace) -> dict:
    """Set up, load with Locust, drill, check; always tear down."""
    root = Path(tempfile.mkdtemp(prefix="locust-load-"))
    cluster, redis = PgCluster(), RedisServer()
    servers: list[Gunicorn] = []
    worker = proxy = None
    try:
        snapshot_code(root / "code")
        cluster.init()
        redis.start()
        instance = make_instance("postgres", root, cluster.url, redis.url)
        instance.env |= {
            "RATELIMIT_STORAGE_URI": redis.url,
            "LOGIN_RATE_LIMIT_PER_ACCOUNT": "1000 per minute",
            "TRUSTED_PROXIES": "1",
        }
        (root / "b").mkdir()
        twin = dataclasses.replace(instance, root=root / "b")
        app = setup_app(instance)
        build_schema(instance, app)
        mix = args.mix
        say(f"seeding: {mix}")
        setup = seed(app, mix.writers, max(3, mix.judges), 2, args.entries, 3)
        results_edition = None
        if args.profile == "mix":
            try:
                results_edition = seed_results(app)
            except Exception as error:  # no results page: the landing page
                say(f"no published results edition: {type(error).__name__}")
        servers = [Gunicorn(instance, 4), Gunicorn(twin, 4)]
        for server in servers:
            server.start()
        worker = JobsWorker(instance)
        worker.start()
        proxy = (NginxProxy if args.proxy == "nginx" else Proxy)(
            [s.port for s in servers], root
        )
        proxy.start()
        public_path = f"/editions/{results_edition}/results" if results_edition else "/"
        numbered_before = numbered_entries(app)
        setup_file(root / "setup.json", setup, mix, public_path)
        classes = [c for c, n in args.counts.items() if n]
        say(f"locust: {args.seconds} s, {args.counts}, proxy {proxy.kind}")
        before = cpu_now(servers, worker, proxy)
        loads = {"before": os.getloadavg()}
        main = run_locust(args, root, "main", proxy.port, classes)
        cpu = {
            k: round(v - before[k], 1)
            for k, v in cpu_now(servers, worker, proxy).items()
        }
        loads["after"] = os.getloadavg()  # other work on the machine shows here
        cpu.pop("load_generator_s")  # this process; Locust's own CPU is locust_s
        cpu["locust_s"] = main.locust_cpu_s
        cpu["machine_capacity_s"] = round(
            (main.end - main.start) * (os.cpu_count() or 1), 1
        )
        phases, drills = [main], {}
        for drill in args.drills:
            say(f"drill {drill}: {args.drill_seconds} s under load")
            fault = {"servers": servers, "cluster": cluster, "redis": redis,
                     "proxy": proxy, "setup": setup, "drill": drill}  # fmt: skip
            phase = run_locust(args, root, drill, proxy.port, classes, fault)
            phases.append(phase)
            drills[drill] = drill_report(phase, servers, setup, proxy.port)
        say("integrity check")
        acks = [Ack(**a) for phase in phases for a in phase.acks()]
        submissions = check_integrity(app, acks, set(setup["emails"]))
        submissions["submitted_but_not_acknowledged"] -= numbered_before
        acked, unknown = saves_of(phases)
        scores = compare_scores(acked, unknown, stored_scores(app))
        span = main.end - main.start
        submitted = main.stats["endpoints"].get("writer_submit", {})
        return {
            "tool": "locust 2.47.0 (FastHttpUser, headless)",
            "profile": args.profile,
            "backend": "postgres",
            "proxy": proxy.kind,
            "seconds": round(span, 1),
            "users": args.counts,
            "asked_rates": dataclasses.asdict(mix),
            "submissions_per_s": round(sum(1 for a in main.acks()) / span, 2),
            "submissions_acknowledged": len(main.acks()),
            "submit_failures": submitted.get("failures", 0),
            "requests_per_s": round(
                sum(1 for r in main.records() if r.at < main.end) / span, 1
            ),
            "endpoints": main.stats["endpoints"],
            "failures": main.stats["failures"][:15],
            "statuses": main.statuses(),
            "integrity": {
                "submissions": submissions,
                "scores": scores,
                "lost": submissions["lost"] + scores["lost"],
            },
            "background_jobs": background_jobs(app),
            "cpu_s": cpu,
            "machine_load_avg": loads,
            "drills": drills,
            "locust_files": str(root) if args.keep else None,
        }
    finally:
        say("stopping everything")
        stop_stack(proxy, worker, servers, redis, cluster, root, args.keep)


def parse(argv=None) -> argparse.Namespace:
    """The flags (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=["mix", "surge"], default="mix")
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--writer-rate", type=float, default=10, help="submissions/s")
    parser.add_argument("--judge-rate", type=float, default=50, help="requests/s")
    parser.add_argument("--organizer-rate", type=float, default=2)
    parser.add_argument("--public-rate", type=float, default=50)
    parser.add_argument("--scale", type=float, default=1.0, help="every rate × F")
    parser.add_argument("--drills", default="none", help="none|kill,postgres,redis")
    parser.add_argument("--drill-seconds", type=float, default=40)
    parser.add_argument("--entries", type=int, default=240, help="pre-seeded entries")
    parser.add_argument("--proxy", choices=["auto", "nginx", "python"], default="auto")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder")
    parser.add_argument("--pretty", action="store_true", help="indent the JSON")
    args = parser.parse_args(argv)
    rates = [r * args.scale for r in (args.writer_rate, args.judge_rate,
                                      args.organizer_rate, args.public_rate)]  # fmt: skip
    if args.profile == "surge":
        writers = max(1, round(args.users))
        args.mix = Mix(writers, 0, 0, 0, rates[0], 0.0, 0.0, 0.0)
    else:
        args.mix = Mix.split(args.users, tuple(rates))
    args.counts = {
        "Writer": args.mix.writers,
        "Judge": args.mix.judges,
        "Organizer": args.mix.organizers,
        "Public": args.mix.visitors,
    }
    if args.proxy == "auto":
        args.proxy = "nginx" if shutil.which("nginx") else "python"
    chosen = () if args.drills == "none" else tuple(args.drills.split(","))
    unknown = [d for d in chosen if d not in DRILLS]
    if unknown:
        parser.error(f"unknown drill(s): {', '.join(unknown)}")
    args.drills = [d for d in DRILLS if d in chosen]
    return args


def main() -> None:
    """Run and print the JSON."""
    args = parse()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report = run(args)
    print(json.dumps(report, ensure_ascii=False, indent=2 if args.pretty else None))


if __name__ == "__main__":
    main()
