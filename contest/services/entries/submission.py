"""Submitting an entry: its number, a new version, the receipt; features hear of it
through contest.signals.entry_submitted (e.g. the plagiarism check is queued)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from contest.extensions import db
from contest.mail import send_email
from contest.models import (
    AttachmentKind,
    Edition,
    Entry,
    EntryStatus,
    EntryVersion,
    User,
)
from contest.services.audit import audit
from contest.services.entries.drafting import refresh_search_text
from contest.signals import entry_submitted
from contest.textnorm import word_count


def next_number(edition: Edition) -> str:
    """The next entry number of the edition, e.g. HN2026-000123 (atomic on both engines)."""
    seq = db.session.execute(
        update(Edition)
        .where(Edition.id == edition.id)
        .values(last_entry_seq=Edition.last_entry_seq + 1)
        .returning(Edition.last_entry_seq)
    ).scalar_one()
    return f"{edition.code_prefix}{edition.year}-{seq:06d}"


class AlreadySubmitted(Exception):
    """Another request (a double click, a retried POST) submitted this draft first."""


def has_unsubmitted_changes(entry: Entry) -> bool:
    """True when the draft differs from the last submitted version (or none exists)."""
    latest = entry.latest_version
    return (
        latest is None or latest.text != entry.draft_text or latest.title != entry.title
    )


def submit(
    entry: Entry, actor: User, now: datetime, *, notify: bool = True
) -> EntryVersion:
    """Submit the draft text as a new version; the first submission gets a number.

    The caller has checked problems(); a receipt email goes to the entry's owner.
    Raises AlreadySubmitted when a concurrent request numbered the entry first.
    """
    first = entry.number is None
    if first:
        number = next_number(entry.edition)
        claimed = db.session.execute(
            update(Entry)
            .where(Entry.id == entry.id, Entry.number.is_(None))
            .values(number=number, submitted_at=now, status=EntryStatus.SUBMITTED)
        ).rowcount
        if not claimed:
            raise AlreadySubmitted
        db.session.refresh(entry, ["number", "submitted_at", "status"])
    elif entry.status == EntryStatus.DRAFT:  # returned by its unit, now resubmitted
        entry.status, entry.status_reason = EntryStatus.SUBMITTED, ""
    document = next(
        (a for a in reversed(entry.attachments) if a.kind == AttachmentKind.DOCUMENT),
        None,
    )
    version = EntryVersion(
        number=len(entry.versions) + 1,
        title=entry.title,
        text=entry.draft_text,
        word_count=word_count(entry.draft_text),
        source=entry.draft_source,
        document_id=document.id
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
    audit(actor, "entry.submit", entry, number=entry.number, version=version.number)
    entry_submitted.send(entry)  # e.g. the plagiarism check is queued; never raises
    return version
