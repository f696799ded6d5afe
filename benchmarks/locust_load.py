"""The submission surge and the judging mix driven by Locust, on the stack of stack_load.

Set-up (``_locust_stack.LocustStack``) as ``stack_load.py``: a throw-away PostgreSQL
cluster and Redis on free ports, the schema from the migrations, data from the
app's services, ``--app-servers N`` (default 2) ``gunicorn -w W`` instances
(``--workers W``, default 4), one ``flask jobs worker``, nginx with
``deploy/nginx.conf.template`` in front, its upstream listing the N servers (the
stdlib proxy when nginx is absent). Then ``locust --headless`` runs
``benchmarks/locustfile.py`` for ``--seconds`` against the proxy
(``_locust_run``), with its CSV stats (``--csv``) and JSON stats (``--json-file``)
written to the run's folder; the figures per endpoint come from Locust's CSV.

Profiles: ``--profile mix`` (the #8 mix: writers 10 submissions/s, judges 50
requests/s, organizers 2/s, public 50/s, times ``--scale``) or ``--profile surge``
(writers only, ``--writer-rate`` submissions/s; the JSON's ``check_lag`` is the
time from a submission's answer to its plagiarism check, p50/p95/p99, and the
backlog of waiting entries over time, measured by ``_surge_lag`` as in
``submission_surge.py``). Fault drills
(``--drills kill,postgres,redis``, default none) each run as one more Locust phase
of ``--drill-seconds`` with the fault of ``_stack_drills`` timed from Locust's
spawning-complete moment, judged by ``_stack_drills.outcome`` on Locust's records;
the kill drill needs two app servers at least. ``app_server_capacity.py`` ramps
the mix on 1 then 2 app servers to measure what the second one adds.
After the load: every acknowledged submission is checked against the database and
the upload folder (``_surge_check.check_integrity``), every acknowledged score save
against the score rows (``_stack_check.compare_scores``).

Prints one JSON object (throughput, p50/p95/p99 per endpoint, failures, lost
submissions and score saves, CPU, drills). Progress goes to stderr.
Run: ``.venv/bin/python benchmarks/locust_load.py --seconds 90 --scale 0.2``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the app
sys.path.insert(0, str(Path(__file__).resolve().parent))  # our modules

from _locust_phase import drill_report, saves_of
from _locust_run import run_locust, setup_file, user_counts
from _locust_stack import LocustStack
from _stack_check import compare_scores, stored_scores
from _stack_infra import pick_proxy, run_and_print
from _stack_phase import Mix
from _surge_check import background_jobs, check_integrity
from _surge_lag import LagWatch
from _surge_writer import Ack

DRILLS = ("kill", "postgres", "redis")


def say(message: str) -> None:
    """Progress on stderr."""
    print(f"[locust_load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr)


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


def run(args: argparse.Namespace) -> dict:
    """Set up, load with Locust, drill, check; always tear down."""
    stack = LocustStack(
        args.app_servers, args.workers, args.proxy, say, threads=args.threads
    )
    root = stack.root
    try:
        mix = args.mix
        stack.start(mix.writers, mix.judges, args.entries, args.profile == "mix")
        app, setup, proxy, servers = stack.app, stack.setup, stack.proxy, stack.servers
        numbered_before = numbered_entries(app)
        setup_file(root / "setup.json", setup, mix, stack.public_path)
        say(f"locust: {args.seconds} s, {args.counts}, proxy {proxy.kind}")
        lag = LagWatch(app, args.lag_poll) if args.profile == "surge" else None
        if lag is not None:
            lag.start()
        before = stack.cpu()
        loads = {"before": os.getloadavg()}
        main = run_locust(
            root / "main", root / "setup.json", proxy.port, args.counts, args.seconds
        )
        cpu = {k: round(v - before[k], 1) for k, v in stack.cpu().items()}
        loads["after"] = os.getloadavg()  # other work on the machine shows here
        check_lag = None
        if lag is not None:
            say(f"waiting for the checks to catch up (at most {args.drain:.0f} s)")
            drained = lag.drain(args.drain)
            lag.stop()
            acks = [Ack(**a) for a in main.acks()]
            check_lag = lag.report(acks, main.start) | {"drain_s": drained}
        cpu.pop("load_generator_s")  # this process; Locust's own CPU is locust_s
        cpu["locust_s"] = main.locust_cpu_s
        cpu["machine_capacity_s"] = round(
            (main.end - main.start) * (os.cpu_count() or 1), 1
        )
        phases, drills = [main], {}
        for drill in args.drills:
            say(f"drill {drill}: {args.drill_seconds} s under load")
            fault = {"servers": servers, "cluster": stack.cluster, "redis": stack.redis,
                     "proxy": proxy, "setup": setup, "drill": drill}  # fmt: skip
            phase = run_locust(
                root / drill,
                root / "setup.json",
                proxy.port,
                args.counts,
                args.drill_seconds,
                fault,
            )
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
            "stack": stack.description,
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
            **({"check_lag": check_lag} if check_lag is not None else {}),
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
        stack.stop(args.keep)


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
    parser.add_argument("--app-servers", type=int, default=2, help="gunicorn instances")
    parser.add_argument("--workers", type=int, default=4, help="workers per instance")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="requests at once per worker (1: sync; default: gunicorn.conf.py's)",
    )
    parser.add_argument(
        "--lag-poll", type=float, default=0.25, help="surge: s between check-lag polls"
    )
    parser.add_argument(
        "--drain", type=float, default=180, help="surge: s to wait for the checks"
    )
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
    args.counts = user_counts(args.mix)
    args.proxy = pick_proxy(args.proxy)
    chosen = () if args.drills == "none" else tuple(args.drills.split(","))
    unknown = [d for d in chosen if d not in DRILLS]
    if unknown:
        parser.error(f"unknown drill(s): {', '.join(unknown)}")
    if args.app_servers < 1 or args.workers < 1:
        parser.error("--app-servers and --workers must be 1 or more")
    if "kill" in chosen and args.app_servers < 2:
        parser.error("the kill drill needs --app-servers 2 or more")
    args.drills = [d for d in DRILLS if d in chosen]
    return args


def main() -> None:
    """Run and print the JSON."""
    run_and_print(parse, run)


if __name__ == "__main__":
    main()
