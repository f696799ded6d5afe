"""Two writing requests racing in two threads: the helper of the row-lock tests (and
of any test that checks two people changing one thing at the same moment)."""

from __future__ import annotations

import threading
import time

from contest.extensions import db

HOLD_SECONDS = 0.6


def race(app, first, second) -> dict:
    """Run ``first`` and ``second`` in two writing requests; ``first`` commits only after
    ``second`` has started. Returns each one's outcome (a value or the exception) and when
    ``second`` finished relative to ``first``'s commit."""
    started_first, started_second = threading.Event(), threading.Event()
    outcome: dict = {}

    def run(name, work, before_commit):
        with app.test_request_context(method="POST"):
            try:
                outcome[name] = work()
                before_commit()
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                outcome[name] = error
            finally:
                outcome[f"{name}_done"] = time.monotonic()

    def hold():
        started_first.set()
        started_second.wait(5)
        time.sleep(HOLD_SECONDS)  # the second request is now waiting for us, or not

    one = threading.Thread(target=run, args=("first", first, hold))
    one.start()
    assert started_first.wait(5)
    started_second.set()
    run("second", second, lambda: None)
    one.join(10)
    return outcome
