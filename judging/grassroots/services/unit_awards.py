"""A unit's own award list: the prize levels it defines, which entries of its subtree
get which level, the head's signature that locks the list, and reopening it with a
reason (logged). Kept apart from the city's award list, which it never changes, and
from everything a judge can reach.

The entries a unit may award are those it holds or held: submitted within its subtree,
held by it now, or passed through it on their way up (its forwarding steps).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from contest.extensions import db
from contest.models import AuditLog, Edition, Entry, EntryStatus, User
from contest.services.audit import audit
from contest.services.unit_tree import subtree_ids
from contest.textnorm import nfc
from judging.grassroots.models import (
    EntryForward,
    UnitAward,
    UnitAwardList,
    UnitPrizeLevel,
)

# Entries in the contest: a draft, a withdrawn or an ineligible entry gets no prize.
AWARDABLE = (
    EntryStatus.SUBMITTED,
    EntryStatus.FORWARDED,
    EntryStatus.UNDER_REVIEW,
    EntryStatus.SHORTLISTED,
    EntryStatus.AWARDED,
)
MAX_LEVELS = 20


class UnitAwardError(StrEnum):
    """Why a change to a unit's award list was refused (worded in views/messages)."""

    LOCKED = "locked"
    NOT_SIGNED = "not_signed"
    LEVEL_EXISTS = "level_exists"
    TOO_MANY_LEVELS = "too_many_levels"
    LEVEL_IN_USE = "level_in_use"
    UNKNOWN_LEVEL = "unknown_level"
    NOT_ELIGIBLE = "not_eligible"
    NO_AWARDS = "no_awards"


class UnitAwardRefused(Exception):
    """A refused change; nothing was written."""

    def __init__(self, code: UnitAwardError):
        super().__init__(code.value)
        self.code = code


def award_list_of(edition: Edition, unit_id: int) -> UnitAwardList | None:
    """The unit's list for the edition, if it has started one (never creates it)."""
    return db.session.scalar(
        select(UnitAwardList).where(
            UnitAwardList.edition_id == edition.id, UnitAwardList.unit_id == unit_id
        )
    )


def start_list(edition: Edition, unit_id: int) -> UnitAwardList:
    """The unit's list for the edition, created on its first change."""
    award_list = award_list_of(edition, unit_id)
    if award_list is None:
        award_list = UnitAwardList(edition_id=edition.id, unit_id=unit_id)
        db.session.add(award_list)
        db.session.flush()
    return award_list


def _held_by(edition_id: int, unit_id: int):
    """The condition that an entry is one the unit holds or held."""
    units = sorted(subtree_ids(unit_id))
    passed = select(EntryForward.entry_id).where(
        or_(EntryForward.from_unit_id.in_(units), EntryForward.to_unit_id.in_(units))
    )
    return (
        (Entry.edition_id == edition_id)
        & Entry.status.in_([str(s) for s in AWARDABLE])
        & or_(
            Entry.unit_id.in_(units),
            Entry.holder_unit_id.in_(units),
            Entry.id.in_(passed),
        )
    )


def awardable_entries(edition: Edition, unit_id: int) -> list[Entry]:
    """The entries the unit may award, by number."""
    return list(
        db.session.scalars(
            select(Entry)
            .where(_held_by(edition.id, unit_id))
            .options(selectinload(Entry.authors), selectinload(Entry.featured))
            .order_by(Entry.number, Entry.id)
        )
    )


def _check_open(award_list: UnitAwardList) -> None:
    if award_list.locked:
        raise UnitAwardRefused(UnitAwardError.LOCKED)


def add_level(award_list: UnitAwardList, name: str, actor: User) -> UnitPrizeLevel:
    """A new prize level after the others (its name unique in the list)."""
    _check_open(award_list)
    name = " ".join(nfc(name).split())
    if any(level.name.casefold() == name.casefold() for level in award_list.levels):
        raise UnitAwardRefused(UnitAwardError.LEVEL_EXISTS)
    if len(award_list.levels) >= MAX_LEVELS:
        raise UnitAwardRefused(UnitAwardError.TOO_MANY_LEVELS)
    position = max((level.position for level in award_list.levels), default=0) + 1
    level = UnitPrizeLevel(name=name, position=position)
    award_list.levels.append(level)
    db.session.flush()
    audit(actor, "unit_awards.add_level", award_list, level=name)
    return level


def _level(award_list: UnitAwardList, level_id: int | None) -> UnitPrizeLevel:
    for level in award_list.levels:
        if level.id == level_id:
            return level
    raise UnitAwardRefused(UnitAwardError.UNKNOWN_LEVEL)


def remove_level(award_list: UnitAwardList, level_id: int, actor: User) -> None:
    """Drop a level no entry holds (move or clear its entries first)."""
    _check_open(award_list)
    level = _level(award_list, level_id)
    if any(award.level_id == level.id for award in award_list.awards):
        raise UnitAwardRefused(UnitAwardError.LEVEL_IN_USE)
    award_list.levels.remove(level)
    db.session.flush()
    audit(actor, "unit_awards.remove_level", award_list, level=level.name)


def set_award(
    award_list: UnitAwardList, entry_id: int, level_id: int | None, actor: User
) -> UnitAward | None:
    """Give an entry of the unit a level, move it to another, or (None) take it off."""
    _check_open(award_list)
    level = _level(award_list, level_id) if level_id else None
    current = next((a for a in award_list.awards if a.entry_id == entry_id), None)
    if level is None:
        if current is not None:
            award_list.awards.remove(current)
            db.session.flush()
            audit(actor, "unit_awards.remove", award_list, entry=entry_id)
        return None
    held = db.session.scalar(
        select(func.count(Entry.id)).where(
            Entry.id == entry_id,
            _held_by(award_list.edition_id, award_list.unit_id),
        )
    )
    if not held:
        raise UnitAwardRefused(UnitAwardError.NOT_ELIGIBLE)
    if current is None:
        current = UnitAward(entry_id=entry_id, level=level, awarded_by_id=actor.id)
        award_list.awards.append(current)
    else:
        current.level, current.awarded_by_id = level, actor.id
        current.awarded_at = datetime.now(UTC)
    db.session.flush()
    audit(actor, "unit_awards.award", award_list, entry=entry_id, level=level.name)
    return current


def sign(
    award_list: UnitAwardList, head_name: str, head_title: str, day: date, actor: User
) -> None:
    """The unit's head signs the list (name, title, date): it is locked from now."""
    _check_open(award_list)
    if not award_list.awards:
        raise UnitAwardRefused(UnitAwardError.NO_AWARDS)
    award_list.head_name = " ".join(nfc(head_name).split())
    award_list.head_title = " ".join(nfc(head_title).split())
    award_list.signed_on = day
    award_list.signed_at, award_list.signed_by_id = datetime.now(UTC), actor.id
    db.session.flush()
    audit(actor, "unit_awards.sign", award_list, head=award_list.head_name)


def reopen(award_list: UnitAwardList, reason: str, actor: User) -> None:
    """Unlock a signed list for changes; the reason is logged (it must be signed again)."""
    if not award_list.locked:
        raise UnitAwardRefused(UnitAwardError.NOT_SIGNED)
    award_list.signed_at = award_list.signed_by_id = None
    db.session.flush()
    audit(actor, "unit_awards.reopen", award_list, reason=reason.strip())


def reopenings(award_list: UnitAwardList | None) -> list[AuditLog]:
    """Each time the list was reopened, with who and why, newest first."""
    if award_list is None:
        return []
    return list(
        db.session.scalars(
            select(AuditLog)
            .where(
                AuditLog.action == "unit_awards.reopen",
                AuditLog.object_type == "unitawardlist",
                AuditLog.object_id == award_list.id,
            )
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        )
    )


def awards_in_order(award_list: UnitAwardList | None) -> list[UnitAward]:
    """The list's awards, best level first, then by entry number."""
    if award_list is None:
        return []
    return sorted(
        award_list.awards,
        key=lambda a: (a.level.position, a.level.id, a.entry.number or "", a.entry_id),
    )


def standing_awards(award_list: UnitAwardList | None) -> list[UnitAward]:
    """The awards that still stand (not void), in the list's order: what the
    certificates and the award sheet hold."""
    return [award for award in awards_in_order(award_list) if not award.void]


def edition_lists(edition: Edition) -> list[UnitAwardList]:
    """Every unit's list of the edition (for the organizers), by unit name."""
    lists = db.session.scalars(
        select(UnitAwardList)
        .where(UnitAwardList.edition_id == edition.id)
        .options(
            selectinload(UnitAwardList.unit),
            selectinload(UnitAwardList.awards),
            selectinload(UnitAwardList.levels),
        )
    )
    return sorted(lists, key=lambda award_list: award_list.unit.name)
