"""SQL fingerprints of what a judge's queue is built from, to keep it per process.

A judge's queue (up to ~1,000 readings) is built from two column queries: the
readings with their headings (code, round, title, track, field, the owner's identity)
and the authors the titles are cleaned of. Building it costs tens of milliseconds;
a judge opens it between readings, and between two visits usually only the states
of a few readings changed. So the built headings are kept per judge in each process
(judging.reading.services.queue) under a fingerprint of every value they were built
from, and each visit runs one statement returning:

- the fingerprint of the headings: per reading, every heading column as text
  prefixed by its length (so values joined stay unambiguous whatever they hold),
  joined in assignment order; the readings are selected by the same WHERE as the
  queue (who may read what now), so the set itself is part of it;
- the fingerprint of the authors of those entries, alike;
- the states: "assignment id:token" per reading (the token is the score sheet's
  status and whether the reading was opened), read on every visit.

The fingerprints are the columns themselves, computed by the database from the very
expressions the build selects (contest.sql_stamps), so they cannot drift apart: any
change to a value the headings show or are cleaned of, in any process, changes them.
The build computes the stamp of the rows it read from the same expression, so the
kept headings always match the stamp they are kept under.
"""

from __future__ import annotations

from sqlalchemy import Select, Text, case, cast, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from contest.sql_stamps import ROW_SEP, ordered, ordered_concat, stamp

STATE_SEP = ","  # between readings of the states
READING = "reading"  # the readings' column of the assignment id (their order)
AUTHOR_ORDER = ("o0", "o1", "o2")  # the authors' order columns


def state_token(opened_at, sheet_status) -> ColumnElement[str]:
    """SQL: what a reading's state is decided from (judging.reading.core.state_of):
    the sheet's status ("" without a sheet), then 1 if opened, else 0."""
    return func.coalesce(cast(sheet_status, Text), literal("", Text)) + case(
        (opened_at.is_(None), literal("0", Text)), else_=literal("1", Text)
    )


def stamp_query(rows: Select, authors: Select, dialect: str) -> Select:
    """One statement: (headings stamp, authors stamp, states).

    ``rows`` selects the columns "fingerprint", READING and "state"
    (``state_token``); ``authors`` selects "fingerprint" and AUTHOR_ORDER. The
    states are "<assignment id>:<token>" joined by STATE_SEP ("" without readings).
    """
    sub = ordered(rows, [READING]).subquery()  # one join for both aggregates
    order = [sub.c[READING]]
    states = ordered_concat(
        cast(sub.c[READING], Text) + literal(":", Text) + sub.c.state,
        STATE_SEP,
        order,
        dialect,
    )
    blank = literal("", Text)
    readings = select(
        func.coalesce(
            ordered_concat(sub.c.fingerprint, ROW_SEP, order, dialect), blank
        ).label("headings"),
        func.coalesce(states, blank).label("states"),
    ).subquery()
    return select(
        readings.c.headings,
        stamp(authors, AUTHOR_ORDER, dialect),
        readings.c.states,
    )
