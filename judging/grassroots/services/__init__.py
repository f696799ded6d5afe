"""Grassroots verbs: the edition's intake policy, what the city's first round reads,
targets per kind of unit, each unit's progress, and reminders through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import and_, func, or_, select, true

from contest.extensions import db
from contest.mail import render_email, send_email
from contest.models import (
    Edition,
    Entry,
    EntryStatus,
    FeaturedPerson,
    Role,
    RoundKind,
    Unit,
    User,
    UserRole,
)
from contest.services.audit import audit
from contest.services.unit_tree import parent_map, subtree_ids
from contest.textnorm import search_key
from contest.unit_tree import subtree
from judging.grassroots import core
from judging.grassroots.models import (
    CityReads,
    IntakeSettings,
    UnitReminder,
    UnitTarget,
)

# -- intake policy ----------------------------------------------------------------


def intake_of(edition_id: int) -> IntakeSettings:
    """The edition's intake settings, read only (defaults when never saved: the
    first round reads every submitted entry, as before units could forward upward;
    the round page shows the counts and links to the setting)."""
    row = db.session.scalar(
        select(IntakeSettings).where(IntakeSettings.edition_id == edition_id)
    )
    if row is None:
        return IntakeSettings(
            edition_id=edition_id,
            city_reads=CityReads.ALL,
            conflicts_follow_tree=False,
        )
    return row


def save_intake(
    actor: User, edition: Edition, *, city_reads: CityReads, follow_tree: bool
) -> None:
    """Change what the city's first round reads and whether conflicts follow the tree."""
    row = intake_of(edition.id)
    if row.id is None:
        db.session.add(row)
    row.city_reads, row.conflicts_follow_tree = city_reads, follow_tree
    audit(
        actor,
        "intake.save",
        edition,
        city_reads=str(city_reads),
        conflicts_follow_tree=follow_tree,
    )


def sent_direct():
    """SQL: submitted straight to the city: by a writer with no unit, or by a writer
    who sent it past their unit (``Entry.direct_to_city``)."""
    return or_(Entry.unit_id.is_(None), Entry.direct_to_city.is_(True))


def at_city():
    """SQL: the entry has reached the city: forwarded (or further on), or submitted
    straight to the city."""
    return or_(Entry.status != EntryStatus.SUBMITTED, sent_direct())


def city_intake_clause(edition_id: int, kind: str):
    """SQL filter of the entries a round of this kind may read under the policy."""
    if kind != RoundKind.PRELIMINARY:
        return true()
    if intake_of(edition_id).city_reads == CityReads.ALL:
        return true()
    return at_city()


def held_by_clause(unit_id: int):
    """SQL filter of the entries a unit holds now: submitted, standing with the unit
    itself (not forwarded on, not returned to the writer, not withdrawn, not sent
    straight to the city by its writer), as ``holder_id`` says of one entry."""
    return and_(
        Entry.status == EntryStatus.SUBMITTED,
        Entry.number.is_not(None),
        Entry.direct_to_city.is_(False),
        func.coalesce(Entry.holder_unit_id, Entry.unit_id) == unit_id,
    )


@dataclass(frozen=True)
class IntakeCounts:
    """The entries in play for the first round, by where they stand."""

    city_reads: CityReads
    direct: int  # submitted straight to the city (no unit, or past the unit)
    forwarded: int  # forwarded to the city by a unit (or already being read)
    with_units: int  # still with a unit below the city

    @property
    def read(self) -> int:
        """How many the first round reads under the current setting."""
        base = self.direct + self.forwarded
        return base + self.with_units if self.city_reads == CityReads.ALL else base


def intake_counts(edition_id: int) -> IntakeCounts:
    """Counts of submitted, forwarded and under-review entries by where they stand."""
    in_play = (EntryStatus.SUBMITTED, EntryStatus.FORWARDED, EntryStatus.UNDER_REVIEW)
    is_direct = sent_direct().label("direct")
    rows = db.session.execute(
        select(Entry.status, is_direct, func.count())
        .where(
            Entry.edition_id == edition_id,
            Entry.number.is_not(None),
            Entry.status.in_([str(s) for s in in_play]),
        )
        .group_by(Entry.status, is_direct)
    ).all()
    direct = forwarded = with_units = 0
    for status, no_unit, n in rows:
        if status == EntryStatus.SUBMITTED and no_unit:
            direct += n
        elif status == EntryStatus.SUBMITTED:
            with_units += n
        else:
            forwarded += n
    return IntakeCounts(intake_of(edition_id).city_reads, direct, forwarded, with_units)


def conflict_units(edition: Edition, unit_id: int) -> set[int]:
    """The units whose entries a judge of this unit may not read."""
    if intake_of(edition.id).conflicts_follow_tree:
        return subtree_ids(unit_id)
    return {unit_id}


# -- targets ------------------------------------------------------------------------


def targets(edition: Edition) -> dict[str, UnitTarget]:
    """The edition's targets by unit kind."""
    rows = db.session.scalars(
        select(UnitTarget).where(UnitTarget.edition_id == edition.id)
    )
    return {row.kind: row for row in rows}


def save_targets(
    actor: User, edition: Edition, values: dict[str, tuple[int, int | None]]
) -> None:
    """Set the targets: {kind: (minimum, percent of staff or None)}; (0, None) clears."""
    existing = targets(edition)
    for kind, (minimum, percent) in values.items():
        row = existing.get(kind)
        if minimum <= 0 and not percent:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = UnitTarget(edition_id=edition.id, kind=kind)
            db.session.add(row)
        row.minimum, row.percent_of_staff = minimum, percent or None
    db.session.flush()
    audit(
        actor, "targets.save", edition, targets={k: list(v) for k, v in values.items()}
    )


def _people_by_unit(edition: Edition) -> dict[int, set[str]]:
    """Distinct featured names (folded) of each unit's own entries."""
    rows = db.session.execute(
        select(Entry.unit_id, FeaturedPerson.name)
        .join(FeaturedPerson, FeaturedPerson.entry_id == Entry.id)
        .where(
            Entry.edition_id == edition.id,
            Entry.number.is_not(None),
            Entry.unit_id.is_not(None),
            Entry.status.not_in([EntryStatus.WITHDRAWN, EntryStatus.DRAFT]),
        )
    ).all()
    people: dict[int, set[str]] = {}
    for unit_id, name in rows:
        people.setdefault(unit_id, set()).add(search_key(name))
    return people


def unit_progress(edition: Edition) -> list[core.UnitProgress]:
    """Every active unit with a target, and the people featured in its subtree."""
    rules = [
        core.KindTarget(row.kind, row.minimum, row.percent_of_staff)
        for row in targets(edition).values()
    ]
    if not rules:
        return []
    units = db.session.scalars(select(Unit).where(Unit.is_active.is_(True))).all()
    parents = parent_map()
    counts = core.subtree_counts(
        _people_by_unit(edition), {u.id: subtree(parents, u.id) for u in units}
    )
    facts = [core.UnitFacts(u.id, u.name, str(u.kind), u.staff_count) for u in units]
    return core.progress(facts, counts, rules)


# -- reminders ---------------------------------------------------------------------


def focal_points(unit_id: int) -> list[User]:
    """The active focal-point accounts of a unit."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(
                and_(
                    User.unit_id == unit_id,
                    UserRole.role == Role.UNIT,
                    User.is_active_account.is_(True),
                )
            )
            .order_by(User.id)
        )
    )


def _context(edition: Edition, row: core.UnitProgress, user: User) -> dict:
    return {
        "user": user,
        "unit_name": row.name,
        "edition": edition,
        "count": row.count,
        "target": row.target,
        "missing": row.missing,
        "unit_url": url_for("unit.dashboard", _external=True),
    }


def preview_reminder(
    edition: Edition, row: core.UnitProgress, user: User
) -> tuple[str, str]:
    """The subject and body one focal point would receive (nothing is sent)."""
    return render_email(
        "unit_target_reminder", locale=user.locale, **_context(edition, row, user)
    )


def send_reminders(
    actor: User, edition: Edition, unit_ids: set[int], now: datetime
) -> tuple[int, list[str]]:
    """Queue a reminder to every focal point of the chosen units still below their
    target; returns (emails queued, names of chosen units with no focal point)."""
    sent, nobody = 0, []
    for row in unit_progress(edition):
        if row.unit_id not in unit_ids or row.met:
            continue
        people = focal_points(row.unit_id)
        if not people:
            nobody.append(row.name)
            continue
        for user in people:
            message = send_email(
                user.email,
                "unit_target_reminder",
                locale=user.locale,
                **_context(edition, row, user),
            )
            db.session.flush()
            db.session.add(
                UnitReminder(
                    edition_id=edition.id,
                    unit_id=row.unit_id,
                    outbox_id=message.id,
                    to_address=user.email,
                    progress=row.count,
                    target=row.target,
                    sent_at=now,
                    sent_by_id=actor.id,
                )
            )
            sent += 1
    db.session.flush()
    audit(actor, "targets.remind", edition, units=sorted(unit_ids), emails=sent)
    return sent, nobody


def reminder_log(edition: Edition) -> dict[int, list[UnitReminder]]:
    """Reminders sent in this edition, newest first, by unit."""
    rows = db.session.scalars(
        select(UnitReminder)
        .where(UnitReminder.edition_id == edition.id)
        .order_by(UnitReminder.sent_at.desc(), UnitReminder.id.desc())
    )
    log: dict[int, list[UnitReminder]] = {}
    for row in rows:
        log.setdefault(row.unit_id, []).append(row)
    return log
