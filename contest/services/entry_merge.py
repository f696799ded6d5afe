"""Merging an entry submitted twice: keep one, give it what the other had, withdraw the other.

What the kept entry receives from the other one, only where it lacks it:

- the unit's work: its verification (who, when) and its forwarding to the city (a
  submitted entry becomes forwarded), and the unit it was filed under;
- authors: co-authors of the other entry whose names (case, spacing and tone-mark
  placement aside) are not among its authors, appended after its own;
- files: photos of the featured person (same picture = same content hash, skipped;
  at most the edition's photo limit) and the press work's video. The kept entry gets
  new Attachment rows pointing at the same content-addressed stored files, so the
  withdrawn entry keeps its own.

Not moved: title, text and versions (the kept entry is judged on its own text),
featured people, track, field, press details. Both entries keep their whole version
history; the other one is withdrawn with the reason "Gộp vào <number>" (plus the
organizer's note) that its writer sees and is emailed, and both changes are audited.
"""

from __future__ import annotations

from contest.extensions import db
from contest.models import (
    Attachment,
    AttachmentKind,
    Entry,
    EntryAuthor,
    EntryStatus,
    User,
)
from contest.services.audit import audit
from contest.services.entries import refresh_search_text, withdraw_for_writer
from contest.textnorm import clean_text, fold


def merge_into(kept: Entry, other: Entry, actor: User, note: str = "") -> dict:
    """Move onto ``kept`` what ``other`` has and it lacks, then withdraw ``other``.

    Returns what was moved (also written to the audit log). The caller checked that
    both are entries of the same edition and that ``other`` is not withdrawn.
    """
    moved: dict = {"authors": [], "photos": 0, "video": False}
    if kept.verified_at is None and other.verified_at is not None:
        kept.verified_at, kept.verified_by_id = other.verified_at, other.verified_by_id
        moved["verified"] = True
    if kept.forwarded_at is None and other.forwarded_at is not None:
        kept.forwarded_at = other.forwarded_at
        kept.forwarded_by_id = other.forwarded_by_id
        if kept.status == EntryStatus.SUBMITTED:
            kept.status = EntryStatus.FORWARDED
        moved["forwarded"] = True
    if kept.unit_id is None and other.unit_id is not None:
        kept.unit_id = other.unit_id
        moved["unit"] = other.unit_id
    moved["authors"] = _merge_authors(kept, other)
    moved["photos"] = _merge_photos(kept, other)
    if not kept.videos and other.videos:
        kept.attachments.append(_copy_attachment(other.videos[-1]))
        moved["video"] = True
    refresh_search_text(kept)
    reason = f"Gộp vào {kept.number}"
    note = clean_text(note or "").strip()
    withdraw_for_writer(other, actor, f"{reason}. {note}" if note else reason)
    audit(actor, "entry.merge", kept, merged=other.id, number=other.number, **moved)
    db.session.flush()
    return moved


def _merge_authors(kept: Entry, other: Entry) -> list[str]:
    """Append the other entry's co-authors that the kept one does not list."""
    known = {fold(a.full_name) for a in kept.authors}
    added = []
    for author in other.authors:
        if fold(author.full_name) in known:
            continue
        known.add(fold(author.full_name))
        kept.authors.append(
            EntryAuthor(
                position=len(kept.authors),
                user_id=author.user_id,
                full_name=author.full_name,
                birth_year=author.birth_year,
                email=author.email,
                phone=author.phone,
                address=author.address,
                unit_name=author.unit_name,
            )
        )
        added.append(author.full_name)
    return added


def _merge_photos(kept: Entry, other: Entry) -> int:
    """Copy the other entry's photos the kept one lacks, up to the photo limit."""
    hashes = {p.sha256 for p in kept.photos}
    count = 0
    for photo in other.photos:
        if len(kept.photos) >= kept.edition.max_photos:
            break
        if photo.sha256 not in hashes:
            kept.attachments.append(_copy_attachment(photo))
            hashes.add(photo.sha256)
            count += 1
    return count


def _copy_attachment(source: Attachment) -> Attachment:
    """A new row for the same stored files (keys are content-addressed and shared)."""
    return Attachment(
        kind=AttachmentKind(source.kind),
        storage_key=source.storage_key,
        clean_key=source.clean_key,
        thumbnail_key=source.thumbnail_key,
        original_name=source.original_name,
        mime=source.mime,
        size=source.size,
        sha256=source.sha256,
    )
