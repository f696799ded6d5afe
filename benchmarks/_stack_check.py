"""Figures and integrity of a stack run: latency per request type, score sheets.

Pure helpers (``by_kind``, ``compare_scores``) work on plain values and are unit
tested (tests/unit/test_stack_check.py); ``stored_scores`` reads the database. A
score save acknowledged with a 2xx must be in the database exactly once per (judge,
entry) with the values, comment and version of the *last* acknowledged save; a newer
version is fine only when a later save's outcome was unknown to the client (it may
have been applied before the connection broke).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from _surge_check import percentile


@dataclass(frozen=True)
class Stored:
    """One score row as read back: sheet version, values and overall comment."""

    version: int
    values: dict[str, str]
    comment: str


def latency(seconds: list[float]) -> dict:
    """Count, p50/p95/p99 and max in milliseconds (1 decimal)."""
    if not seconds:
        return {"n": 0}
    out = {"n": len(seconds)}
    for name, share in (("p50_ms", 0.5), ("p95_ms", 0.95), ("p99_ms", 0.99)):
        out[name] = round(percentile(seconds, share) * 1000, 1)
    out["max_ms"] = round(max(seconds) * 1000, 1)
    return out


def by_kind(records, start: float, end: float) -> dict:
    """Per request kind: throughput, latency of the successful ones, statuses, errors.

    `records` are (kind, at, seconds, status, ok) of requests started in [start, end).
    """
    span = max(1e-9, end - start)
    kinds: dict[str, dict] = defaultdict(
        lambda: {"ok_seconds": [], "statuses": Counter(), "errors": 0}
    )
    for r in records:
        if not start <= r.at < end:
            continue
        kind = kinds[r.kind]
        kind["statuses"][r.status] += 1
        if r.ok:
            kind["ok_seconds"].append(r.seconds)
        else:
            kind["errors"] += 1
    out = {}
    for name in sorted(kinds):
        kind = kinds[name]
        total = sum(kind["statuses"].values())
        out[name] = {
            "requests": total,
            "per_s": round(total / span, 2),
            **latency(kind["ok_seconds"]),
            "errors": kind["errors"],
            "statuses": dict(kind["statuses"]),
        }
    return out


def count_5xx(statuses: Counter | dict) -> int:
    """Answers 500–599 in a status counter (error names are not statuses)."""
    return sum(n for s, n in statuses.items() if s.isdigit() and int(s) >= 500)


def compare_scores(
    acked: dict, unknown: set, stored: dict[tuple, list[Stored]]
) -> dict:
    """Acknowledged saves against the rows read back.

    `acked`: (judge, code) -> SaveAck-like (version, values, comment, unknown_after);
    `unknown`: (judge, code) whose only saves had an unknown outcome;
    `stored`: (judge, code) -> every score row of that reading.
    """
    problems: Counter = Counter()
    examples: list[str] = []

    def flag(kind: str, key: tuple) -> None:
        problems[kind] += 1
        if len(examples) < 10:
            examples.append(f"{kind}: {key[0]} {key[1]}")

    superseded = 0
    for key, ack in acked.items():
        rows = stored.get(key, [])
        if not rows:
            flag("lost", key)
            continue
        if len(rows) > 1:
            flag("duplicate_rows", key)
        row = max(rows, key=lambda r: r.version)
        if row.version < ack.version:
            flag("lost", key)  # an acknowledged save was rolled back or overwritten
        elif row.version > ack.version:
            if ack.unknown_after:
                superseded += 1  # a later save went through, its answer was lost
            else:
                flag("newer_than_acknowledged", key)
        elif row.values != ack.values or row.comment != ack.comment:
            flag("values_differ", key)
    unknown_written = sum(1 for key in unknown if key not in acked and key in stored)
    return {
        "acknowledged_sheets": len(acked),
        "lost": problems["lost"],
        "duplicates": problems["duplicate_rows"],
        "problems": dict(problems),
        "problem_examples": examples,
        "written_after_unclear_answer": superseded + unknown_written,
    }


def stored_scores(app) -> dict[tuple, list[Stored]]:
    """(judge email, round code) -> score rows, from the database."""
    from sqlalchemy import select

    from contest.extensions import db
    from contest.models import User
    from judging.assignment.models import Assignment, JudgingCode
    from judging.scoring.models import Score

    out: dict[tuple, list[Stored]] = defaultdict(list)
    with app.app_context():
        rows = db.session.execute(
            select(User.email, JudgingCode.code, Score.version, Score.values)
            .add_columns(Score.overall_comment)
            .join(Assignment, Assignment.id == Score.assignment_id)
            .join(User, User.id == Assignment.judge_id)
            .join(
                JudgingCode,
                (JudgingCode.round_id == Assignment.round_id)
                & (JudgingCode.entry_id == Assignment.entry_id),
            )
        )
        for email, code, version, values, comment in rows:
            out[(email, code)].append(
                Stored(version, {str(k): str(v) for k, v in values.items()}, comment)
            )
        db.session.remove()
        db.engine.dispose()
    return dict(out)


ROUTES = (
    ("POST", re.compile(r"^/judge/entries/[^/]+/score$"), "judge_save"),
    ("GET", re.compile(r"^/judge/entries/[^/]+/score$"), "judge_score_form"),
    ("GET", re.compile(r"^/judge/entries/[^/]+$"), "judge_open"),
    ("GET", re.compile(r"^/organizer/$"), "organizer_home"),
    ("GET", re.compile(r"^/organizer/editions/\d+/entries$"), "organizer_entries"),
    (
        "GET",
        re.compile(r"^/organizer/editions/\d+/participation$"),
        "organizer_participation",
    ),
    ("POST", re.compile(r"^/writer/entries/new$"), "writer_save"),
    ("POST", re.compile(r"^/writer/entries/\d+/review$"), "writer_submit"),
)
REQUEST_LINE = re.compile(r'\{"event": "request"[^{}]*\}')


def server_times(texts: list[str], public_path: str) -> dict:
    """The app's own duration_ms per request kind (from its JSON request lines)."""
    times: dict[str, list[float]] = defaultdict(list)
    for text in texts:
        for found in REQUEST_LINE.finditer(text):
            try:
                record = json.loads(found.group(0))
            except ValueError:
                continue
            kind = "public" if record["path"] == public_path else None
            for method, pattern, name in ROUTES:
                if (
                    kind is None
                    and record["method"] == method
                    and pattern.match(record["path"])
                ):
                    kind = name
            if kind and record.get("duration_ms") is not None:
                times[kind].append(record["duration_ms"] / 1000)
    return {kind: latency(values) for kind, values in sorted(times.items())}
