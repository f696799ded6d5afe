"""The job registry: job functions registered by name with `@job("area.verb")`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

JobFunction = Callable[[Any], dict | None]


class JobError(Exception):
    """A failure whose message is meant for the user (shown as the job's reason).

    Raise it from a job with a readable, already translated message; any other
    exception is shown as a generic "unexpected error" and logged with its traceback.
    """


@dataclass(frozen=True)
class JobSpec:
    """A registered job kind: its function and the title shown in the jobs list."""

    kind: str
    func: JobFunction
    title: Any  # a lazy_gettext string, translated when displayed
    # Times the job is queued again when its worker dies mid-run (an idempotent job
    # only: it must give the same outcome when run again from the start).
    retries: int = 0


_REGISTRY: dict[str, JobSpec] = {}


def job(
    kind: str, *, title: Any = None, retries: int = 0
) -> Callable[[JobFunction], JobFunction]:
    """Register `func(ctx) -> dict | None` as the job kind `kind`.

    With `retries`, a run whose worker died (its lease ran out) is queued again, up
    to that many times, instead of failing: for jobs that can safely run again.

    The function receives a JobContext (`ctx.params`, `ctx.progress(percent, msg)`),
    runs inside an app context and returns a JSON-able result. Its database writes are
    committed by the runner together with the "succeeded" mark, so a crash never
    leaves a half-written result presented as complete; a long job may also commit
    finished batches itself if it can resume from them.
    """

    def register(func: JobFunction) -> JobFunction:
        existing = _REGISTRY.get(kind)
        if existing is not None and existing.func is not func:
            raise ValueError(f"job kind {kind!r} is already registered")
        _REGISTRY[kind] = JobSpec(
            kind=kind, func=func, title=title or kind, retries=retries
        )
        return func

    return register


def get_spec(kind: str) -> JobSpec | None:
    """The registered spec of a kind, or None."""
    return _REGISTRY.get(kind)


def job_title(kind: str) -> Any:
    """What to call a job kind in the interface (its kind name if unknown)."""
    spec = _REGISTRY.get(kind)
    return spec.title if spec else kind
