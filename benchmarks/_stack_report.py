"""The stack benchmark's JSON: per-type figures, merged score saves, the summary.

``summary`` puts the main phase's figures (client side and the app's own request
log), the sequential probe (what one request costs alone), the CPU used, the
integrity check, the targets and the drills side by side with the conditions;
``proxy_delta`` turns two readings of the proxy's counters into one phase's.
"""

from __future__ import annotations

import dataclasses
import os

from _stack_check import by_kind, count_5xx, latency, server_times
from _stack_nginx import cache_hit_share

TARGETS = {"judge_save_p95_ms": 150, "public_p95_ms": 50, "lost": 0, "5xx": 0}
PROXIES = {
    "nginx": "nginx (deploy/nginx.conf.template, micro-cache of public pages)",
    "python": "the stdlib round-robin proxy (benchmarks/_stack_proxy.py, no cache)",
}
WARNINGS = (
    "Rate limit storage unreachable",
    "could not be queued",
    "after-commit callback failed",
    "readiness: redis unreachable",
    "database unavailable",
    "database connection lost while closing the session",
)


def workers_kind(threads: int) -> str:
    """How each gunicorn worker serves: one request at a time, or T threads."""
    return f"gthread, {threads} threads each" if (threads or 1) > 1 else "sync"


def writer_kinds(phase) -> dict:
    """Per writer step (and the whole submission): latency, statuses, errors."""
    steps: dict[str, dict] = {}
    for result in phase.writers:
        for step, values in result.step_seconds.items():
            steps.setdefault(step, {"seconds": [], "statuses": {}, "errors": 0})
            steps[step]["seconds"] += values
        for (step, status), n in result.statuses.items():
            entry = steps.setdefault(step, {"seconds": [], "statuses": {}, "errors": 0})
            entry["statuses"][status] = entry["statuses"].get(status, 0) + n
        for (step, _status), n in result.errors.items():
            steps.setdefault(step, {"seconds": [], "statuses": {}, "errors": 0})
            steps[step]["errors"] += n
    span = max(1e-9, phase.end - phase.start)
    out = {}
    for step, data in sorted(steps.items()):
        total = sum(data["statuses"].values())
        out[f"writer_{step}"] = {
            "requests": total,
            "per_s": round(total / span, 2),
            **latency(data["seconds"]),
            "errors": data["errors"],
            "statuses": data["statuses"],
        }
    whole = [s for r in phase.writers for s in r.submission_seconds]
    out["writer_submission"] = {
        "submissions": len(whole),
        "per_s": round(len(whole) / span, 2),
        **latency(whole),
    }
    return out


# The requests the asked rates count: a submission's five steps, the judges' opens
# and saves (their occasional score-form GET comes on top), the organizers' pages.
WRITER_STEPS = ("form", "save", "review", "submit", "receipt")  # one submission
ASKED_KINDS = (
    *(f"writer_{step}" for step in WRITER_STEPS),
    "judge_open",
    "judge_save",
    "organizer_home",
    "organizer_entries",
    "organizer_participation",
)


def capacity(requests: dict, mix, cpu: dict, span: float, scale: float = 1.0) -> dict:
    """The share of the asked app requests the stack served, the cores it used for
    them (the machine's busy time less the load generator's), and a linear estimate
    of the cores the asked rates, and the unscaled mix (``--scale`` 1), need at the
    CPU this run spent per request."""
    asked = mix.writer_rate * len(WRITER_STEPS) + mix.judge_rate + mix.organizer_rate
    served = sum(requests.get(k, {}).get("requests", 0) for k in ASKED_KINDS) / span
    share = served / asked if asked else 1.0
    cores = max(0.0, cpu["machine_busy_s"] - cpu["load_generator_s"]) / span
    return {
        "asked_app_requests_per_s": round(asked, 1),
        "served_app_requests_per_s": round(served, 1),
        "served_share": round(share, 3),
        "stack_cores_used": round(cores, 2),
        "cores_for_the_asked_rates": round(cores / share, 1) if share else None,
        "cores_for_the_unscaled_mix": (
            round(cores / share / scale, 1) if share and scale else None
        ),
    }


def merge_saves(phases) -> tuple[dict, set]:
    """Last acknowledged save per (judge, code) over the phases in order, and unknowns."""
    acked, unknown = {}, set()
    for phase in phases:
        for log in phase.logs.get("judge", []):
            for code in log.unknown:
                key = (log.account, code)
                if key in acked:
                    acked[key].unknown_after = True
                else:
                    unknown.add(key)
            for code, ack in log.saves.items():
                acked[(log.account, code)] = ack
                unknown.discard((log.account, code))
    return acked, unknown


def proxy_delta(before: dict, after: dict, kind: str) -> dict:
    """The proxy's counters over one phase; for nginx, the public cache hit share."""
    delta = {
        k: v - before.get(k, 0)
        for k, v in after.items()
        if isinstance(v, int | float) and v != before.get(k, 0)
    }
    if kind == "nginx":
        delta["public_cache_hit_share"] = cache_hit_share(delta)
    return delta


def warnings_in(texts: list[str]) -> dict:
    """How often each degradation message appears."""
    return {
        w: sum(t.count(w) for t in texts)
        for w in WARNINGS
        if any(w in t for t in texts)
    }


def log_text(server, start: int = 0) -> str:
    """An instance's log from a byte offset."""
    path = server.instance.log_path
    return path.read_bytes()[start:].decode(errors="replace") if path.exists() else ""


def summary(args, facts: dict) -> dict:
    """The JSON object, from what `stack_load.run` gathered in `facts`."""
    main, mix, setup = facts["main"], facts["mix"], facts["setup"]
    requests = {**writer_kinds(main), **by_kind(main.records(), main.start, main.end)}
    scanned = facts["scanned"]
    statuses_5xx = sum(count_5xx(k.get("statuses", {})) for k in requests.values())
    errors = {k: v["errors"] for k, v in requests.items() if v.get("errors")}
    span = max(1e-9, main.end - main.start)
    total = sum(v.get("requests", 0) for v in requests.values())
    save = requests.get("judge_save", {}).get("p95_ms")
    public = requests.get("public", {}).get("p95_ms")
    submissions, scores = facts["submissions"], facts["scores"]
    lost = submissions["lost"] + scores["lost"]
    probe = facts["probe"]
    return {
        "benchmark": "stack_load",
        "public_path": facts["public_path"],
        "conditions": {
            "seconds": round(span, 1),
            "users": args.users,
            "scale": args.scale,
            "mix": dataclasses.asdict(mix),
            "stack": f"{args.app_servers} × gunicorn -w {args.workers} "
            f"({workers_kind(args.threads)}) behind "
            f"{PROXIES[args.proxy]}; "
            "private PostgreSQL 15 and Redis; 1 RQ jobs worker; all on one machine",
            "cpus": os.cpu_count(),
            "loadavg_before_after": [round(x, 2) for x in facts["loads"]],
            "cpu_s": facts["cpu"],
            "seeded_entries": setup["seeded_entries"],
            "assignments": sum(len(c) for c in setup["judge_codes"].values()),
            "schema": facts["schema"]["schema"],
            "note": "load generator, proxy, the app servers, the database and the "
            "jobs worker share the machine's 2 cores with colleagues' test runs and "
            "benchmarks (see loadavg and machine_busy_cpu_s)",
        },
        "throughput": {
            "requests_per_s": round(total / span, 1),
            "submissions_per_s": requests["writer_submission"]["per_s"],
            "judge_saves_per_s": requests.get("judge_save", {}).get("per_s"),
            # Actions that started after their slot (the previous one ran long):
            # the offered rates were not reached because the stack was saturated.
            "late_actions": sum(r.late_starts for r in main.writers)
            + sum(log.late for logs in main.logs.values() for log in logs),
        },
        "capacity": capacity(requests, mix, facts["cpu"], span, args.scale),
        "requests": requests,
        "server_side_ms": server_times(facts["main_log"], facts["public_path"]),
        "sequential_probe_ms": {
            k: {x: v.get(x) for x in ("n", "p50_ms", "p95_ms")}
            for k, v in by_kind(probe.records(), probe.start, probe.end + 1).items()
        },
        "errors": {"5xx": statuses_5xx, "by_type": errors},
        "server_log": {
            "unhandled_errors": sum(s["unhandled_errors"] for s in scanned),
            "worker_timeouts": sum(s["worker_timeouts"] for s in scanned),
            "exceptions": [e for s in scanned for e in s["exceptions"]][:10],
            "failing_requests": [f for s in scanned for f in s["failing_requests"]][
                :10
            ],
        },
        "proxy": facts["proxy"],
        "integrity": {"lost": lost, "submissions": submissions, "scores": scores},
        "targets": {
            "lost_0": lost == 0,
            "no_5xx": statuses_5xx == 0,
            "judge_save_p95_le_150ms": save is not None and save <= 150,
            "public_p95_le_50ms": public is not None and public <= 50,
        },
        "drills": facts["drills"],
        "background_jobs_at_end": facts["background_jobs"],
    }
