"""One Locust phase of ``locust_load``: what the locustfile recorded, read back, and the
fault drills of ``_stack_drills`` timed against it.

The locustfile writes, in the phase's folder: ``spawned`` (the monotonic moment every
user was spawned: the drills' clock starts there), ``records.json`` (every request:
kind, monotonic start, seconds, status, ok), ``acks.json`` (acknowledged
submissions) and ``saves.json`` (acknowledged score saves and unclear ones).
``LocustPhase`` offers what ``_stack_drills.outcome`` reads from a hand-written
phase (``records()``, ``writers``, ``start``/``end``), so the drills judge a Locust
run with the same rules.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from _stack_drills import (
    kill_fault,
    outcome,
    postgres_fault,
    probe_site,
    redis_fault,
)
from _stack_report import log_text, warnings_in
from _stack_users import Record, SaveAck, Schedule
from _surge_writer import Ack, WriterResult


@dataclass
class LocustPhase:
    """A Locust run's records and acknowledgements, in the hand-written phase's shape."""

    name: str
    folder: Path
    start: float
    end: float = 0.0
    fault: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)
    locust_cpu_s: float = 0.0
    writers: list[WriterResult] = field(default_factory=list)
    _records: list[Record] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    def _read(self, name: str, empty):
        path = self.folder / name
        return json.loads(path.read_text()) if path.exists() else empty

    def finish(self, now: float) -> None:
        """Read what the locustfile wrote; the phase starts when all were spawned."""
        spawned = self.folder / "spawned"
        if spawned.exists():
            self.start = float(spawned.read_text())
        self.end = now
        self._records = [Record(*row) for row in self._read("records.json", [])]
        result = WriterResult()
        result.acks = [Ack(**a) for a in self.acks()]
        self.writers = [result]

    def acks(self) -> list[dict]:
        """The acknowledged submissions, as the locustfile wrote them."""
        return self._read("acks.json", [])

    def records(self) -> list[Record]:
        """Every request of the phase (writers' steps included)."""
        return self._records

    def statuses(self) -> dict[str, int]:
        """Answers by status (or network error name) over the whole phase."""
        return dict(Counter(r.status for r in self._records))

    def saves(self) -> dict:
        """{"saves": {"judge|code": …}, "unknown": [...]}."""
        return self._read("saves.json", {"saves": {}, "unknown": []})


def saves_of(phases: list[LocustPhase]) -> tuple[dict, set]:
    """Last acknowledged save per (judge, code) over the phases in order, and unknowns."""
    acked: dict[tuple, SaveAck] = {}
    unknown: set[tuple] = set()
    for phase in phases:
        data = phase.saves()
        for joined in data["unknown"]:
            key = tuple(joined.split("|", 1))
            if key in acked:
                acked[key].unknown_after = True
            else:
                unknown.add(key)
        for joined, save in data["saves"].items():
            key = tuple(joined.split("|", 1))
            acked[key] = SaveAck(
                save["version"],
                save["values"],
                save["comment"],
                save.get("unknown_after", False),
            )
            unknown.discard(key)
    return acked, unknown


def drill_fault(phase: LocustPhase, info: dict) -> None:
    """Wait until Locust has spawned every user, then run the drill's fault."""
    servers, setup = info["servers"], info["setup"]
    phase.offsets = [s.instance.log_path.stat().st_size for s in servers]
    marker = phase.folder / "spawned"
    give_up = time.monotonic() + 120
    while not marker.exists() and time.monotonic() < give_up:
        time.sleep(0.1)
    start = float(marker.read_text()) if marker.exists() else time.monotonic()
    clock = Schedule(start=start)
    drill, port = info["drill"], info["proxy"].port
    if drill == "kill":
        fault = kill_fault(servers[1], 10.0)
    elif drill == "postgres":
        fault = postgres_fault(info["cluster"], 5.0, 5.0, port)
    else:
        fault = redis_fault(info["redis"], 5.0, port, setup["organizers"][0])
    try:
        phase.fault = fault(clock)
    except Exception as error:  # the drill's failure is a result, not a crash
        phase.fault = {"error": f"{type(error).__name__}: {error}"}


def drill_report(phase: LocustPhase, servers: list, setup: dict, port: int) -> dict:
    """The drill's figures (``outcome``), the site afterwards, and the stack put back."""
    window = phase.fault.pop("window", None)
    drill = phase.name
    result = {
        "fault": phase.fault,
        **outcome(phase, None if drill == "kill" else window),
        "endpoints": phase.stats["endpoints"],
        "site_after": probe_site(port, setup["organizers"][0]),
    }
    offsets = phase.offsets or [0] * len(servers)
    texts = [log_text(s, offsets[i]) for i, s in enumerate(servers)]
    result["warnings_logged"] = warnings_in(texts)
    result["bare_500s_in_log"] = sum(t.count("Error handling request") for t in texts)
    if drill == "kill":
        dead = servers[1]
        dead.instance.log_path.rename(dead.instance.root / "gunicorn-killed.log")
        try:
            dead.start()
            result["restarted_instance"] = True
        except RuntimeError as error:
            result["restarted_instance"] = f"failed: {error}"
    return result
