"""Judging verbs, part 4b: a judge's hot requests on a score sheet, made cheap (issue
#19): the rubric kept per process once it is frozen, and a draft saved by one
conditional statement when the sheet is as the request's reading found it (else the
locked judging.scoring.services.sheets.save_draft decides, as before).
Services flush; views commit."""

from __future__ import annotations

import threading
from dataclasses import dataclass, make_dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, inspect, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from contest.extensions import db
from contest.models import User
from judging.assignment.models import Assignment
from judging.rounds.models import Criterion
from judging.scoring.models import Score, ScoreStatus
from judging.scoring.services.sheets import (
    ScoreRefused,
    SheetInput,
    criteria_of,
    save_draft,
    typed_columns,
)

# A criterion as a frozen plain value (every column of Criterion): what the frozen
# rubrics' cache keeps, shared by requests and sessions.
CriterionValue = make_dataclass(
    "CriterionValue",
    [attr.key for attr in inspect(Criterion).column_attrs],
    frozen=True,
)
_frozen: dict[tuple[int, str], tuple] = {}
_frozen_lock = threading.Lock()


def criteria_for(row: Assignment, first_sheet: str | None) -> list:
    """criteria_of(row), kept per process once the round's rubric is frozen.

    ``first_sheet``: a sheet already saved in the reading's round, as "id@created
    time" (the judge's first; judging.reading.services.opening reads it with the
    reading), or None. A rubric may no longer change once a sheet of a round reading
    it is saved (judging.rounds.services), so (round, that sheet) names one rubric
    for good; a round without a sheet yet reads its criteria each time. Plain
    values, the same for every judge of the round (no judge's data)."""
    if first_sheet is None:
        return criteria_of(row)
    key = (row.round_id, first_sheet)
    found = _frozen.get(key)
    if found is None:
        found = tuple(
            CriterionValue(**{a: getattr(c, a) for a in CriterionValue.__annotations__})
            for c in criteria_of(row)
        )
        with _frozen_lock:
            if len(_frozen) > 512:  # rounds of past sessions: start again
                _frozen.clear()
            _frozen[key] = found
    return list(found)


@dataclass(frozen=True)
class SavedDraft:
    """What a draft save answers (the sheet's new version and time)."""

    version: int
    updated_at: datetime
    submitted: bool = False


_TYPED = ("values", "comments", "overall_comment", "suspected_copying", "copying_note")


@cache
def _first_draft(dialect: str):
    """INSERT the first draft unless a sheet of the reading exists (then nothing:
    the locked save decides), RETURNING its version; built once per process."""
    table = Score.__table__
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(table)
        .values(
            {
                table.c[name]: bindparam(name, type_=table.c[name].type)
                for name in _TYPED
            }
            | {
                table.c.assignment_id: bindparam("assignment_id"),
                table.c.status: ScoreStatus.DRAFT.value,
                table.c.version: 1,
                table.c.created_at: bindparam("now", type_=table.c.created_at.type),
                table.c.updated_at: bindparam("now", type_=table.c.updated_at.type),
            }
        )
        .on_conflict_do_nothing(index_elements=[table.c.assignment_id])
        .returning(table.c.version)
    )


@cache
def _next_draft():
    """UPDATE the draft only if its version is still the one seen and it is still a
    draft, RETURNING the new version; built once per process."""
    table = Score.__table__
    return (
        update(table)
        .where(
            table.c.id == bindparam("sheet_id"),
            table.c.version == bindparam("seen"),
            table.c.status == ScoreStatus.DRAFT.value,
        )
        .values(
            {
                table.c[name]: bindparam(name, type_=table.c[name].type)
                for name in _TYPED
            }
            | {
                table.c.version: table.c.version + 1,
                table.c.updated_at: bindparam("now", type_=table.c.updated_at.type),
            }
        )
        .returning(table.c.version)
    )


def save_draft_seen(
    judge: User,
    row: Assignment,
    seen,
    sheet: SheetInput,
    version: int | None,
    now: datetime,
    criteria: list,
) -> SavedDraft:
    """save_draft for a reading just read in this transaction, with its sheet as then
    (``seen``: a Score or judging.reading.services.opening.SeenSheet, None before
    the first save): ONE conditional statement in the usual
    case, the insert of the first draft or an update of the draft only if its
    version is still the one seen (the optimistic lock: never a lost update). When
    the sheet changed meanwhile, or is submitted, or the browser's version differs
    from it, the locked save_draft decides (and refuses as before: locked, stale).
    The reading itself was found active in an open round by the same transaction
    (judging.reading.services.opening)."""
    if row.judge_id != judge.id:
        raise ScoreRefused("closed")
    values = typed_columns({c.id for c in criteria}, sheet) | {"now": now}
    if seen is None and version in (None, 0):
        statement = _first_draft(db.session.get_bind().dialect.name)
        values["assignment_id"] = row.id
    elif (
        seen is not None
        and not seen.submitted
        and (version is None or version == seen.version)
    ):
        statement = _next_draft()
        values |= {"sheet_id": seen.id, "seen": seen.version}
    else:
        statement = None
    if statement is not None:
        db.session.flush()
        saved = db.session.execute(statement, values).scalar()
        if saved is not None:
            if isinstance(seen, Score):  # the session's copy is older than the row
                db.session.expire(seen)
            return SavedDraft(saved, now)
    score = save_draft(judge, row, sheet, version, now, criteria)
    return SavedDraft(score.version, score.updated_at, score.submitted)
