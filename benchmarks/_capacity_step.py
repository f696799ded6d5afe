"""One step of the app-server capacity ramp, judged: was its load sustained?

A step is one Locust run of the judging mix at one scale (``_locust_run``). Its
figures come from the requests the locustfile recorded that started after the
warm-up (every user logs in at once, then starts within one of its intervals: the
figures start ``warmup_s`` after the last of those logins) and before the end:
requests per second and p95 per endpoint and per user type, the share of the asked
app requests served (``_stack_report.capacity``), Locust's failures over the whole
step, and the CPU seconds each part of the stack used during the step. The step
is sustained when the judge's score save has a p95 within the limit, nothing
failed, and the stack served at least ``min_served`` of the asked requests.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from _stack_check import by_kind
from _stack_report import capacity

USER_TYPES = ("writer", "judge", "organizer", "public", "login")
CPU_PARTS = ("app_servers_s", "postgres_s", "jobs_worker_s", "proxy_s")


@dataclasses.dataclass(frozen=True)
class Limits:
    """What a sustained step must meet."""

    judge_save_p95_ms: float = 150.0
    min_served: float = 0.9
    warmup_s: float = 5.0


def user_type(kind: str) -> str:
    """The user type an endpoint belongs to (its name's first word)."""
    first = kind.split("_", 1)[0]
    return first if first in USER_TYPES else "other"


def measured_from(phase, warmup: float) -> float:
    """When a step's figures start: `warmup` seconds after the last of the logins
    that open the step (each user logs in, then waits up to one interval)."""
    half = phase.start + (phase.end - phase.start) / 2
    logins = [
        r.at + r.seconds
        for r in phase.records()
        if r.kind.startswith("login") and r.at < half
    ]
    return max([phase.start, *logins]) + warmup


def step_report(phase, mix, scale: float, cpu: dict, limits: Limits) -> dict:
    """The step's figures and verdict. `cpu`: CPU seconds used during the step
    (``LocustStack.cpu`` differences, ``locust_s`` and ``wall_s``: the seconds
    between the two readings), `phase`: its ``LocustPhase``."""
    start = min(measured_from(phase, limits.warmup_s), phase.end - 1.0)
    span = max(1e-9, phase.end - start)
    kinds = by_kind(phase.records(), start, phase.end)
    per_type: dict[str, float] = defaultdict(float)
    for kind, figures in kinds.items():
        per_type[user_type(kind)] += figures["requests"] / span
    failures = sum(e["failures"] for e in phase.stats["endpoints"].values())
    served = capacity(kinds, mix, {"machine_busy_s": 0, "load_generator_s": 0}, span)
    wall = max(1e-9, cpu["wall_s"])
    save_p95 = kinds.get("judge_save", {}).get("p95_ms")
    reasons = []
    if save_p95 is None or save_p95 > limits.judge_save_p95_ms:
        reasons.append(f"judge_save p95 {save_p95} ms > {limits.judge_save_p95_ms}")
    if failures:
        reasons.append(f"{failures} failures")
    if served["served_share"] < limits.min_served:
        reasons.append(f"served {served['served_share']} < {limits.min_served}")
    return {
        "scale": round(scale, 3),
        "asked": {
            "submissions_per_s": round(mix.writer_rate, 2),
            "judge_requests_per_s": round(mix.judge_rate, 2),
            "organizer_requests_per_s": round(mix.organizer_rate, 2),
            "public_requests_per_s": round(mix.public_rate, 2),
        },
        "measured_s": round(span, 1),
        "requests_per_s": round(sum(per_type.values()), 1),
        "requests_per_s_by_type": {k: round(v, 1) for k, v in sorted(per_type.items())},
        "requests_per_s_by_kind": {k: v["per_s"] for k, v in kinds.items()},
        "p95_ms_by_kind": {k: v.get("p95_ms") for k, v in kinds.items()},
        "judge_save_p95_ms": save_p95,
        "failures": failures,
        "failure_samples": phase.stats["failures"][:5],
        "served_share": served["served_share"],
        "served_app_requests_per_s": served["served_app_requests_per_s"],
        "cpu_s": {k: round(cpu.get(k, 0.0), 1) for k in (*CPU_PARTS, "locust_s")},
        "machine_busy_cpu_s": round(cpu["machine_busy_s"], 1),
        "cpu_wall_s": round(wall, 1),
        "stack_cores_used": round(sum(cpu.get(k, 0.0) for k in CPU_PARTS) / wall, 2),
        "machine_cores_busy": round(cpu["machine_busy_s"] / wall, 2),
        "sustained": not reasons,
        "not_sustained_because": reasons,
    }


def ramp_summary(steps: list[dict]) -> dict:
    """The highest sustained step of a ramp (None if even the first was not) and
    the most app requests per second served in any step (the saturated rate)."""
    sustained = [s for s in steps if s["sustained"]]
    best = sustained[-1] if sustained else None
    return {
        "sustained_scale": best["scale"] if best else None,
        "sustained_requests_per_s": best["requests_per_s"] if best else None,
        "sustained_requests_per_s_by_type": (
            best["requests_per_s_by_type"] if best else None
        ),
        "sustained_p95_ms_by_kind": best["p95_ms_by_kind"] if best else None,
        "peak_served_app_requests_per_s": max(
            (s["served_app_requests_per_s"] for s in steps), default=None
        ),
        "stopped_because": (
            steps[-1]["not_sustained_because"] or ["the last step (--max-steps)"]
            if steps
            else []
        ),
    }


def gain(base: dict, more: dict) -> dict:
    """How much more `more` (a ramp summary) carried than `base`, as ratios."""

    def ratio(key: str):
        a, b = base.get(key), more.get(key)
        return round(b / a, 2) if a and b is not None else None

    return {
        "sustained_scale_ratio": ratio("sustained_scale"),
        "sustained_requests_per_s_ratio": ratio("sustained_requests_per_s"),
        "peak_served_app_requests_per_s_ratio": ratio("peak_served_app_requests_per_s"),
    }
