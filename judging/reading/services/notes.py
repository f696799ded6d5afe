"""Notes beside an entry a judge reads: other entries about the same person, and
(when the organizers turned it on) the entry's score in the previous round.

Both are numbers only. The same-person count reuses the plagiarism module's
grouping (judging.plagiarism.services.report.same_person_groups: one normalised name and
unit), kept per edition between pages, and says nothing about the other entries: no
title, code, number or author.
The earlier-round hint is the entry's final score from
judging.scoring.services.results.round_results, shown only in a final round whose
``show_previous_scores`` is on; never who scored it or what they wrote.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import aliased

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, FeaturedPerson, RoundKind
from judging.assignment.models import Assignment
from judging.plagiarism.services.report import same_person_groups
from judging.rounds.models import Round
from judging.scoring.services.results import round_results

# Entries no longer in the contest are not "other entries" for a judge.
_OUT = frozenset({EntryStatus.DRAFT, EntryStatus.WITHDRAWN, EntryStatus.NOT_ELIGIBLE})


@dataclass(frozen=True)
class ReadingNotes:
    """What the judge is told beside the text (numbers only)."""

    same_person_others: int
    previous_round: str = ""  # the previous round's name, "" when no hint is shown
    previous_score: float | None = None


class _OthersCache:
    """Per edition: how many other entries share a featured person with each entry.

    Grouping reads every entry of the edition, too much for each page a judge opens
    (2,500 entries in a city's year). The counts are kept per process and rebuilt
    when the edition's featured people change (count, ids, name lengths, latest entry
    change: one aggregate query) or after ``SECONDS`` (a unit renamed).
    """

    SECONDS = 120.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[int, tuple[str, float, dict[int, int]]] = {}

    def counts(
        self, edition: Edition, fingerprint: str | None = None
    ) -> dict[int, int]:
        """{entry id: number of other entries about one of its featured people};
        ``fingerprint``: the edition's, when the caller read it already (with the
        reading: one statement fewer per page)."""
        if fingerprint is None:
            fingerprint = db.session.scalar(select(fingerprint_of(edition.id)))
        with self._lock:
            found = self._items.get(edition.id)
        if found and found[0] == fingerprint and found[1] > time.monotonic():
            return found[2]
        others: dict[int, set[int]] = {}
        for group in same_person_groups(edition):
            ids = {m.entry_id for m in group.mentions if m.status not in _OUT}
            for entry_id in ids:
                others.setdefault(entry_id, set()).update(ids - {entry_id})
        counts = {entry_id: len(ids) for entry_id, ids in others.items()}
        with self._lock:
            self._items[edition.id] = (
                fingerprint,
                time.monotonic() + self.SECONDS,
                counts,
            )
        return counts


def fingerprint_of(edition_id):
    """SQL (a scalar subquery; ``edition_id`` a value or a column of the enclosing
    query): one string that changes when the edition's featured people or entries
    change (count, ids, name lengths, latest entry change)."""
    person, entry = aliased(FeaturedPerson), aliased(Entry)

    def text(value):
        return func.coalesce(cast(value, String), "")

    return (
        select(
            text(func.count(person.id))
            + "|"
            + text(func.sum(person.id))
            + "|"
            + text(func.sum(func.length(person.name) + func.length(person.unit_name)))
            + "|"
            + text(func.max(entry.updated_at))
        )
        .select_from(person)
        .join(entry, entry.id == person.entry_id)
        .where(entry.edition_id == edition_id)
        .scalar_subquery()
    )


_others = _OthersCache()


def same_person_others(row: Assignment, fingerprint: str | None = None) -> int:
    """How many other entries of the edition are about a featured person of this one
    (``fingerprint``: the edition's fingerprint_of, when read with the reading)."""
    return _others.counts(row.round.edition, fingerprint).get(row.entry_id, 0)


def previous_round(round_: Round) -> Round | None:
    """The city's round before a city final round with the hint on; None otherwise
    (a unit's own reading is never shown to judges above it: Edition.rounds holds
    the city's rounds only)."""
    if round_.kind != RoundKind.FINAL or not round_.show_previous_scores:
        return None
    if round_.unit_id is not None:
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


def reading_notes(row: Assignment, fingerprint: str | None = None) -> ReadingNotes:
    """The notes for one reading (computed once per page: the results are heavy);
    ``fingerprint`` as for same_person_others."""
    hint = previous_score(row)
    return ReadingNotes(
        same_person_others=same_person_others(row, fingerprint),
        previous_round=hint[0] if hint else "",
        previous_score=hint[1] if hint else None,
    )
