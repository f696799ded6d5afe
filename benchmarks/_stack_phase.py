"""One phase of the stack benchmark: every simulated user at once, for a fixed time.

The mix (``Mix``): writers submitting entries (``_surge_writer.Writer``: form, save
with a .docx, review, submit, receipt), judges opening entries and autosaving
scores, organizers on dashboards, the public page, each type paced to its rate.
A phase may carry a fault: a function run in its own thread once the clock starts
(the drills of ``_stack_drills``). Everything stops by itself at the deadline.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from _stack_users import Judge, Organizer, UserLog, Visitor
from _surge_server import PASSWORD
from _surge_writer import Clock, Plan, Writer, WriterResult


@dataclass(frozen=True)
class Mix:
    """How many users of each type, and the rate each type offers (per second).

    writer_rate counts whole submissions (5 requests each); the others count requests.
    """

    writers: int
    judges: int
    organizers: int
    visitors: int
    writer_rate: float
    judge_rate: float
    organizer_rate: float
    public_rate: float

    @classmethod
    def split(cls, users: int, rates: tuple[float, float, float, float]) -> Mix:
        """40 % writers, 30 % judges, 5 % organizers, 25 % public (one each at least)."""
        organizers = max(1, round(users * 0.05))
        judges = max(1, round(users * 0.30))
        writers = max(1, round(users * 0.40))
        visitors = max(1, users - organizers - judges - writers)
        return cls(writers, judges, organizers, visitors, *rates)


@dataclass
class PhaseResult:
    """What the users of one phase saw, and the fault's account."""

    name: str
    start: float = 0.0
    end: float = 0.0
    logs: dict[str, list[UserLog]] = field(default_factory=dict)
    writers: list[WriterResult] = field(default_factory=list)
    fault: dict = field(default_factory=dict)

    def records(self) -> list:
        """Every recorded request of the judges, organizers and visitors."""
        return [r for logs in self.logs.values() for log in logs for r in log.records]


def _interval(count: int, rate: float) -> float:
    """Seconds between one user's actions so `count` users offer `rate` per second."""
    return count / rate if rate > 0 else 3600.0


def run_phase(
    name: str,
    port: int,
    setup: dict,
    mix: Mix,
    seconds: float,
    run_id: str,
    public_path: str = "/",
    fault=None,
) -> PhaseResult:
    """Log everyone in, run the mix for `seconds` (with the fault, if any), collect."""
    plan = Plan(
        host="127.0.0.1",
        port=port,
        password=PASSWORD,
        track_id=setup["track_id"],
        field_id=setup["field_id"],
        run_id=f"{run_id}{name[:3]}",
        word_limit=setup["word_limit"],
        timeout=30,
        clients=mix.writers,
        upload=True,
        interval=_interval(mix.writers, mix.writer_rate),
    )
    writers = [Writer(i, e, plan) for i, e in enumerate(setup["emails"][: mix.writers])]
    judge_emails = list(setup["judge_codes"])[: mix.judges]
    every = (PASSWORD,)
    judges = [
        Judge(
            i,
            len(judge_emails),
            port,
            _interval(len(judge_emails), mix.judge_rate),
            *every,
            account=email,
            codes=setup["judge_codes"][email],
            criteria=setup["criteria"],
        )
        for i, email in enumerate(judge_emails)
    ]
    organizer_emails = (setup["organizers"] * mix.organizers)[: mix.organizers]
    organizers = [
        Organizer(
            i,
            mix.organizers,
            port,
            _interval(mix.organizers, mix.organizer_rate),
            *every,
            account=email,
            edition_id=setup["edition_id"],
        )
        for i, email in enumerate(organizer_emails)
    ]
    visitors = [
        Visitor(i, mix.visitors, port, _interval(mix.visitors, mix.public_rate), *every)
        for i in range(mix.visitors)
    ]
    for visitor in visitors:
        visitor.path = public_path
    result = PhaseResult(name)
    result.writers = [WriterResult() for _ in writers]
    paced = [*judges, *organizers, *visitors]
    ready = threading.Barrier(len(writers) + len(paced) + 1, timeout=180)
    go, clock = threading.Event(), Clock()

    def write(i: int) -> None:
        result.writers[i] = writers[i].run(ready, go, clock)

    threads = [
        threading.Thread(target=write, args=(i,), daemon=True)
        for i in range(len(writers))
    ]
    threads += [
        threading.Thread(target=user.run, args=(ready, go, clock), daemon=True)
        for user in paced
    ]
    for thread in threads:
        thread.start()
    ready.wait()
    clock.start = time.monotonic()
    clock.deadline = clock.start + seconds
    go.set()
    fault_thread = None
    if fault is not None:

        def run_fault() -> None:
            try:
                result.fault = fault(clock)
            except Exception as error:  # the drill's failure is a result, not a crash
                result.fault = {"error": f"{type(error).__name__}: {error}"}

        fault_thread = threading.Thread(target=run_fault, daemon=True)
        fault_thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 200)
    if fault_thread is not None:
        fault_thread.join(timeout=120)
    result.start, result.end = clock.start, time.monotonic()
    result.logs = {
        "judge": [j.log for j in judges],
        "organizer": [o.log for o in organizers],
        "public": [v.log for v in visitors],
    }
    return result


def sequential_probe(
    port: int, setup: dict, public_path: str, rounds: int
) -> PhaseResult:
    """One user at a time, no concurrency: what each request costs on its own.

    A judge opens and scores `rounds` entries, a visitor opens the public page and an
    organizer each dashboard `rounds` times, one request after the other. The
    judge's saves count in the integrity check like any other.
    """
    email = next(iter(setup["judge_codes"]))
    judge = Judge(
        0,
        1,
        port,
        1.0,
        PASSWORD,
        account=email,
        codes=setup["judge_codes"][email],
        criteria=setup["criteria"],
    )
    organizer = Organizer(
        0,
        1,
        port,
        1.0,
        PASSWORD,
        account=setup["organizers"][-1],
        edition_id=setup["edition_id"],
    )
    visitor = Visitor(0, 1, port, 1.0, PASSWORD)
    visitor.path = public_path
    result = PhaseResult("sequential_probe", start=time.monotonic())
    judge.login()
    organizer.login()
    for serial in range(1, 2 * rounds + 1):
        judge.act(serial)
    for serial in range(rounds):
        visitor.act(serial)
        for page in range(3):
            organizer.act(serial * 3 + page)
    result.end = time.monotonic()
    result.logs = {
        "judge": [judge.log],
        "organizer": [organizer.log],
        "public": [visitor.log],
    }
    return result
