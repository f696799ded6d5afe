"""What one backend's surge amounts to: the app's log read back, and the JSON summary.

The app writes one JSON line per request (status, server time); gunicorn and the app
write errors and tracebacks in between. The summary puts the writers' view (latency,
statuses), the log's view (server times, "database is locked", unhandled errors) and
the integrity check side by side, with the conditions of the run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

from _surge_check import latency_summary, percentile, window_rates
from _surge_writer import WriterResult

TARGET = {"submissions_per_s": 10, "duration_s": 300, "lost": 0, "5xx": 0, "p99_s": 2.0}


IDS = re.compile(r"/\d+")
REQUEST_LINE = re.compile(r'\{"event": "request"[^{}]*\}')
EXCEPTION_LINE = re.compile(
    r"^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Locked|Failure)[\w.]*)(: .*)?$"
)


def scan_log(path: Path, start: int = 0, end: int | None = None) -> dict:
    """Statuses and server times of the JSON request lines; errors, exceptions, timeouts.

    Not every failure has a JSON line: when the app's own 500 handler fails, gunicorn
    answers a bare 500 and logs "Error handling request" instead, so those are
    counted separately (and the benchmark counts 5xx from the client's side too).
    """
    statuses: Counter = Counter()
    server_ms: dict[str, list[float]] = defaultdict(list)
    exceptions: Counter = Counter()
    failing: list[str] = []
    data = path.read_bytes()[start:end] if path.exists() else b""
    text = data.decode(errors="replace")
    lines = text.splitlines()
    # Four workers share the log: a request line may be glued to another line.
    for found in REQUEST_LINE.finditer(text):
        try:
            record = json.loads(found.group(0))
        except ValueError:
            statuses["unreadable log line"] += 1
            continue
        statuses[str(record["status"])] += 1
        if record.get("duration_ms") is not None:
            server_ms[_route(record["method"], record["path"])].append(
                record["duration_ms"]
            )
        if record["status"] >= 500 and len(failing) < 10:
            failing.append(
                f"{record['method']} {record['path']} -> {record['status']} request_id={record['request_id']}"
            )
    for line in lines:
        if EXCEPTION_LINE.match(line):
            exceptions[line.strip()[:240]] += 1
        elif "[ERROR] Error handling request" in line and len(failing) < 10:
            failing.append("gunicorn: " + line.split("[ERROR] ", 1)[1])
    return {
        "statuses": dict(statuses),
        "server_ms": server_ms,
        "database_is_locked": _events_with(lines, "database is locked"),
        "unhandled_errors": _distinct_requests(lines, "unhandled error on"),
        "gunicorn_error_handling_request": text.count("[ERROR] Error handling request"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "exceptions": dict(exceptions.most_common(10)),
        "failing_requests": failing,
        "emails_logged": text.count("----- email -----"),
    }


REQUEST_ID = re.compile(r"request_id=(\w+)")
LOG_HEADER = re.compile(r"^\[[\d\- :,]+\] (?:ERROR|WARNING|CRITICAL) in \w+: (.*)$")


def _distinct_requests(lines: list[str], needle: str) -> int:
    """How many requests logged `needle` (the app logs its errors twice, see report)."""
    seen: set[str] = set()
    anonymous = 0
    for line in lines:
        if needle in line:
            match = REQUEST_ID.search(line)
            if match:
                seen.add(match.group(1))
            else:
                anonymous += 1
    return len(seen) + anonymous


def _events_with(lines: list[str], needle: str) -> dict:
    """Logged errors whose header or traceback mentions `needle`, once each.

    An event starts at a Flask-style header "[time] ERROR in module: message" (the
    same record printed again by the root handler is skipped); it belongs to a
    request when the header carries a request id, else to a background thread.
    """
    events: dict[str, bool] = {}  # header -> from a request
    header = None
    for line in lines:
        match = LOG_HEADER.match(line)
        if match:
            header = match.group(1)
        elif header is None or line.startswith("{"):
            continue
        if needle in line:
            events.setdefault(header, "request_id=" in header)
    requests = sum(events.values())
    return {
        "total": len(events),
        "requests": requests,
        "background": len(events) - requests,
        "examples": list(events)[:5],
    }


def _route(method: str, path: str) -> str:
    """A request's route with ids replaced, e.g. "POST /writer/entries/<id>/review"."""
    return f"{method} {IDS.sub('/<id>', path)}"


def summarize(
    results: list[WriterResult],
    figures: dict,
    log: dict,
    integrity: dict,
    schema: dict,
    args: argparse.Namespace,
    backend: str,
    word_limit: int,
) -> dict:
    """The JSON object of one backend (`word_limit`: the track's, for the notes)."""
    acks = sum(len(r.acks) for r in results)
    rate = acks / args.duration  # every acknowledged submission started in the window
    submissions = [s for r in results for s in r.submission_seconds]
    steps: dict[str, list[float]] = {}
    errors: Counter = Counter()
    for result in results:
        for step, values in result.step_seconds.items():
            steps.setdefault(step, []).extend(values)
        errors.update(result.errors)
    started = [t for r in results for t in r.started_at]
    words = sorted(a.words for r in results for a in r.acks) or [0]
    windows = window_rates(started, figures["start"], figures["start"] + args.duration)
    statuses: Counter = Counter()
    for result in results:
        statuses.update(result.statuses)
    # From the client's side: a 500 whose error page failed never reaches the JSON log.
    fivexx = sum(n for (_step, status), n in statuses.items() if status.startswith("5"))
    p99 = percentile(submissions, 0.99)
    server_ms = {
        route: {
            "n": len(v),
            "p50_ms": percentile(v, 0.5),
            "p95_ms": percentile(v, 0.95),
            "p99_ms": percentile(v, 0.99),
        }
        for route, v in sorted(log["server_ms"].items())
        if len(v) >= 10
    }
    met = (
        args.duration >= TARGET["duration_s"]
        and rate >= TARGET["submissions_per_s"] * 0.99
        and integrity["lost"] == 0
        and fivexx == 0
        and p99 is not None
        and p99 < TARGET["p99_s"]
    )
    return {
        "backend": backend,
        "mode": f"paced at {args.rate}/s offered"
        if args.rate
        else "unpaced (capacity)",
        "uploads": not args.no_upload,
        "duration_s": args.duration,
        "drain_s": round(figures["end"] - figures["start"] - args.duration, 1),
        "clients": args.clients,
        "workers": args.workers,
        "submissions": acks,
        "submissions_per_s": round(rate, 2),
        "submissions_per_s_by_30s_window": windows,
        "late_starts": sum(r.late_starts for r in results),
        "submission_latency": latency_summary(submissions),
        "submit_post_latency": latency_summary(steps.get("submit", [])),
        "request_latency_by_step": {
            step: latency_summary(v) for step, v in steps.items()
        },
        "server_ms_by_route": server_ms,
        "errors_by_status": {
            f"{step} {status}": n for (step, status), n in sorted(errors.items())
        },
        "http_statuses_in_log": log["statuses"],
        "5xx": fivexx,
        "unhandled_errors_in_log": log["unhandled_errors"],
        "bare_gunicorn_500s": log["gunicorn_error_handling_request"],
        "lost": integrity["lost"],
        "duplicates": integrity["duplicates"],
        "integrity": integrity,
        "locked_errors": log["database_is_locked"]["total"],
        "locked_errors_detail": log["database_is_locked"],
        "worker_timeouts": log["worker_timeouts"],
        "exceptions_in_log": log["exceptions"],
        "failing_requests": log["failing_requests"],
        "failure_examples": [vars(f) for r in results for f in r.failures][:10],
        "login_failures": sum(r.login_failures for r in results),
        **schema,
        "target": TARGET,
        "target_met": met,
        "cpu": figures["cpu"],
        "notes": {
            "machine": f"{os.cpu_count()} CPUs shared with other engineers (load average before {args.load_before}, after {tuple(round(x, 2) for x in os.getloadavg())}); the {args.clients} client threads and PostgreSQL run on the same machine",
            "latency": "a submission = GET form, POST form+.docx, GET review, POST submit, GET receipt, from the writer's side",
            "text": f"a new Vietnamese story per submission, {words[0]}–{words[-1]} words (median {words[len(words) // 2]}; the track's limit {word_limit} unchanged), typed{'' if args.no_upload else ' and in the .docx, whose text replaces it'}",
            "passwords": "writers' hashes use scrypt:1024:8:1 (cheap) so the one login per client is not the bottleneck",
            "login_rate_limit": "LOGIN_RATE_LIMIT_PER_IP raised: every client logs in from 127.0.0.1",
            "mail": "APP_ENV=development: receipts go through the outbox to the console backend (gunicorn log, or jobs.log with --jobs rq)",
            "gunicorn": _gunicorn_note(args.workers),
        },
    }


def _gunicorn_note(workers: int) -> str:
    """How the surge's app server ran: gunicorn.conf.py's worker model."""
    from _stack_infra import configured_threads

    threads = configured_threads()
    model = (
        "sync workers" if threads == 1 else f"gthread workers, {threads} threads each"
    )
    return f"gunicorn -w {workers} ({model}, gunicorn.conf.py), no proxy"
