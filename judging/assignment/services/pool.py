"""Judging verbs, part 1: the judge pool, the declaration, and conflicts.

Glue between the models and the pure core: load rows, compute plain values, write
rows and flush; views commit (DESIGN.md rule 2). The other verbs, by job:
``judging.assignment.services.runs`` (assignment runs with preview and commit, codes, progress),
``judging.assignment.services.moves`` (moving a reading, recusal), ``judging.identity.services``
(identity scan and redactions) and ``judging.reading.services.queue`` (what a judge may open).

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
from contest.models import (
    Edition,
    EditionStaff,
    EditionStatus,
    Entry,
    EntryChannel,
    StaffRole,
    User,
    utcnow,
)
from contest.services.audit import audit
from contest.textnorm import name_sort_key, search_key
from judging.assignment.models import Assignment, Conflict, ConflictSource, JudgeProfile
from judging.grassroots.services import conflict_units
from judging.rounds.models import JudgingSettings, Round


class ConflictReason(StrEnum):
    """Why a judge may not read an entry."""

    SAME_UNIT = "same_unit"
    FEATURED_UNIT = "featured_unit"
    SAME_LOCALITY = "same_locality"
    AUTHOR = "author"
    DECLARED_AUTHOR = "declared_author"
    DECLARED_ENTRY = "declared_entry"
    RECUSED = "recused"


# -- pool ------------------------------------------------------------------------------


def settings_for(edition: Edition) -> JudgingSettings:
    """The edition's judging options (created with defaults on first use)."""
    row = db.session.scalar(
        select(JudgingSettings).where(JudgingSettings.edition_id == edition.id)
    )
    if row is None:
        row = JudgingSettings(edition_id=edition.id, conflict_same_locality=False)
        db.session.add(row)
        db.session.flush()
    return row


def set_conflict_same_locality(actor: User, edition: Edition, value: bool) -> None:
    """Also treat "same locality" as a conflict (or stop doing so)."""
    settings_for(edition).conflict_same_locality = value
    audit(actor, "judging.settings", edition, conflict_same_locality=value)


def is_judge_of(edition: Edition, user: User) -> bool:
    """True when the user is one of the edition's judges."""
    return any(
        s.user_id == user.id and s.role == StaffRole.JUDGE for s in edition.staff
    )


def profile_for(edition: Edition, user: User) -> JudgeProfile:
    """The judge's profile in the edition (new ones read in every round)."""
    profile = db.session.scalar(
        select(JudgeProfile).where(
            JudgeProfile.edition_id == edition.id, JudgeProfile.user_id == user.id
        )
    )
    if profile is None:
        profile = JudgeProfile(edition_id=edition.id, user_id=user.id, locality="")
        profile.user = user
        profile.rounds = list(edition.rounds)
        db.session.add(profile)
        db.session.flush()
    return profile


def judge_pool(edition: Edition) -> list[JudgeProfile]:
    """The edition's judges with their profiles, sorted by name the Vietnamese way."""
    users = [s.user for s in edition.staff if s.role == StaffRole.JUDGE]
    profiles = [profile_for(edition, user) for user in users]
    return sorted(profiles, key=lambda p: name_sort_key(p.user.full_name))


def save_profile(
    actor: User,
    edition: Edition,
    user: User,
    *,
    locality: str,
    field_ids: Iterable[int],
    max_load: int | None,
    round_ids: Iterable[int],
) -> JudgeProfile:
    """Set a judge's locality, expertise, maximum load and rounds (joins the pool)."""
    if not is_judge_of(edition, user):
        edition.staff.append(EditionStaff(user_id=user.id, role=StaffRole.JUDGE))
    profile = profile_for(edition, user)
    wanted_fields, wanted_rounds = set(field_ids), set(round_ids)
    profile.locality = locality.strip()
    profile.max_load = max_load
    profile.fields = [f for f in edition.fields if f.id in wanted_fields]
    profile.rounds = [r for r in edition.rounds if r.id in wanted_rounds]
    audit(
        actor,
        "judging.profile",
        edition,
        user_id=user.id,
        fields=sorted(wanted_fields),
        rounds=sorted(wanted_rounds),
        max_load=max_load,
    )
    return profile


def pending_declarations(user: User) -> list[Edition]:
    """Editions the user judges without having signed the declaration (reads only)."""
    judged = db.session.scalars(
        select(Edition)
        .join(EditionStaff, EditionStaff.edition_id == Edition.id)
        .where(EditionStaff.user_id == user.id, EditionStaff.role == StaffRole.JUDGE)
        .where(Edition.status != EditionStatus.CLOSED)  # nothing to judge there
        .order_by(Edition.id)
    ).all()
    signed = set(
        db.session.scalars(
            select(JudgeProfile.edition_id).where(
                JudgeProfile.user_id == user.id,
                JudgeProfile.declaration_signed_at.is_not(None),
            )
        )
    )
    return [e for e in judged if e.id not in signed]


def has_pending_declaration(user: User) -> bool:
    """True when the user judges an edition without having signed its declaration.

    One light query: it runs before every request of the judge area.
    """
    signed = select(JudgeProfile.edition_id).where(
        JudgeProfile.user_id == user.id,
        JudgeProfile.declaration_signed_at.is_not(None),
    )
    pending = (
        select(EditionStaff.edition_id)
        .join(Edition, Edition.id == EditionStaff.edition_id)
        .where(EditionStaff.user_id == user.id, EditionStaff.role == StaffRole.JUDGE)
        .where(Edition.status != EditionStatus.CLOSED)
        .where(EditionStaff.edition_id.not_in(signed))
        .limit(1)
    )
    return db.session.scalar(pending) is not None


def sign_declaration(user: User, edition: Edition, now: datetime) -> None:
    """Record that the judge signed the conflict-of-interest declaration."""
    profile_for(edition, user).declaration_signed_at = now
    audit(user, "judging.declaration", edition)


# -- conflicts ---------------------------------------------------------------------------


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


def conflict_map(
    edition: Edition, profiles: Iterable[JudgeProfile], entries: Iterable[Entry]
) -> dict[tuple[int, int], set[ConflictReason]]:
    """(judge user id, entry id) → why that judge may not read that entry."""
    entries = list(entries)
    same_locality = settings_for(edition).conflict_same_locality
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
        for unit_id in conflict_units(edition, judge.unit_id) if judge.unit_id else ():
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
    conflicts = conflict_map(edition, [profile], [r.entry for r in rows])
    ended = 0
    for row in rows:
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


def actor_id(actor: User | None) -> int | None:
    """The actor's id; None for the system (CLI, demo, tests)."""
    return actor.id if actor is not None else None
