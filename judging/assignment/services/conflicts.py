"""Conflicts of interest: who may not read what, declared conflicts and their effect.

A pair (judge, entry) is never assigned when it conflicts (``conflict_map``): same
unit as the author or a featured person, same locality when the edition asks for it,
the judge is an author, or a conflict was declared (by an organizer, or by the judge
recusing). A pair that stopped being active (recusal, conflict, move) is never given
back automatically either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, EntryChannel, User, utcnow
from contest.services.audit import audit
from contest.textnorm import search_key
from judging.assignment.models import Assignment, Conflict, ConflictSource, JudgeProfile
from judging.assignment.services.pool import actor_id, profile_for, settings_for
from judging.grassroots.services import conflict_units
from judging.rounds.models import Round


class ConflictReason(StrEnum):
    """Why a judge may not read an entry."""

    SAME_UNIT = "same_unit"
    FEATURED_UNIT = "featured_unit"
    SAME_LOCALITY = "same_locality"
    AUTHOR = "author"
    DECLARED_AUTHOR = "declared_author"
    DECLARED_ENTRY = "declared_entry"
    RECUSED = "recused"


def _author_ids(entry: Entry) -> set[int]:
    """User accounts behind an entry: its owner (online) and authors with accounts."""
    ids = {a.user_id for a in entry.authors if a.user_id is not None}
    if entry.channel == EntryChannel.ONLINE:
        ids.add(entry.owner_id)
    return ids


def _entry_localities(entry: Entry) -> set[str]:
    """Search keys of the author's unit locality and the featured people's."""
    places = [entry.unit.locality if entry.unit is not None else ""]
    for person in entry.featured:
        places.append(person.locality)
    return {search_key(p) for p in places if p and p.strip()}


def round_conflicts(
    round_: Round, profiles: Iterable[JudgeProfile], entries: Iterable[Entry]
) -> dict[tuple[int, int], set[ConflictReason]]:
    """``conflict_map`` for the pairs of one round (a unit round: its own unit)."""
    return conflict_map(round_.edition, profiles, entries, home_unit_id=round_.unit_id)


def conflict_map(
    edition: Edition,
    profiles: Iterable[JudgeProfile],
    entries: Iterable[Entry],
    *,
    home_unit_id: int | None = None,
) -> dict[tuple[int, int], set[ConflictReason]]:
    """(judge user id, entry id) → why that judge may not read that entry.

    ``home_unit_id``: the unit of a unit round. Its judges are its own people and
    its entries its own, so belonging to that unit (or sharing its locality) is no
    conflict there; a judge of a unit below it still may not read that unit's
    entries, and authorship and declared conflicts count as everywhere.
    """
    entries = list(entries)
    same_locality = settings_for(edition).conflict_same_locality
    if home_unit_id is not None:
        same_locality = False
    by_unit: dict[int, set[int]] = defaultdict(set)
    by_featured_unit: dict[int, set[int]] = defaultdict(set)
    by_author: dict[int, set[int]] = defaultdict(set)
    by_locality: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.unit_id is not None:
            by_unit[entry.unit_id].add(entry.id)
        for person in entry.featured:
            if person.unit_id is not None:
                by_featured_unit[person.unit_id].add(entry.id)
        for user_id in _author_ids(entry):
            by_author[user_id].add(entry.id)
        if same_locality:
            for place in _entry_localities(entry):
                by_locality[place].add(entry.id)
    listed = {e.id for e in entries}
    found: dict[tuple[int, int], set[ConflictReason]] = defaultdict(set)

    def mark(judge_id: int, entry_ids: Iterable[int], reason: ConflictReason) -> None:
        for entry_id in entry_ids:
            if entry_id in listed:
                found[(judge_id, entry_id)].add(reason)

    profiles = list(profiles)
    for profile in profiles:
        judge = profile.user
        # The judge's unit, and the units below it where the edition says so.
        at_home = judge.unit_id is None or judge.unit_id == home_unit_id
        for unit_id in () if at_home else conflict_units(edition, judge.unit_id):
            mark(judge.id, by_unit.get(unit_id, ()), ConflictReason.SAME_UNIT)
            mark(
                judge.id,
                by_featured_unit.get(unit_id, ()),
                ConflictReason.FEATURED_UNIT,
            )
        mark(judge.id, by_author.get(judge.id, ()), ConflictReason.AUTHOR)
        place = search_key(profile.effective_locality)
        if same_locality and place:
            mark(judge.id, by_locality.get(place, ()), ConflictReason.SAME_LOCALITY)
    judge_ids = {p.user_id for p in profiles}
    for row in declared_conflicts(edition):
        if row.judge_id not in judge_ids:
            continue
        if row.entry_id is not None:
            reason = (
                ConflictReason.RECUSED
                if row.source == ConflictSource.RECUSAL
                else ConflictReason.DECLARED_ENTRY
            )
            mark(row.judge_id, [row.entry_id], reason)
        if row.author_user_id is not None:
            mark(
                row.judge_id,
                by_author.get(row.author_user_id, ()),
                ConflictReason.DECLARED_AUTHOR,
            )
    return dict(found)


def declared_conflicts(edition: Edition) -> list[Conflict]:
    """Conflicts declared in the edition, newest first."""
    return list(
        db.session.scalars(
            select(Conflict)
            .where(Conflict.edition_id == edition.id)
            .order_by(Conflict.created_at.desc(), Conflict.id.desc())
        )
    )


def add_conflict(
    actor: User,
    edition: Edition,
    judge: User,
    *,
    author: User | None = None,
    entry: Entry | None = None,
    note: str = "",
    source: ConflictSource = ConflictSource.ORGANIZER,
    now: datetime | None = None,
) -> Conflict:
    """Declare that ``judge`` may not read ``entry`` or anything by ``author``.

    Readings the new conflict forbids end at once (the judge loses access); re-run
    the assignment to give those entries another reader.
    """
    row = Conflict(
        edition_id=edition.id,
        judge_id=judge.id,
        author_user_id=author.id if author is not None else None,
        entry_id=entry.id if entry is not None else None,
        source=source,
        note=note.strip(),
        created_by_id=actor_id(actor),
    )
    db.session.add(row)
    db.session.flush()
    ended = _end_conflicting(edition, judge, now)
    audit(
        actor,
        "judging.conflict_add",
        edition,
        judge_id=judge.id,
        author_user_id=row.author_user_id,
        entry_id=row.entry_id,
        source=str(source),
        ended=ended or None,
    )
    return row


def _end_conflicting(edition: Edition, judge: User, now: datetime | None) -> int:
    """End the judge's active readings that now conflict; how many ended."""
    rows = db.session.scalars(
        select(Assignment)
        .join(Round, Round.id == Assignment.round_id)
        .where(
            Round.edition_id == edition.id,
            Assignment.judge_id == judge.id,
            Assignment.recused_at.is_(None),
        )
    ).all()
    if not rows:
        return 0
    profile = profile_for(edition, judge)
    by_round: dict[int, list[Assignment]] = defaultdict(list)
    for row in rows:
        by_round[row.round_id].append(row)
    ended = 0
    for same_round in by_round.values():
        round_ = same_round[0].round
        conflicts = round_conflicts(round_, [profile], [r.entry for r in same_round])
        for row in same_round:
            if (judge.id, row.entry_id) in conflicts:
                row.recused_at = now or utcnow()
                ended += 1
    return ended


def remove_conflict(actor: User, conflict: Conflict) -> None:
    """Withdraw a declared conflict (ended readings are not given back)."""
    audit(
        actor,
        "judging.conflict_remove",
        conflict,
        judge_id=conflict.judge_id,
        author_user_id=conflict.author_user_id,
    )
    db.session.delete(conflict)
