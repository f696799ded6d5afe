"""Row locks for changes two people can make at once (two tabs of one judge, a judge and
the organizer who unlocks the sheet, two organizers deciding one plagiarism pair).

``locked(obj)`` re-reads the object's row with SELECT … FOR UPDATE on PostgreSQL: the
second request waits for the first to commit and then sees its change, so version
checks and "already decided" checks hold instead of losing an update. SQLite has one
writer at a time (requests that write start with BEGIN IMMEDIATE), and its dialect
drops FOR UPDATE, so there this is a plain re-read.
"""

from __future__ import annotations

from typing import TypeVar

from contest.extensions import db

Row = TypeVar("Row")


def locked(obj: Row) -> Row:
    """The same object, re-read from its row under a lock held until commit."""
    db.session.flush()
    db.session.refresh(obj, with_for_update=True)
    return obj
