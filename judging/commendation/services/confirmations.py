"""A unit's confirmation that the people an entry features and their deeds are real:
who may give it (a focal point of the entry's unit or of a unit above it), giving it,
withdrawing it, and reading it (for the unit's and the organizers' entry pages; never
for judges, whose pages only ever see a BlindEntry)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, EntryStatus, User
from contest.services.audit import audit
from contest.services.unit_tree import subtree_ids
from judging.commendation.models import EntryConfirmation

# Entries a unit may confirm: submitted and still in the contest.
CONFIRMABLE = (
    EntryStatus.SUBMITTED,
    EntryStatus.FORWARDED,
    EntryStatus.UNDER_REVIEW,
)


def may_confirm(entry: Entry, user: User) -> bool:
    """A focal point of the entry's unit, or of a unit above it, for an entry in
    the contest that names at least one person."""
    return (
        user.unit_id is not None
        and entry.unit_id is not None
        and entry.unit_id in subtree_ids(user.unit_id)
        and entry.number is not None
        and entry.status in CONFIRMABLE
        and bool(entry.featured)
    )


def confirmation_of(entry: Entry) -> EntryConfirmation | None:
    """The entry's confirmation, if a unit gave one."""
    return db.session.scalar(
        select(EntryConfirmation).where(EntryConfirmation.entry_id == entry.id)
    )


def confirm_entry(actor: User, entry: Entry, now: datetime) -> EntryConfirmation:
    """Record the confirmation (again: the newer one replaces it) with who, for which
    unit, when, and the names confirmed. The caller checked may_confirm."""
    row = confirmation_of(entry)
    if row is None:
        row = EntryConfirmation(entry_id=entry.id)
        db.session.add(row)
    row.unit_id = actor.unit_id
    row.unit_name = actor.unit.name if actor.unit else ""
    row.confirmed_by_id, row.confirmed_at = actor.id, now
    row.people_text = "\n".join(p.name for p in entry.featured)
    db.session.flush()
    audit(actor, "entry.confirm_people", entry, people=row.people)
    return row


def withdraw_confirmation(actor: User, entry: Entry) -> bool:
    """Take the confirmation back; False when there was none."""
    row = confirmation_of(entry)
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    audit(actor, "entry.unconfirm_people", entry, people=row.people)
    return True


def people_changed(row: EntryConfirmation, entry: Entry) -> bool:
    """The featured names differ from those confirmed (the writer edited them)."""
    return row.people != [p.name for p in entry.featured]
