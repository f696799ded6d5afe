"""An entry's audit trail as organizers read it on the entry page: the log rows about
the entry, with runs of the same action by the same person (autosave) shown as one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from contest.extensions import db
from contest.models import AuditLog


def audit_trail(entry_id: int) -> list[AuditLog]:
    """The audit-log rows about one entry, oldest first."""
    return list(
        db.session.scalars(
            select(AuditLog)
            .where(AuditLog.object_type == "entry", AuditLog.object_id == entry_id)
            .options(joinedload(AuditLog.actor))
            .order_by(AuditLog.at, AuditLog.id)
        )
    )


@dataclass
class TrailItem:
    """Consecutive identical audit actions by one person, shown as one line."""

    first: AuditLog
    last: AuditLog
    count: int


def collapse_trail(rows: list[AuditLog]) -> list[TrailItem]:
    """Merge runs of the same action by the same actor (autosave logs many drafts)."""
    items: list[TrailItem] = []
    for row in rows:
        previous = items[-1] if items else None
        if (
            previous is not None
            and previous.last.action == row.action
            and previous.last.actor_id == row.actor_id
            and not row.detail.get("reason")
        ):
            previous.last, previous.count = row, previous.count + 1
        else:
            items.append(TrailItem(row, row, 1))
    return items
