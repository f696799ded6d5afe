"""Return an entry to its writer with a reason: a unit that holds a submitted online
entry sends it back (it becomes the writer's draft again, number kept); the writer is
told why by email and sees the reason in "My entries"; resubmitting sends it back to
the writer's unit."""

from __future__ import annotations

from contest.extensions import db
from contest.mail import send_email
from contest.models import Entry, EntryChannel, EntryStatus, User
from contest.services.audit import audit
from contest.services.unit_tree import may_forward
from contest.textnorm import clean_text


def may_return(entry: Entry, unit_id: int | None) -> bool:
    """A writer's own (online) submitted entry held within the unit's subtree; paper
    entries belong to the unit, which edits them itself."""
    return (
        unit_id is not None
        and entry.channel == EntryChannel.ONLINE
        and may_forward(entry, unit_id)
    )


def return_to_writer(entry: Entry, actor: User, reason: str) -> None:
    """Send the entry back to its writer with the reason (the caller checked
    may_return and that the reason is not empty)."""
    entry.status = EntryStatus.DRAFT
    entry.status_reason = clean_text(reason).strip()
    entry.holder_unit_id = None
    entry.verified_at = entry.verified_by_id = None
    db.session.flush()
    owner = entry.owner
    send_email(owner.email, "entry_returned", locale=owner.locale, entry=entry)
    audit(actor, "entry.return", entry, reason=entry.status_reason)
