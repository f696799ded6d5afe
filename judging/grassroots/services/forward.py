"""Forwarding a unit's entries one step up the unit tree, as one signed batch."""

from __future__ import annotations

from datetime import datetime

from contest.extensions import db
from contest.models import Entry, EntryStatus, Unit, User
from contest.services.audit import audit
from contest.services.unit_tree import may_forward
from judging.grassroots.models import EntryForward, ForwardBatch


def forward_up(
    entries: list[Entry], actor: User, now: datetime
) -> tuple[int, Unit | None]:
    """Forward the entries to the parent of the actor's unit (or to the city).

    Returns how many moved and where they went (None: the city). Entries that are
    not submitted, or not held within the actor's subtree, are left as they are. The
    steps of one call form one ForwardBatch, which the unit's head signs off.
    """
    unit = db.session.get(Unit, actor.unit_id) if actor.unit_id else None
    if unit is None:
        return 0, None
    target = unit.parent
    moved = 0
    batch = None
    for entry in entries:
        if not may_forward(entry, unit.id):
            continue
        if batch is None:  # one batch per forward, for the head's cover letter
            batch = ForwardBatch(
                from_unit_id=unit.id,
                to_unit_id=target.id if target else None,
                edition_id=entry.edition_id,
                created_by_id=actor.id,
                created_at=now,
            )
            db.session.add(batch)
        db.session.add(
            EntryForward(
                entry_id=entry.id,
                from_unit_id=unit.id,
                to_unit_id=target.id if target else None,
                by_id=actor.id,
                at=now,
                batch=batch,
            )
        )
        if target is None:
            entry.status = EntryStatus.FORWARDED
            entry.holder_unit_id = None
            entry.forwarded_at, entry.forwarded_by_id = now, actor.id
        else:
            entry.holder_unit_id = target.id
        moved += 1
    db.session.flush()
    audit(
        actor,
        "entry.forward",
        None,
        entries=[e.id for e in entries],
        forwarded=moved,
        to_unit=target.id if target else None,
    )
    return moved, target
