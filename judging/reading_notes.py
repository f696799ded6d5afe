"""Notes beside an entry a judge reads: other entries about the same person, and
(when the organizers turned it on) the entry's score in the previous round.

Both are numbers only. The same-person count reuses the plagiarism module's
grouping (judging.plagiarism_report.same_person_groups: one normalised name and
unit) and says nothing about the other entries: no title, code, number or author.
The earlier-round hint is the entry's final score from
judging.score_results.round_results, shown only in a final round whose
``show_previous_scores`` is on; never who scored it or what they wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from contest.models import EntryStatus, RoundKind
from judging.models import Assignment, Round
from judging.plagiarism_report import same_person_groups
from judging.score_results import round_results

# Entries no longer in the contest are not "other entries" for a judge.
_OUT = frozenset({EntryStatus.DRAFT, EntryStatus.WITHDRAWN, EntryStatus.NOT_ELIGIBLE})


@dataclass(frozen=True)
class ReadingNotes:
    """What the judge is told beside the text (numbers only)."""

    same_person_others: int
    previous_round: str = ""  # the previous round's name, "" when no hint is shown
    previous_score: float | None = None


def same_person_others(row: Assignment) -> int:
    """How many other entries of the edition are about a featured person of this one."""
    others: set[int] = set()
    for group in same_person_groups(row.round.edition):
        ids = {m.entry_id for m in group.mentions if m.status not in _OUT}
        if row.entry_id in ids:
            others |= ids
    others.discard(row.entry_id)
    return len(others)


def previous_round(round_: Round) -> Round | None:
    """The round before a final round with the hint on; None otherwise."""
    if round_.kind != RoundKind.FINAL or not round_.show_previous_scores:
        return None
    earlier = [r for r in round_.edition.rounds if r.position < round_.position]
    return earlier[-1] if earlier else None


def previous_score(row: Assignment) -> tuple[str, float] | None:
    """(previous round's name, this entry's final score there), or None."""
    before = previous_round(row.round)
    if before is None:
        return None
    for result in round_results(before).entries:
        if result.entry.id == row.entry_id:
            return before.name, round(result.final, 2)
    return None


def reading_notes(row: Assignment) -> ReadingNotes:
    """The notes for one reading (computed once per page: the results are heavy)."""
    hint = previous_score(row)
    return ReadingNotes(
        same_person_others=same_person_others(row),
        previous_round=hint[0] if hint else "",
        previous_score=hint[1] if hint else None,
    )
