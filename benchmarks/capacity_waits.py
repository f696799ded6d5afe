"""Where the app servers wait under the #8 mix: wall-clock samples, PostgreSQL waits, queueing.

One stack of ``app_server_capacity.py`` (``_locust_stack``: private PostgreSQL and
Redis, ``--servers`` × gunicorn, one jobs worker, nginx) carries the #8 mix at one
``--scale`` for ``--seconds``, while three observers run:

- every gunicorn worker samples its own threads' Python stacks every 5 ms, waiting
  ones included (``_wall_sampler``, started by ``gunicorn.conf.py`` when
  ``WALL_SAMPLE_DIR`` is set): the share of worker wall time idle (waiting for a
  connection), and, inside requests, where the time goes (``--top`` innermost frames
  in the app's code and the library call under it: a PostgreSQL round trip, Redis,
  the document reader, Python work);
- PostgreSQL's ``pg_stat_activity`` every 50 ms: the app's connections by state and
  wait event (``Lock``/``transactionid``: a row lock; ``IO``/``WALSync``: a commit
  waiting for the disk; ``Client``/``ClientRead``: idle in a transaction, the app
  doing something else), with the statements that waited on a lock;
- gunicorn's access log (``%(D)s``, the time inside the worker) against nginx's
  ``$upstream_response_time`` for the same request id: the time a request waited in
  the listen queue for a free worker.

Prints one JSON object (``--pretty`` to indent): the step's figures (as
``app_server_capacity``), then ``workers`` (busy share, wait categories, top frames),
``postgres`` (samples per state/wait event, the lock waits) and ``queueing`` (per
endpoint: p50/p95 of the app time, of nginx's upstream time and of the difference).
Run: ``PYTHONPATH=. .venv/bin/python benchmarks/capacity_waits.py --scale 0.2
--seconds 40 --pretty`` (``--configs 4x1,4x4 --rounds 2``: gunicorn settings
compared, interleaved, on the same stack).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shlex
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _surge_procs
from _capacity_step import Limits, step_report
from _locust_run import run_locust, setup_file, user_counts
from _locust_stack import LocustStack
from _stack_infra import pick_proxy, run_and_print, use_threads
from _stack_phase import Mix
from _wall_sampler import read as read_samples

RATES = (10.0, 50.0, 2.0, 50.0)  # writers, judges, organizers, public at scale 1
ACCESS_FORMAT = '%({x-request-id}i)s %(m)s "%(U)s" %(s)s %(D)s'


def say(message: str) -> None:
    print(f"[capacity_waits {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr)


# -- worker samples ---------------------------------------------------------------

IDLE = ("gunicorn/workers/sync.py:wait",)  # gthread: its pool's threads (below)
IN_REQUEST = ("handle_request", "gunicorn/workers/gthread.py:handle")
CATEGORIES = (  # (name, a frame's text that puts a sample in it), first match wins
    ("postgres round trip", "psycopg/"),
    ("redis round trip", "redis/"),
    ("document reader (zygote/sandbox)", "contest/documents/sandbox.py"),
    ("document reader (zygote/sandbox)", "contest/documents/zygote_client.py"),
    ("reading the request body", "werkzeug/formparser.py"),
    ("reading the request body", "gunicorn/http/body.py"),
    ("sending the response", "gunicorn/http/wsgi.py:write"),
    ("sending the response", "gunicorn/http/wsgi.py:sendfile"),
    ("templates", "jinja2/"),
    ("templates", ".html:"),
    ("ORM", "sqlalchemy/"),
)


def _category(stack: str) -> str:
    for name, mark in CATEGORIES:
        if mark in stack:
            return name
    return "other Python"


def _own_frame(frames: list[str]) -> str:
    """The innermost frame in the app's own code, and the library frame under it."""
    for i in range(len(frames) - 1, -1, -1):
        if frames[i].startswith(("contest/", "judging/", "wsgi.py")):
            below = frames[i + 1].rsplit(":", 1)[0] if i + 1 < len(frames) else ""
            leaf = frames[-1].rsplit(":", 1)[0]
            return f"{frames[i]} -> {below} ... {leaf}"
    return frames[-1]


def worker_report(before: Counter, after: Counter, top: int) -> dict:
    """Busy share, where the in-request time goes (of the main/request threads)."""
    delta = after - before
    idle = busy = other = 0
    categories: Counter[str] = Counter()
    frames: Counter[str] = Counter()
    for stack, n in delta.items():
        rest = stack.partition(";")[2]
        pooled = "futures/thread.py" in rest or "stdlib/thread.py:_worker" in rest
        if any(mark in rest for mark in IN_REQUEST):
            busy += n
            categories[_category(rest)] += n
            frames[_own_frame(rest.split(";"))] += n
        elif pooled or any(mark in rest for mark in IDLE):
            idle += n  # a request thread (gthread) or the worker (sync) waiting
        else:
            other += n  # the worker's other threads (heartbeat, readers' pipes…)
    total = max(1, idle + busy)
    return {
        "samples_in_request": busy,
        "samples_idle": idle,
        "busy_share": round(busy / total, 3),
        "in_request": {
            k: round(v / max(1, busy), 3) for k, v in categories.most_common()
        },
        "top_frames": [
            {"share": round(n / max(1, busy), 3), "frame": f}
            for f, n in frames.most_common(top)
        ],
        "other_thread_samples": other,
    }


# -- PostgreSQL ---------------------------------------------------------------------


class PgWatcher(threading.Thread):
    """pg_stat_activity every `interval` s: the app's backends by state/wait event."""

    QUERY = """
        SELECT state, coalesce(wait_event_type, ''), coalesce(wait_event, ''),
               left(regexp_replace(query, '\\s+', ' ', 'g'), 90)
        FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
          AND datname = current_database()
    """

    def __init__(self, url: str, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.url, self.interval = url, interval
        self.states: Counter[str] = Counter()
        self.lock_waits: Counter[str] = Counter()
        self.samples = 0
        self.stop_event = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop_event.wait(self.interval):
                self.samples += 1
                for state, kind, event, query in conn.execute(self.QUERY):
                    if state == "idle":
                        continue
                    self.states[f"{state}|{kind}:{event}"] += 1
                    if kind == "Lock":
                        self.lock_waits[f"{event}: {query}"] += 1

    def report(self) -> dict:
        return {
            "samples": self.samples,
            "interval_s": self.interval,
            "non_idle_backends_per_sample": {
                k: round(v / max(1, self.samples), 3)
                for k, v in self.states.most_common()
            },
            "lock_waits": dict(self.lock_waits.most_common(10)),
        }


# -- queueing (nginx vs gunicorn) ---------------------------------------------------

KIND_OF = (
    ("judge_save", re.compile(r"POST /judge/entries/[^/]+/score$")),
    ("judge_score_form", re.compile(r"GET /judge/entries/[^/]+/score$")),
    ("judge_open", re.compile(r"GET /judge/entries/[^/]+$")),
    ("writer_save", re.compile(r"POST /writer/entries/new$")),
    ("writer_form", re.compile(r"GET /writer/entries/new$")),
    ("writer_submit", re.compile(r"POST /writer/entries/\d+/review$")),
    ("writer_review", re.compile(r"GET /writer/entries/\d+/review$")),
    ("writer_receipt", re.compile(r"GET /writer/entries/\d+/receipt$")),
    ("organizer", re.compile(r"GET /organizer/")),
    ("public", re.compile(r"GET /(editions/\d+/results)?$")),
    ("login", re.compile(r" /auth/login$")),
)
NGINX_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+)[^"]*" (?P<status>\d{3}) \S+ rid=(?P<rid>\S+) '
    r'.*?rt=(?P<rt>[\d.]+) urt="(?P<urt>[^"]*)"'
)
GUNICORN_LINE = re.compile(
    r'^(?P<rid>\S+) (?P<method>\S+) "(?P<path>[^"]*)" \d+ (?P<us>\d+)'
)


def _kind(method: str, path: str) -> str:
    key = f"{method} {path.split('?', 1)[0]}"
    for kind, pattern in KIND_OF:
        if pattern.search(key):
            return kind
    return "other"


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 1)


def queueing(nginx_log: Path, gunicorn_logs: list[Path], since_line: int) -> dict:
    """Per endpoint: app time (gunicorn), upstream time (nginx), the difference."""
    app_ms = {}
    for path in gunicorn_logs:
        for line in path.read_text(errors="replace").splitlines():
            m = GUNICORN_LINE.match(line)
            if m and m["rid"] != "-":
                app_ms[m["rid"]] = int(m["us"]) / 1000
    rows: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    lines = nginx_log.read_text(errors="replace").splitlines()[since_line:]
    for line in lines:
        m = NGINX_LINE.search(line)
        if not m or m["urt"] in ("", "-") or "," in m["urt"]:
            continue
        upstream = float(m["urt"]) * 1000
        kind = _kind(m["method"], m["path"])
        row = rows[kind]
        row["upstream"].append(upstream)
        if m["rid"] in app_ms:
            row["app"].append(app_ms[m["rid"]])
            row["queue"].append(max(0.0, upstream - app_ms[m["rid"]]))
    out = {}
    for kind, row in sorted(rows.items()):
        out[kind] = {
            "n": len(row["upstream"]),
            **{
                f"{part}_p{int(q * 100)}_ms": _pct(row[part], q)
                for part in ("app", "upstream", "queue")
                for q in (0.5, 0.95)
            },
            "queue_mean_ms": round(statistics.fmean(row["queue"]), 1)
            if row["queue"]
            else 0.0,
        }
    return out


def run(args: argparse.Namespace) -> dict:
    first = args.configs[0]
    stack = LocustStack(args.servers, first[0], args.proxy, say, threads=first[1])
    samples_dir = stack.root / "wall"
    os.environ["WALL_SAMPLE_DIR"] = str(samples_dir)
    os.environ["GUNICORN_CMD_ARGS"] = shlex.join(
        [
            "--access-logfile",
            str(stack.root / "gunicorn-access.log"),
            "--access-logformat",
            ACCESS_FORMAT,
        ]
    )
    users = max(4, round(args.users * args.scale))
    mix = Mix.split(users, tuple(r * args.scale for r in RATES))
    try:
        stack.start(mix.writers, mix.judges, args.entries, results=True)
        current = first
        setup_path = stack.root / "setup.json"
        setup_file(setup_path, stack.setup, mix, stack.public_path)
        steps = []
        for index, config in enumerate(args.configs * args.rounds):
            if config != current:
                restart(stack, *config)
                current = config
            steps.append(one_step(args, stack, mix, setup_path, samples_dir, index))
        return {
            "benchmark": "capacity_waits",
            "stack": stack.description,
            "scale": args.scale,
            "steps": steps,
            "summary": [
                {
                    "config": s["config"],
                    "judge_save_p95_ms": s["step"]["judge_save_p95_ms"],
                    "requests_per_s": s["step"]["requests_per_s"],
                    "stack_cores_used": s["step"]["stack_cores_used"],
                    "machine_cores_busy": s["step"]["machine_cores_busy"],
                    "busy_share": s["workers"]["busy_share"],
                    "judge_save_queue_mean_ms": s["queueing"]
                    .get("judge_save", {})
                    .get("queue_mean_ms"),
                    "judge_save_app_p50_ms": s["queueing"]
                    .get("judge_save", {})
                    .get("app_p50_ms"),
                }
                for s in steps
            ],
        }
    finally:
        stack.stop(args.keep)


def restart(stack: LocustStack, workers: int, threads: int) -> None:
    """Replace the app servers by `workers` × `threads` ones on the same ports."""
    for i, server in enumerate(stack.servers):
        server.stop()
        env = dict(server.instance.env)
        env["GUNICORN_CMD_ARGS"] = env["GUNICORN_CMD_ARGS"].split(" --threads")[0]
        use_threads(env, threads)
        instance = dataclasses.replace(server.instance, env=env)
        fresh = _surge_procs.Gunicorn(instance, workers, threads)
        fresh.port = server.port
        stack.servers[i] = fresh  # stopped with the stack even if it fails to start
        fresh.start(wait=240)
    stack.workers, stack.threads = workers, threads
    say(f"app servers now -w {workers} --threads {threads}")


def one_step(args, stack, mix, setup_path, samples_dir, index) -> dict:
    """One Locust run with the observers; its report."""
    workers, threads = stack.servers[0].workers, stack.threads
    nginx_log = stack.proxy.folder / "contest.access.log"
    watcher = PgWatcher(stack.cluster.url)
    say(f"step {index + 1}: -w {workers} --threads {threads}, scale {args.scale}")
    before_cpu = stack.cpu()
    began = time.monotonic()
    before: Counter = Counter()
    skip = 0

    def after_warmup() -> None:
        nonlocal before, skip
        time.sleep(args.warmup)
        before = read_samples(samples_dir)
        skip = len(nginx_log.read_text(errors="replace").splitlines())
        watcher.start()

    timer = threading.Thread(target=after_warmup, daemon=True)
    timer.start()
    phase = run_locust(
        stack.root / f"step-{index + 1}",
        setup_path,
        stack.proxy.port,
        user_counts(mix),
        args.seconds,
    )
    watcher.stop_event.set()
    time.sleep(3.5)  # the samplers' next dump
    after = read_samples(samples_dir)
    cpu = {k: v - before_cpu[k] for k, v in stack.cpu().items()}
    cpu["locust_s"] = phase.locust_cpu_s
    cpu["wall_s"] = time.monotonic() - began
    step = step_report(phase, mix, args.scale, cpu, Limits(150, 0.9, args.warmup))
    logs = sorted(stack.root.glob("gunicorn-access*.log"))
    report = {
        "config": f"{args.servers} x -w {workers} --threads {threads}",
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "step": step,
        "workers": worker_report(before, after, args.top),
        "postgres": watcher.report(),
        "queueing": queueing(nginx_log, logs, skip),
    }
    say(
        f"  judge_save p95 {step['judge_save_p95_ms']} ms, {step['requests_per_s']} "
        f"req/s, stack cores {step['stack_cores_used']}, machine "
        f"{step['machine_cores_busy']}, busy share {report['workers']['busy_share']}"
    )
    return report


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.2)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--warmup", type=float, default=8)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument(
        "--configs",
        default="4x1",
        help="app server settings to compare, WORKERSxTHREADS, comma separated "
        "(threads > 1: gthread workers), e.g. 4x1,4x4,8x1",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="of the configs, interleaved"
    )
    parser.add_argument("--users", type=int, default=100, help="at scale 1")
    parser.add_argument("--entries", type=int, default=240)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--proxy", choices=["auto", "nginx", "python"], default="auto")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--pretty", action="store_true")
    args = parser.parse_args(argv)
    try:
        args.configs = [
            tuple(int(x) for x in c.split("x")) for c in args.configs.split(",")
        ]
    except ValueError:
        parser.error("--configs: e.g. 4x1,4x4")
    args.proxy = pick_proxy(args.proxy)
    return args


def main() -> None:
    """Run and print the JSON."""
    run_and_print(parse, run)


if __name__ == "__main__":
    main()
