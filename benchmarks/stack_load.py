"""The scale-out set-up under load and faults: N × gunicorn behind a proxy, PostgreSQL, Redis.

Set-up (all on loopback, all ours, all stopped at the end, also on error or Ctrl-C):
a throw-away PostgreSQL 15 cluster (initdb in a temporary folder, free port) and a
redis-server of our own (free port), the app's schema (`flask db upgrade`, see
``_surge_server``), data made with the app's services (``_stack_seed``: an edition
open for submissions, an open judging round with judges and committed assignments
over pre-seeded entries, organizers), ``--app-servers N`` (default 2) `gunicorn -w W`
instances (``--workers W``, default 4) with the same environment (SECRET_KEY, DATABASE_URL, shared UPLOAD_DIR, REDIS_URL and
RATELIMIT_STORAGE_URI on our Redis), one `flask jobs worker` (RQ), and in front
(``--proxy``): nginx with the production config ``deploy/nginx.conf.template``
(``_stack_nginx``: our own nginx process; micro-cache of the anonymous public pages;
`apt-get install -y nginx-light` brings it) when ``nginx`` is on the PATH (``auto``,
the default; its ``upstream`` lists the N servers), else the stdlib round-robin proxy ``_stack_proxy`` (nginx's
``proxy_next_upstream error timeout`` rules, no cache). Either way a refused
connection goes to the other backend and a POST that reached a backend is never
replayed. The JSON's ``proxy`` says which ran and, for nginx, the share of public
requests answered from the cache.

Load (``--seconds``, default 180, ``--users`` 100): writers submitting whole entries
(``--writer-rate`` 10 submissions/s, 5 requests each), judges opening entries and
autosaving scores (``--judge-rate`` 50 requests/s, half each), organizers on
dashboards (``--organizer-rate`` 2/s), the public page (``--public-rate`` 50/s: the
published results ``/editions/<id>/results`` of a seeded closed 2025 edition when the
app answers it, else the landing page ``/``, or ``--public landing``; the JSON says
which in ``public_path``). Before the load, a sequential probe (one request at a time)
shows what each request costs without concurrency. ``--scale F`` multiplies every
rate (the same mix at a share of the asked load: what the machine carries within
the latency targets); ``--threads T`` runs T requests at once per worker (1: sync
workers; default: gunicorn.conf.py's, gthread with 4; no gain when the machine is
CPU-bound, a shorter wait for a free worker when requests wait on I/O). ``--quick``: 20 s,
20 users, rates × 0.2, 20 s drills.

Drills (``--drills all|none|kill|postgres|redis``, comma-separated allowed; default
all): run *after* the main load, so the main figures are those of a healthy stack,
each as its own phase of ``--drill-seconds`` (default 40) under the same mix, in the
order kill → postgres → redis (see ``_stack_drills``); the kill drill needs two app
servers at least (with one, ``all`` skips it with a note in ``drills.kill``, and
``--drills kill`` is refused). The integrity check at the end
covers every phase: each acknowledged submission present exactly once with its file
(``_surge_check.check_integrity``), each acknowledged score save present exactly once
per (judge, entry) with the values last acknowledged (``_stack_check``).

Prints one JSON object on stdout; progress goes to stderr. Targets: 0 lost, 0 5xx
(main phase), judge score save p95 ≤ 150 ms, public page p95 ≤ 50 ms.
Run: ``.venv/bin/python benchmarks/stack_load.py [--quick] [--scale F] [--drills none]
[--keep] [--proxy nginx|python|auto] [--threads T] [--app-servers N] [--workers W]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the app
sys.path.insert(0, str(Path(__file__).resolve().parent))  # our modules

from _stack_check import compare_scores, stored_scores
from _stack_drills import kill_fault, outcome, postgres_fault, probe_site, redis_fault
from _stack_infra import (
    PgCluster,
    Proxy,
    RedisServer,
    cpu_now,
    pick_proxy,
    run_and_print,
    snapshot_code,
    stop_stack,
    use_threads,
)
from _stack_nginx import NginxProxy
from _stack_phase import Mix, run_phase, sequential_probe
from _stack_report import log_text, merge_saves, proxy_delta, summary, warnings_in
from _stack_seed import seed, seed_results
from _surge_check import background_jobs, check_integrity
from _surge_procs import Gunicorn, JobsWorker, app_servers
from _surge_report import scan_log
from _surge_server import build_schema, make_instance, setup_app

DRILLS = ("kill", "postgres", "redis")


def say(message: str) -> None:
    """Progress on stderr."""
    print(
        f"[stack_load {time.strftime('%H:%M:%S')}] {message}",
        file=sys.stderr,
        flush=True,
    )


def public_path_for(port: int, results_edition: int | None) -> str:
    """The published results page when it answers, else the landing page `/`."""
    from _stack_users import Client

    if results_edition is None:
        return "/"
    path = f"/editions/{results_edition}/results"
    try:
        if Client("127.0.0.1", port, timeout=10).get(path).status == 200:
            return path
    except OSError:
        pass
    return "/"


def run(args: argparse.Namespace) -> dict:
    """Set up, load, drill, check; always tear down."""
    root = Path(tempfile.mkdtemp(prefix="stack-load-"))
    cluster, redis = PgCluster(), RedisServer()
    servers: list[Gunicorn] = []
    worker = proxy = None
    keep = args.keep
    try:
        snapshot_code(root / "code")
        say(f"PostgreSQL cluster on port {cluster.port}, Redis on {redis.port}")
        cluster.init()
        redis.start()
        instance = make_instance("postgres", root, cluster.url, redis.url)
        instance.env |= {
            "RATELIMIT_STORAGE_URI": redis.url,
            "LOGIN_RATE_LIMIT_PER_ACCOUNT": "1000 per minute",
            "TRUSTED_PROXIES": "1",  # the visitor's address from the proxy's header
        }
        args.threads = use_threads(instance.env, args.threads)
        app = setup_app(instance)
        schema = build_schema(instance, app)
        mix = Mix.split(args.users, args.rates)
        say(f"seeding: {mix}")
        setup = seed(app, mix.writers, mix.judges, 2, args.entries, args.readers)
        results_edition = None
        if args.public != "landing":
            try:
                results_edition = seed_results(app)
            except Exception as error:  # no results page (yet): the landing page
                say(f"no published results edition: {type(error).__name__}: {error}")
        servers = app_servers(instance, args.app_servers, args.workers, args.threads)
        for server in servers:
            server.start()
        worker = JobsWorker(instance)
        worker.start()
        chosen = NginxProxy if args.proxy == "nginx" else Proxy
        proxy = chosen([s.port for s in servers], root)
        say(f"proxy: {proxy.kind} on port {proxy.port}")
        proxy.start()
        public_path = public_path_for(proxy.port, results_edition)
        run_id = uuid.uuid4().hex[:6]
        say("sequential probe (one request at a time)")
        probe = sequential_probe(proxy.port, setup, public_path, args.probe_rounds)
        say(f"main load: {args.seconds} s, {args.users} users, public {public_path}")
        before = cpu_now(servers, worker, proxy, cluster)
        proxy_before = proxy.stats()
        main = run_phase(
            "main", proxy.port, setup, mix, args.seconds, run_id, public_path
        )
        cpu = {
            k: round(v - before[k], 1)
            for k, v in cpu_now(servers, worker, proxy, cluster).items()
        }
        cpu["machine_capacity_s"] = round(
            (main.end - main.start) * (os.cpu_count() or 1), 1
        )
        offsets = [s.instance.log_path.stat().st_size for s in servers]
        facts = {
            "main": main,
            "mix": mix,
            "setup": setup,
            "schema": schema,
            "public_path": public_path,
            "probe": probe,
            "cpu": cpu,
            "loads": os.getloadavg(),
            "main_log": [log_text(s)[: offsets[i]] for i, s in enumerate(servers)],
            "scanned": [
                scan_log(s.instance.log_path, 0, offsets[i])
                for i, s in enumerate(servers)
            ],
            "proxy": {
                "kind": proxy.kind,
                **proxy_delta(proxy_before, proxy.stats(), proxy.kind),
            },
            "drills": dict(args.skipped_drills),
        }
        phases = [probe, main]
        stack = (servers, cluster, redis, proxy)
        for drill in args.drills:
            say(f"drill {drill}: {args.drill_seconds} s under load")
            facts["drills"][drill] = drill_phase(
                drill, args, setup, mix, run_id, public_path, stack, phases
            )
        say("integrity check")
        acks = [a for phase in phases for r in phase.writers for a in r.acks]
        submissions = check_integrity(app, acks, set(setup["emails"]))
        submissions["submitted_but_not_acknowledged"] -= setup["seeded_entries"]
        acked, unknown = merge_saves(phases)
        facts["submissions"] = submissions
        facts["scores"] = compare_scores(acked, unknown, stored_scores(app))
        facts["background_jobs"] = background_jobs(app)
        report = summary(args, facts)
        drilled = report["drills"].values()
        keep = keep or bool(
            report["errors"]["5xx"]
            or report["integrity"]["lost"]
            or any(d.get("bare_500s_in_log") or d.get("non_503_5xx") for d in drilled)
        )
        if keep:
            report["kept_folder"] = str(root)
        return report
    finally:
        say("stopping everything")
        stop_stack(proxy, worker, servers, redis, cluster, root, keep)


def drill_phase(drill, args, setup, mix, run_id, public_path, stack, phases) -> dict:
    """Run one drill's phase, its checks afterwards, and put the stack back."""
    servers, cluster, redis, proxy = stack
    seconds = args.drill_seconds
    offsets = [s.instance.log_path.stat().st_size for s in servers]
    before = proxy.stats()
    if drill == "kill":
        fault = kill_fault(servers[1], seconds / 3)
    elif drill == "postgres":
        fault = postgres_fault(cluster, 5.0, 5.0, proxy.port)
    else:
        fault = redis_fault(redis, 5.0, proxy.port, setup["organizers"][0])
    phase = run_phase(
        drill, proxy.port, setup, mix, seconds, run_id, public_path, fault
    )
    phases.append(phase)
    window = phase.fault.pop("window", None)
    if drill == "kill":
        window = None
    result = {"fault": phase.fault, **outcome(phase, window)}
    result["proxy"] = proxy_delta(before, proxy.stats(), proxy.kind)
    result["site_after"] = probe_site(proxy.port, setup["organizers"][0])
    result["backends_readyz_after"] = {
        str(s.port): probe_site(s.port, setup["organizers"][0]).get("readyz")
        for s in servers
        if s.process.poll() is None
    }
    texts = [log_text(s, offsets[i]) for i, s in enumerate(servers)]
    result["warnings_logged"] = warnings_in(texts)
    result["unhandled_errors_in_log"] = sum(
        t.count("unhandled error on") for t in texts
    )
    result["bare_500s_in_log"] = sum(t.count("Error handling request") for t in texts)
    if drill == "kill":
        dead = servers[1]
        dead.instance.log_path.rename(dead.instance.root / "gunicorn-killed.log")
        try:
            dead.start()  # the next drills run with both instances again
            result["restarted_instance"] = True
        except RuntimeError as error:
            result["restarted_instance"] = f"failed: {error}"
    return result


def parse(argv=None) -> argparse.Namespace:
    """The flags (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--writer-rate", type=float, default=10, help="submissions/s")
    parser.add_argument("--judge-rate", type=float, default=50, help="requests/s")
    parser.add_argument("--organizer-rate", type=float, default=2)
    parser.add_argument("--public-rate", type=float, default=50)
    parser.add_argument("--drills", default="all", help="all|none|kill,postgres,redis")
    parser.add_argument("--drill-seconds", type=float, default=40)
    parser.add_argument(
        "--public",
        choices=["results", "landing"],
        default="results",
        help="public page: the published results (if the app has them) or /",
    )
    parser.add_argument(
        "--proxy",
        choices=["auto", "nginx", "python"],
        default="auto",
        help="in front: nginx (deploy/nginx.conf.template), the stdlib proxy, or "
        "nginx when installed",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="requests at once per gunicorn worker (1: sync; default: gunicorn.conf.py's)",
    )
    parser.add_argument("--app-servers", type=int, default=2, help="gunicorn instances")
    parser.add_argument("--workers", type=int, default=4, help="workers per instance")
    parser.add_argument("--probe-rounds", type=int, default=10)
    parser.add_argument("--entries", type=int, default=240, help="pre-seeded entries")
    parser.add_argument("--readers", type=int, default=3, help="judges per entry")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply every rate (the same mix at a share of the asked load)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="20 s, 20 users, rates × 0.2"
    )
    parser.add_argument("--keep", action="store_true", help="keep the run's folder")
    parser.add_argument("--pretty", action="store_true", help="indent the JSON")
    args = parser.parse_args(argv)
    rates = (args.writer_rate, args.judge_rate, args.organizer_rate, args.public_rate)
    rates = tuple(r * args.scale for r in rates)
    if args.quick:
        args.seconds, args.users, args.drill_seconds = 20, 20, 20
        args.entries = min(args.entries, 60)
        rates = tuple(r * 0.2 for r in rates)
    args.rates = rates
    args.proxy = pick_proxy(args.proxy)
    if args.proxy == "nginx" and not shutil.which("nginx"):
        parser.error("--proxy nginx: no nginx on PATH (apt-get install -y nginx-light)")
    chosen = (
        DRILLS
        if args.drills == "all"
        else ()
        if args.drills == "none"
        else tuple(d.strip() for d in args.drills.split(","))
    )
    unknown = [d for d in chosen if d not in DRILLS]
    if unknown:
        parser.error(f"unknown drill(s): {', '.join(unknown)}")
    if args.app_servers < 1 or args.workers < 1:
        parser.error("--app-servers and --workers must be 1 or more")
    args.skipped_drills = {}
    if "kill" in chosen and args.app_servers < 2:
        if args.drills != "all":
            parser.error("the kill drill needs --app-servers 2 or more")
        chosen = tuple(d for d in chosen if d != "kill")
        args.skipped_drills["kill"] = {"skipped": "needs 2 app servers or more"}
    args.drills = [d for d in DRILLS if d in chosen]  # always kill → postgres → redis
    return args


def main() -> None:
    """Run and print the JSON."""
    run_and_print(parse, run)


if __name__ == "__main__":
    main()
