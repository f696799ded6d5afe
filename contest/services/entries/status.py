"""An entry's status after submission: withdrawal, eligibility rulings, a unit's
verification and forwarding. A status is a result: the features may refuse the change
(contest.hooks.before_result_change, e.g. once the results are published)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from contest import hooks
from contest.extensions import db
from contest.mail import send_email
from contest.models import AuditLog, Entry, EntryStatus, User
from contest.services.audit import audit
from contest.services.entries.drafting import _clean


def _results_open(entry: Entry) -> None:
    """An entry's status is a result: the features may refuse to change it now
    (e.g. the stages refuse once the results are published)."""
    hooks.before_result_change.check(entry.edition)


def withdraw(entry: Entry, actor: User) -> None:
    """The writer takes the entry back (before the deadline)."""
    _results_open(entry)
    entry.status = EntryStatus.WITHDRAWN
    audit(actor, "entry.withdraw", entry)


def withdraw_for_writer(entry: Entry, actor: User, reason: str) -> None:
    """An organizer withdraws the entry (e.g. sent twice); the writer is told why."""
    _results_open(entry)
    entry.status = EntryStatus.WITHDRAWN
    entry.status_reason = _clean(reason)
    owner = entry.owner
    send_email(owner.email, "entry_withdrawn", locale=owner.locale, entry=entry)
    audit(actor, "entry.withdraw", entry, reason=entry.status_reason)


def mark_not_eligible(entry: Entry, actor: User, reason: str) -> None:
    """An organizer rules the entry out; the writer is told why."""
    _results_open(entry)
    previous = entry.status
    entry.status = EntryStatus.NOT_ELIGIBLE
    entry.status_reason = _clean(reason)
    owner = entry.owner
    send_email(owner.email, "entry_not_eligible", locale=owner.locale, entry=entry)
    audit(
        actor,
        "entry.not_eligible",
        entry,
        reason=entry.status_reason,
        previous=str(previous),
    )


def mark_eligible_again(entry: Entry, actor: User, reason: str) -> None:
    """An organizer reverses a "not eligible" ruling; the entry gets its status back."""
    _results_open(entry)
    ruling = db.session.scalar(
        select(AuditLog)
        .where(
            AuditLog.object_type == "entry",
            AuditLog.object_id == entry.id,
            AuditLog.action == "entry.not_eligible",
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    previous = (ruling.detail or {}).get("previous") if ruling else None
    if previous not in {s.value for s in EntryStatus} or previous in (
        EntryStatus.DRAFT,
        EntryStatus.NOT_ELIGIBLE,
        EntryStatus.WITHDRAWN,
    ):
        previous = (
            EntryStatus.FORWARDED if entry.forwarded_at else EntryStatus.SUBMITTED
        )
    entry.status = EntryStatus(previous)
    entry.status_reason = ""
    audit(
        actor,
        "entry.eligible_again",
        entry,
        reason=_clean(reason),
        status=str(previous),
    )


def verify(entry: Entry, actor: User, now: datetime) -> None:
    """A unit focal point confirms an entry's details."""
    entry.verified_at, entry.verified_by_id = now, actor.id
    audit(actor, "entry.verify", entry)


def forward(entries: list[Entry], actor: User, now: datetime) -> int:
    """A unit sends submitted entries on to the city; returns how many were forwarded."""
    count = 0
    for entry in entries:
        if entry.status == EntryStatus.SUBMITTED:
            entry.status = EntryStatus.FORWARDED
            entry.forwarded_at, entry.forwarded_by_id = now, actor.id
            count += 1
    audit(
        actor, "entry.forward", None, entries=[e.id for e in entries], forwarded=count
    )
    return count
