"""A small job kind to try the machinery: counts to N, optionally failing on the way."""

from __future__ import annotations

import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.jobs.registry import JobError, job
from contest.jobs.runner import JobContext

DEMO_KIND = "demo.count"


@job(DEMO_KIND, title=_l("Test job (counts to a number)"))
def count(ctx: JobContext) -> dict:
    """Count to params["steps"] with progress; fail at params["fail_at"] if given."""
    steps = max(1, int(ctx.params.get("steps", 10)))
    delay = float(ctx.params.get("delay", 0.2))
    fail_at = ctx.params.get("fail_at")
    for step in range(1, steps + 1):
        if fail_at is not None and step == int(fail_at):
            raise JobError(_("Stopped on purpose at step %(step)d.", step=step))
        time.sleep(delay)
        ctx.progress(100 * step / steps, f"{step}/{steps}")
    return {"counted": steps}
