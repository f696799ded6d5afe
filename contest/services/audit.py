"""The one audit-log call."""

from __future__ import annotations

from contest.extensions import db
from contest.models import AuditLog, User


def audit(actor: User | None, action: str, obj=None, **detail) -> AuditLog:
    """Append one row to the audit log (who, what, which object, details)."""
    row = AuditLog(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=getattr(obj, "id", None),
        detail={key: value for key, value in detail.items() if value is not None},
    )
    db.session.add(row)
    return row
