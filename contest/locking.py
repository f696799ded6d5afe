"""Row locks for changes two people can make at once (two tabs of one judge, a judge and
the organizer who unlocks the sheet, two organizers deciding one plagiarism pair).

``locked(obj)`` re-reads the object's row with SELECT … FOR UPDATE on PostgreSQL: the
second request waits for the first to commit and then sees its change, so version
checks and "already decided" checks hold instead of losing an update. SQLite has one
writer at a time (requests that write start with BEGIN IMMEDIATE), and its dialect
drops FOR UPDATE, so there this is a plain re-read.

``@writes_on_get`` marks the few GET views that write (a download's audit row, a judge's
first opening of an entry, an email confirmation): on SQLite they take the write lock
at BEGIN like every POST, because a deferred transaction that reads and then writes
fails at once (SQLITE_BUSY_SNAPSHOT) when another writer committed in between.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from contest.extensions import db

Row = TypeVar("Row")
View = TypeVar("View", bound=Callable)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes_on_get(view: View) -> View:
    """Mark a GET view that writes (see the module's docstring)."""
    view.writes_on_get = True  # type: ignore[attr-defined]
    return view


def request_writes() -> bool:
    """Whether the current request may write: any non-GET, or a marked GET view."""
    from flask import current_app, has_request_context, request

    if not has_request_context():
        return False
    if request.method not in SAFE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_on_get", False))


def locked(obj: Row) -> Row:
    """The same object, re-read from its row under a lock held until commit."""
    db.session.flush()
    db.session.refresh(obj, with_for_update=True)
    return obj
