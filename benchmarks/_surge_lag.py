"""Check lag: how long an acknowledged submission waits for its plagiarism check.

Every submitted entry waits in the `similarity_pending` table until the check job
that handles it commits its pairs (judging.plagiarism.services.pending). A poller
thread reads the waiting entries every `poll` seconds, during the surge and after
it until none is left (or `drain` seconds passed). An entry's check is done at the
first poll after its acknowledgement (the submit's answer) and after the last poll
that still listed it; its lag is that poll's time minus the acknowledgement's, so
the figures are good to one poll interval. The backlog is the number of entries
waiting, every `every` seconds from the start of the surge; `drain_s` (set by the
caller) how long the checks took to catch up after it.
"""

from __future__ import annotations

import bisect
import threading
import time

from _surge_check import percentile
from _surge_writer import Ack


class LagWatch:
    """Polls the waiting entries of the app's database on a thread of its own."""

    def __init__(self, app, poll: float = 0.25) -> None:
        self.app, self.poll = app, poll
        self.times: list[float] = []
        self.backlog: list[int] = []
        self.last_waiting: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lag-watch", daemon=True)
        self.errors = 0

    def start(self) -> None:
        """Start polling."""
        self._thread.start()

    def drain(self, timeout: float) -> float | None:
        """Wait until no entry waits (seconds waited), or None after `timeout`."""
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            if self.backlog and self.backlog[-1] == 0 and self.times[-1] > began:
                return round(time.monotonic() - began, 1)
            time.sleep(self.poll)
        return None

    def stop(self) -> None:
        """Stop polling (after the current poll)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)

    def _run(self) -> None:
        from sqlalchemy import select

        from contest.extensions import db
        from judging.plagiarism.models import PendingCheck

        with self.app.app_context():
            query = select(PendingCheck.entry_id).where(
                PendingCheck.entry_id.is_not(None)
            )
            while not self._stop.is_set():
                try:
                    waiting = set(db.session.scalars(query))
                    db.session.rollback()
                except Exception:  # the database is busy: try at the next poll
                    db.session.rollback()
                    self.errors += 1
                    self._stop.wait(self.poll)
                    continue
                now = time.monotonic()
                for entry_id in waiting:
                    self.last_waiting[entry_id] = now
                self.times.append(now)
                self.backlog.append(len(waiting))
                self._stop.wait(self.poll)
            db.session.remove()
            db.engine.dispose()

    def report(self, acks: list[Ack], start: float, every: float = 5.0) -> dict:
        """Lag percentiles of the acknowledged entries and the backlog over time."""
        last = self.times[-1] if self.times else None
        lags, unchecked = [], 0
        for ack in acks:
            seen = self.last_waiting.get(ack.entry_id)
            if seen is not None and seen == last:  # still waiting at the last poll
                unchecked += 1
                continue
            at = bisect.bisect_right(self.times, max(ack.acked_at, seen or 0.0))
            if at >= len(self.times):
                unchecked += 1
                continue
            lags.append(self.times[at] - ack.acked_at)
        series, next_at = [], start
        for moment, count in zip(self.times, self.backlog, strict=True):
            if moment >= next_at:
                series.append([round(moment - start, 1), count])
                next_at += every
        return {
            "checked": len(lags),
            "unchecked": unchecked,
            "p50_s": _round(percentile(lags, 0.50)),
            "p95_s": _round(percentile(lags, 0.95)),
            "p99_s": _round(percentile(lags, 0.99)),
            "max_s": _round(max(lags) if lags else None),
            "poll_s": self.poll,
            "max_backlog": max(self.backlog, default=0),
            "backlog_every_5s": series,
            "poll_errors": self.errors,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
