"""Judging verbs, part 4: a judge's score sheet (draft, submit, unlock).

A judge saves drafts as often as they like (the form autosaves); a draft keeps the
text typed, so nothing is lost. Submitting validates the sheet with the pure rubric
(judging.scoring.core.rubric.validate_sheet) plus the edition's rules (comments required on some
criteria, a note with a copying suspicion) and locks it. Only an organizer unlocks a
submitted sheet, with a reason that is logged. Every save carries the version the
client last saw: an older version is refused, never silently overwritten.
Services flush; views commit (DESIGN.md rule 2). Results: judging.scoring.services.results.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, make_dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from contest.extensions import db
from contest.locking import locked
from contest.models import User
from contest.services.audit import audit
from judging.assignment.models import Assignment
from judging.plagiarism.models import MatchOrigin, SimilarityMatch
from judging.rounds.models import Criterion
from judging.rounds.services import round_criteria, rubric_of
from judging.rounds.services import total_100 as total_100  # used by the judge's page
from judging.scoring.core.rubric import validate_sheet
from judging.scoring.models import Score, ScoreStatus
from judging.scoring.services.third_reading import after_submit
from judging.stages.services import require_results_open

# Limits on what one sheet may hold (bad input is refused field by field, not 500).
MAX_VALUE_CHARS = 12
MAX_COMMENT_CHARS = 5000


@dataclass(frozen=True)
class SheetInput:
    """What the judge typed: values and comments by criterion id, as text."""

    values: dict[int, str] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    overall_comment: str = ""
    suspected_copying: bool = False
    copying_note: str = ""


class ScoreRefused(Exception):
    """A save the sheet's state forbids: ``locked``, ``stale`` or ``closed``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SheetInvalid(Exception):
    """A submission with problems: ``errors`` maps a form field name to a code."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def criteria_of(row: Assignment) -> list[Criterion]:
    """The reading's rubric criteria in order: the round's own, else the edition's."""
    return round_criteria(row.round)


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


def score_of(row: Assignment) -> Score | None:
    """The reading's score sheet, if the judge saved one."""
    return db.session.scalar(select(Score).where(Score.assignment_id == row.id))


def _check_writable(row: Assignment, score: Score | None, version: int | None) -> None:
    """Refuse saves on an ended reading, a closed round, a locked or newer sheet."""
    if not row.active or not row.round.is_open:
        raise ScoreRefused("closed")
    if score is not None and score.submitted:
        raise ScoreRefused("locked")
    seen = score.version if score is not None else 0
    if version is not None and version != seen:
        raise ScoreRefused("stale")


def _typed(known: set[int], sheet: SheetInput) -> dict:
    """The columns of what was typed (`known` criteria only, lengths capped)."""
    return dict(
        values={
            str(k): str(v).strip()[:MAX_VALUE_CHARS]
            for k, v in sheet.values.items()
            if k in known and str(v).strip()
        },
        comments={
            str(k): str(v).strip()[:MAX_COMMENT_CHARS]
            for k, v in sheet.comments.items()
            if k in known and str(v).strip()
        },
        overall_comment=sheet.overall_comment.strip()[:MAX_COMMENT_CHARS],
        suspected_copying=bool(sheet.suspected_copying),
        copying_note=sheet.copying_note.strip()[:MAX_COMMENT_CHARS],
    )


def _store(
    known: set[int], row: Assignment, score: Score | None, sheet: SheetInput, now
) -> Score:
    """Write what was typed (`known` criteria only, lengths capped) onto the sheet."""
    if score is None:
        score = Score(assignment_id=row.id, version=0)
        db.session.add(score)
    for name, value in _typed(known, sheet).items():
        setattr(score, name, value)
    score.version = (score.version or 0) + 1
    score.updated_at = now
    return score


def save_draft(
    judge: User,
    row: Assignment,
    sheet: SheetInput,
    version: int | None,
    now: datetime,
    criteria: list[Criterion] | None = None,
) -> Score:
    """Save the sheet as a draft (autosave or the Save button); returns the sheet.
    ``criteria``: the reading's criteria_of(row), when the caller has them already
    (one statement fewer on every autosave)."""
    if row.judge_id != judge.id:
        raise ScoreRefused("closed")
    known = {c.id for c in (criteria if criteria is not None else criteria_of(row))}
    score = score_of(locked(row))  # one writer per reading at a time
    _check_writable(row, score, version)
    score = _store(known, row, score, sheet, now)
    db.session.flush()
    return score


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
    values = _typed({c.id for c in criteria}, sheet) | {"now": now}
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


def sheet_errors(criteria: list[Criterion], sheet: SheetInput) -> dict[str, str]:
    """Every problem of a sheet to submit: ``{form field name: code}``."""
    rubric = rubric_of(criteria)
    values = {c.id: sheet.values.get(c.id, "") for c in criteria}
    errors = {
        f"value-{key}": str(code)
        for key, code in validate_sheet(rubric, values).items()
    }
    for c in criteria:
        if c.comment_required and not sheet.comments.get(c.id, "").strip():
            errors[f"comment-{c.id}"] = "comment_required"
    if sheet.suspected_copying and not sheet.copying_note.strip():
        errors["copying_note"] = "note_required"
    return errors


def number(text: str) -> float:
    """A typed score as a number ("7,5" with the Vietnamese decimal comma is 7.5)."""
    return float(str(text).strip().replace(",", "."))


def submit(
    judge: User,
    row: Assignment,
    sheet: SheetInput,
    version: int | None,
    now: datetime,
    criteria: list[Criterion] | None = None,
) -> Score:
    """Validate and lock the sheet; a copying suspicion goes to the plagiarism queue.

    Raises SheetInvalid (nothing is locked, the draft is saved) or ScoreRefused.
    ``criteria`` as for save_draft.
    """
    if criteria is None:
        criteria = criteria_of(row)
    score = save_draft(judge, row, sheet, version, now, criteria)
    errors = sheet_errors(criteria, sheet)
    if errors:
        raise SheetInvalid(errors)
    score.values = {k: number(v) for k, v in score.values.items()}
    score.status = ScoreStatus.SUBMITTED
    score.submitted_at = now
    if score.suspected_copying:
        _report_copying(judge, row, score.copying_note, now)
    db.session.flush()
    audit(judge, "judging.score_submit", row.entry, round_id=row.round_id)
    after_submit(row)  # a large gap: one more reader, automatically
    return score


def _report_copying(judge: User, row: Assignment, note: str, now: datetime) -> None:
    """Add (or update) the judge's suspicion in the organizers' plagiarism queue."""
    key = f"{row.round.edition_id}:e{row.entry_id}:judge{judge.id}"
    match = db.session.scalar(
        select(SimilarityMatch).where(SimilarityMatch.pair_key == key)
    )
    if match is None:
        version = row.entry.latest_version
        match = SimilarityMatch(
            edition_id=row.round.edition_id,
            pair_key=key,
            origin=MatchOrigin.JUDGE,
            a_entry_id=row.entry_id,
            a_version_id=version.id if version is not None else None,
            score=0.0,
            passages=[],
            reported_by_id=judge.id,
            found_at=now,
        )
        db.session.add(match)
    match.report_note = note


def unlock(actor: User, score: Score, reason: str, now: datetime) -> Score:
    """An organizer reopens a submitted sheet for its judge; the reason is mandatory."""
    reason = (reason or "").strip()
    if not reason:
        raise SheetInvalid({"reason": "reason_required"})
    require_results_open(score.assignment.round.edition)  # after publication: no
    locked(score.assignment)
    db.session.refresh(score)
    if not score.submitted:
        raise ScoreRefused("not_submitted")
    score.status = ScoreStatus.DRAFT
    score.unlocked_by_id = actor.id
    score.unlocked_at = now
    score.unlock_reason = reason[:MAX_COMMENT_CHARS]
    score.version += 1
    db.session.flush()
    row = score.assignment
    audit(
        actor, "judging.score_unlock", row.entry, round_id=row.round_id, reason=reason
    )
    return score
