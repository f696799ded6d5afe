"""The capacity each added app server brings: the judging mix ramped on 1, then 2 servers.

For each N of ``--servers`` (default ``1,2``) a fresh stack of ``locust_load.py``
(``_locust_stack``: private PostgreSQL and Redis, the same seeded data, N ×
``gunicorn -w W`` (``--workers``, default 4), one jobs worker, nginx whose upstream
lists the N servers; ``--threads`` requests at once per worker, gunicorn.conf.py's
by default) carries the #8 judging mix (writers 10 submissions/s, judges
50 requests/s, organizers 2/s, public 50/s, ``--users`` 100) times a scale (rates
and users alike: each user keeps its pace) that grows by ``--scale-step`` from
``--scale`` in steps of ``--step-seconds``, each
step one headless Locust run with its CSV/JSON stats (``_locust_run``). The ramp
stops at the first step that is not sustained (``_capacity_step``): the judge's
score save p95 over ``--p95-ms`` (150), any failure, or less than ``--min-served``
(0.9) of the asked app requests served; or after ``--max-steps``. The logins
that open a step and the ``--warmup`` seconds after them (each user's staggered
start) are left out of its figures. A fresh stack per N keeps the database the same size for both.

Prints one JSON object: for each N the steps (asked rates, requests/s and p95 per
endpoint and per user type, failures, served share, CPU seconds of the app servers,
PostgreSQL, the jobs worker, the proxy and Locust) and the highest sustained step;
then ``gain``: the capacity of each N over the first one, as ratios (sustained
scale, requests/s at it, and the most app requests/s served in any step). Every
acknowledged submission and score save is checked afterwards (``lost``).
Progress goes to stderr.
Run: ``.venv/bin/python benchmarks/app_server_capacity.py --step-seconds 30``
(tiny check: ``--step-seconds 10 --warmup 3 --max-steps 2 --entries 20``).
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

from _capacity_step import Limits, gain, ramp_summary, step_report
from _locust_phase import saves_of
from _locust_run import run_locust, setup_file, user_counts
from _locust_stack import LocustStack
from _stack_check import compare_scores, stored_scores
from _stack_infra import configured_threads, pick_proxy, run_and_print
from _stack_phase import Mix
from _surge_check import check_integrity
from _surge_writer import Ack


def say(message: str) -> None:
    """Progress on stderr."""
    print(
        f"[app_server_capacity {time.strftime('%H:%M:%S')}] {message}",
        file=sys.stderr,
        flush=True,
    )


def step_mix(args: argparse.Namespace, scale: float) -> Mix:
    """The mix at `scale`: every rate and the number of users times `scale`, so each
    user keeps the pace it has in the unscaled mix."""
    users = max(4, round(args.users * scale))
    return Mix.split(users, tuple(r * scale for r in args.rates))


def ramp(args: argparse.Namespace, count: int) -> dict:
    """One stack with `count` app servers, the mix ramped until it is not sustained."""
    stack = LocustStack(count, args.workers, args.proxy, say, threads=args.threads)
    try:
        biggest = step_mix(args, args.scale + (args.max_steps - 1) * args.scale_step)
        stack.start(biggest.writers, biggest.judges, args.entries, results=True)
        loads = os.getloadavg()
        steps, phases = [], []
        for index in range(args.max_steps):
            scale = args.scale + index * args.scale_step
            mix = step_mix(args, scale)
            setup_path = stack.root / f"setup-{index}.json"
            setup_file(setup_path, stack.setup, mix, stack.public_path)
            say(f"{count} server(s), step {index + 1}: scale {scale:.2f}")
            before, began = stack.cpu(), time.monotonic()
            phase = run_locust(
                stack.root / f"step-{index + 1}",
                setup_path,
                stack.proxy.port,
                user_counts(mix),
                args.step_seconds,
            )
            cpu = {k: v - before[k] for k, v in stack.cpu().items()}
            cpu["locust_s"] = phase.locust_cpu_s
            cpu["wall_s"] = time.monotonic() - began
            phases.append(phase)
            step = step_report(phase, mix, scale, cpu, args.limits)
            steps.append(step)
            say(
                f"  {step['requests_per_s']} req/s, judge_save p95 "
                f"{step['judge_save_p95_ms']} ms, served {step['served_share']}, "
                f"failures {step['failures']}"
            )
            if not step["sustained"]:
                break
        acks = [Ack(**a) for phase in phases for a in phase.acks()]
        submissions = check_integrity(stack.app, acks, set(stack.setup["emails"]))
        acked, unknown = saves_of(phases)
        scores = compare_scores(acked, unknown, stored_scores(stack.app))
        return {
            "stack": stack.description,
            "public_path": stack.public_path,
            "machine_load_avg_before": [round(x, 2) for x in loads],
            **ramp_summary(steps),
            "lost": submissions["lost"] + scores["lost"],
            "steps": steps,
        }
    finally:
        say(f"stopping the {count}-server stack")
        stack.stop(args.keep)


def run(args: argparse.Namespace) -> dict:
    """Every ramp, then the gain of each N over the first one."""
    ramps = {str(n): ramp(args, n) for n in args.servers}
    first = str(args.servers[0])
    return {
        "benchmark": "app_server_capacity",
        "tool": "locust (FastHttpUser, headless)",
        "conditions": {
            "servers": args.servers,
            "workers_per_server": args.workers,
            "threads_per_worker": args.threads or configured_threads(),
            "users": args.users,
            "unscaled_rates": dict(
                zip(("writer", "judge", "organizer", "public"), args.rates, strict=True)
            ),
            "scales": f"{args.scale} + k × {args.scale_step}, k < {args.max_steps}",
            "step_seconds": args.step_seconds,
            "limits": dataclasses.asdict(args.limits),
            "cpus": os.cpu_count(),
        },
        "ramps": ramps,
        "gain": {
            f"{n}_vs_{first}": gain(ramps[first], ramps[str(n)])
            for n in args.servers[1:]
        },
    }


def parse(argv=None) -> argparse.Namespace:
    """The flags (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", default="1,2", help="app server counts, e.g. 1,2")
    parser.add_argument("--workers", type=int, default=4, help="workers per server")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="requests at once per worker (1: sync workers; default: gunicorn.conf.py's)",
    )
    parser.add_argument("--step-seconds", type=float, default=30)
    parser.add_argument(
        "--warmup", type=float, default=5, help="s left out after the logins"
    )
    parser.add_argument("--scale", type=float, default=0.1, help="the first step's")
    parser.add_argument("--scale-step", type=float, default=0.1)
    parser.add_argument("--max-steps", type=int, default=10)
    parser.add_argument("--p95-ms", type=float, default=150, help="judge save p95")
    parser.add_argument("--min-served", type=float, default=0.9)
    parser.add_argument("--users", type=int, default=100, help="at scale 1")
    parser.add_argument("--writer-rate", type=float, default=10, help="submissions/s")
    parser.add_argument("--judge-rate", type=float, default=50, help="requests/s")
    parser.add_argument("--organizer-rate", type=float, default=2)
    parser.add_argument("--public-rate", type=float, default=50)
    parser.add_argument("--entries", type=int, default=240, help="pre-seeded entries")
    parser.add_argument("--proxy", choices=["auto", "nginx", "python"], default="auto")
    parser.add_argument("--keep", action="store_true", help="keep the runs' folders")
    parser.add_argument("--pretty", action="store_true", help="indent the JSON")
    args = parser.parse_args(argv)
    try:
        args.servers = [int(n) for n in args.servers.split(",")]
    except ValueError:
        parser.error("--servers: whole numbers separated by commas, e.g. 1,2")
    if (
        not args.servers
        or min(args.servers) < 1
        or args.workers < 1
        or (args.threads or 1) < 1
    ):
        parser.error("--servers and --workers must be 1 or more")
    if args.scale <= 0 or args.scale_step < 0 or args.max_steps < 1:
        parser.error("--scale > 0, --scale-step ≥ 0 and --max-steps ≥ 1 please")
    if args.warmup >= args.step_seconds:
        parser.error("--warmup must be shorter than --step-seconds")
    args.rates = (
        args.writer_rate,
        args.judge_rate,
        args.organizer_rate,
        args.public_rate,
    )
    args.limits = Limits(args.p95_ms, args.min_served, args.warmup)
    args.proxy = pick_proxy(args.proxy)
    return args


def main() -> None:
    """Run and print the JSON."""
    run_and_print(parse, run)


if __name__ == "__main__":
    main()
