"""Run callbacks only once the current database transaction has really committed.

Jobs and emails are handed to workers after commit, never before: a worker must not
pick up a row the request has not committed yet, nor one the request rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from contest.extensions import db

_KEY = "contest_after_commit"
log = logging.getLogger("contest.jobs")


def after_commit(callback: Callable[[], None], *, key: str | None = None) -> None:
    """Call `callback()` after the current transaction of db.session commits.

    With `key`, a callback is registered at most once per transaction (e.g. "wake the
    mail sender" for a request that queued ten emails). Nothing runs on rollback.
    """
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any SQL still drops the callback
    pending: dict = session.info.setdefault(_KEY, {})
    pending.setdefault(key or object(), callback)


def uncommitted_callbacks() -> int:
    """How many hand-overs wait for a commit that has not happened (yet)."""
    return len(db.session().info.get(_KEY, {}))


@event.listens_for(Session, "after_commit")
def _run_callbacks(session: Session) -> None:
    # Releasing a SAVEPOINT fires after_commit too: wait for the real commit.
    if session.in_nested_transaction():
        return
    callbacks = session.info.pop(_KEY, {})
    for callback in callbacks.values():
        try:
            callback()
        except (
            Exception
        ):  # a failed hand-off must not turn a committed change into a 500
            log.exception("after-commit callback failed")


@event.listens_for(Session, "after_transaction_end")
def _drop_callbacks(session: Session, transaction: SessionTransaction) -> None:
    # Runs after _run_callbacks on commit; on rollback or close it discards them.
    if transaction.parent is None:
        session.info.pop(_KEY, None)
