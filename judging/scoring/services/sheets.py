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

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

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


def typed_columns(known: set[int], sheet: SheetInput) -> dict:
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
    for name, value in typed_columns(known, sheet).items():
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
