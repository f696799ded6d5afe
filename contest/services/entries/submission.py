"""Submitting an entry: where it goes (the writer's unit or straight to the city, as
the edition allows), its number, a new version, the receipt; features hear of it
through contest.signals.entry_submitted (e.g. the plagiarism check is queued)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from contest.extensions import db
from contest.mail import send_email
from contest.models import (
    AttachmentKind,
    Edition,
    Entry,
    EntryChannel,
    EntryStatus,
    EntryVersion,
    User,
)
from contest.services.audit import audit
from contest.services.entries.drafting import refresh_search_text
from contest.signals import entry_submitted
from contest.subjects import WritersSendTo
from contest.textnorm import word_count


def next_number(edition: Edition) -> str:
    """The next entry number of the edition, e.g. HN2026-000123 (atomic on both engines)."""
    # On the session's connection: no autoflush of the caller's pending changes
    # (they are written together at its next flush).
    seq = (
        db.session.connection()
        .execute(
            update(Edition)
            .where(Edition.id == edition.id)
            .values(last_entry_seq=Edition.last_entry_seq + 1)
            .returning(Edition.last_entry_seq)
        )
        .scalar_one()
    )
    return f"{edition.code_prefix}{edition.year}-{seq:06d}"


class AlreadySubmitted(Exception):
    """Another request (a double click, a retried POST) submitted this draft first."""


def has_unsubmitted_changes(entry: Entry) -> bool:
    """True when the draft differs from the last submitted version (or none exists)."""
    latest = entry.latest_version
    return (
        latest is None or latest.text != entry.draft_text or latest.title != entry.title
    )


def destinations(entry: Entry) -> tuple[WritersSendTo, ...]:
    """Where submitting may send this entry, the default first: () when it is not
    a writer's to send (a unit's paper entry, a writer with no unit, an entry already
    with a unit or at the city); one place, or both when the edition lets the writer
    choose."""
    if (
        entry.channel != EntryChannel.ONLINE
        or entry.unit_id is None
        or entry.status != EntryStatus.DRAFT
    ):
        return ()
    rule = WritersSendTo(entry.edition.writers_send_to or WritersSendTo.UNIT)
    if rule == WritersSendTo.CHOICE:
        return (WritersSendTo.UNIT, WritersSendTo.CITY)
    return (rule,)


def _route(entry: Entry, send_to: str | None) -> None:
    """Send the entry where the writer chose, if the edition allows it (else to the
    first place allowed); a writer with no unit sends to the city as always."""
    options = destinations(entry)
    if not options:
        return
    chosen = next((o for o in options if o == send_to), options[0])
    entry.direct_to_city = chosen == WritersSendTo.CITY
    entry.holder_unit_id = None


def submit(
    entry: Entry,
    actor: User,
    now: datetime,
    *,
    notify: bool = True,
    send_to: str | None = None,
) -> EntryVersion:
    """Submit the draft text as a new version; the first submission gets a number.

    The caller has checked problems(); a receipt email goes to the entry's owner.
    ``send_to`` is the writer's choice of destination (``destinations``).
    Raises AlreadySubmitted when a concurrent request numbered the entry first.
    """
    _route(entry, send_to)
    first = entry.number is None
    if first:
        if entry.id is None:  # a new entry not yet written: the claim names its row
            db.session.flush()
        number = next_number(entry.edition)
        claimed = (
            db.session.connection()
            .execute(
                update(Entry)
                .where(Entry.id == entry.id, Entry.number.is_(None))
                .values(number=number, submitted_at=now, status=EntryStatus.SUBMITTED)
            )
            .rowcount
        )
        if not claimed:
            raise AlreadySubmitted
        # The row now holds what was just written: no need to read it back.
        set_committed_value(entry, "number", number)
        set_committed_value(entry, "submitted_at", now)
        set_committed_value(entry, "status", EntryStatus.SUBMITTED)
    elif entry.status == EntryStatus.DRAFT:  # returned by its unit, now resubmitted
        entry.status, entry.status_reason = EntryStatus.SUBMITTED, ""
    with db.session.no_autoflush:  # the entry's changes go out in one UPDATE below
        document = next(
            (
                a
                for a in reversed(entry.attachments)
                if a.kind == AttachmentKind.DOCUMENT
            ),
            None,
        )
        versions = len(entry.versions)
    version = EntryVersion(
        number=versions + 1,
        title=entry.title,
        text=entry.draft_text,
        word_count=word_count(entry.draft_text),
        source=entry.draft_source,
        # The relationship, not the id: an attachment added in this transaction
        # (a unit's import) gets its id at the flush below.
        document=document
        if document is not None and entry.draft_source == "upload"
        else None,
        created_by_id=actor.id,
        created_at=now,
    )
    entry.versions.append(version)
    refresh_search_text(entry)
    db.session.flush()
    if notify:
        owner = entry.owner
        send_email(
            owner.email,
            "entry_receipt",
            locale=owner.locale,
            entry=entry,
            version=version,
            first=first,
        )
    audit(
        actor,
        "entry.submit",
        entry,
        number=entry.number,
        version=version.number,
        direct_to_city=entry.direct_to_city,
    )
    entry_submitted.send(entry)  # e.g. the plagiarism check is queued; never raises
    return version
