"""The fault drills of the stack benchmark, each run during a phase under load.

- ``kill``: a third into the phase, SIGKILL one gunicorn master and its workers. The
  proxy marks it down and sends the rest to the other instance; a POST in flight on
  the dead one is answered 502 (never replayed). After the phase it is started again.
- ``postgres``: at 5 s, stop our PostgreSQL (``pg_ctl -m fast``), wait 5 s, start it.
  Requests during the outage must fail fast with the app's 503 page; the app must
  serve again afterwards by itself (a disconnect invalidates the pool; connections
  idle for a few seconds are pinged at checkout: contest.pool_ping).
  Behind nginx the public pages are answered from its micro-cache meanwhile (stale
  copies), so the 503 page is checked on ``/rules``, which is never cached.
- ``redis``: at 5 s, stop our Redis and leave it down. Rate limits (their storage) and
  jobs (the RQ queue) must degrade with a logged warning, the site must stay up:
  the landing page answers and a fresh login works.
``outcome`` turns a phase's records into the drill's figures.
"""

from __future__ import annotations

import time

from _stack_check import count_5xx, latency
from _stack_infra import kill_hard
from _stack_users import Client
from _surge_server import PASSWORD

UNAVAILABLE_MARK = "Service temporarily unavailable"


def kill_fault(victim, at: float):
    """The fault: kill -9 `victim` (a Gunicorn) `at` seconds into the phase."""

    def fault(clock) -> dict:
        time.sleep(max(0.0, clock.start + at - time.monotonic()))
        pids = kill_hard(victim.process.pid)
        victim.process.wait(timeout=10)
        return {"killed_at_s": round(time.monotonic() - clock.start, 2), "pids": pids}

    return fault


def postgres_fault(cluster, at: float, down: float, probe_port: int):
    """The fault: stop PostgreSQL `at` s into the phase, start it `down` s later.

    One request of our own, 1 s into the outage, checks the 503 page's text (on
    ``/rules``: it needs the database and no proxy caches it).
    """

    def fault(clock) -> dict:
        time.sleep(max(0.0, clock.start + at - time.monotonic()))
        stopped = time.monotonic()
        cluster.stop("fast")
        stop_took = time.monotonic() - stopped
        time.sleep(1.0)
        probe = unavailable_page_seen(probe_port)
        time.sleep(max(0.0, stopped + stop_took + down - time.monotonic()))
        restart = time.monotonic()
        start_took = cluster.start()
        return {
            "stopped_at_s": round(stopped - clock.start, 2),
            "stop_took_s": round(stop_took, 2),
            "restarted_at_s": round(restart - clock.start, 2),
            "start_took_s": round(start_took, 2),
            "probe_during_outage": probe,
            "window": (stopped, restart + start_took),
        }

    return fault


def redis_fault(server, at: float, probe_port: int, account: str):
    """The fault: stop Redis `at` s into the phase (it stays down).

    1 s later, our own visit: landing page, a fresh login (rate-limited), /readyz.
    """

    def fault(clock) -> dict:
        time.sleep(max(0.0, clock.start + at - time.monotonic()))
        stopped = time.monotonic()
        server.stop()
        time.sleep(1.0)
        return {
            "stopped_at_s": round(stopped - clock.start, 2),
            "probe_during_outage": probe_site(probe_port, account),
            "window": (stopped, None),
        }

    return fault


def outcome(phase, window: tuple[float, float | None] | None = None) -> dict:
    """Statuses before/during/after the fault window, failure latency, recovery."""
    records = phase.records()
    writers = {}
    for result in phase.writers:
        for (_step, status), n in result.statuses.items():
            writers.setdefault(status, 0)
            writers[status] += n
    acked = sum(len(r.acks) for r in phase.writers)
    out = {
        "seconds": round(phase.end - phase.start, 1),
        "requests": len(records) + sum(writers.values()),
        "writer_statuses": writers,
        "submissions_acknowledged": acked,
    }
    if window is None:
        statuses: dict[str, int] = {}
        for r in records:
            statuses[r.status] = statuses.get(r.status, 0) + 1
        out["statuses"] = statuses
        out["5xx"] = count_5xx(statuses) + count_5xx(writers)
        return out
    begin, finish = window
    finish = finish or phase.end
    # A request belongs to the outage if it was still running when it began.
    during = [r for r in records if r.at < finish and r.at + r.seconds >= begin]
    after = [r for r in records if r.at >= finish]
    before = [r for r in records if r.at + r.seconds < begin]
    failed = [r for r in during if not r.ok]
    out["before"] = _counts(before)
    out["during"] = _counts(during)
    out["after"] = _counts(after)
    # Fail fast: requests *started* during the outage (no queue of slow ones before).
    fresh = [r for r in failed if r.at >= begin]
    out["failed_started_during_latency"] = latency([r.seconds for r in fresh])
    out["failed_in_flight_latency"] = latency(
        [r.seconds for r in failed if r.at < begin]
    )
    out["failed_during_by_status"] = _counts(failed)
    out["non_503_5xx"] = sum(
        n for s, n in writers.items() if s.isdigit() and int(s) >= 500 and s != "503"
    ) + sum(
        1
        for r in records
        if r.status.isdigit() and int(r.status) >= 500 and r.status != "503"
    )
    bad_after = [r for r in after if not r.ok]
    out["recovered_after_s"] = (
        round(max(r.at for r in bad_after) - finish, 2) if bad_after else 0.0
    )
    return out


def _counts(records) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in records:
        counts[r.status] = counts.get(r.status, 0) + 1
    return counts


def probe_site(port: int, account: str) -> dict:
    """Landing page, a fresh login and /readyz, through the given port."""
    browser = Client("127.0.0.1", port, timeout=15)
    out = {}
    try:
        out["landing"] = browser.get("/").status
        page = browser.get("/auth/login")
        done = browser.post_form(
            "/auth/login",
            [("csrf_token", page.csrf()), ("email", account), ("password", PASSWORD)],
        )
        out["login"] = done.status
        out["login_ok"] = done.status == 302 and "/auth/login" not in done.location
        out["readyz"] = browser.get("/readyz").status
    except OSError as error:
        out["error"] = f"{type(error).__name__}: {error}"
    return out


def unavailable_page_seen(port: int) -> dict:
    """One request while the database is down: status, time, and the 503 page's text."""
    browser = Client("127.0.0.1", port, timeout=15)
    started = time.monotonic()
    try:
        reply = browser.get("/rules")
    except OSError as error:
        return {"error": type(error).__name__}
    return {
        "status": reply.status,
        "ms": round((time.monotonic() - started) * 1000, 1),
        "clear_503_page": reply.status == 503 and UNAVAILABLE_MARK in reply.text,
    }
