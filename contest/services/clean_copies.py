"""The metadata-free copies of entry documents and videos that non-authors download.

Made when a non-author first asks for the file, then stored next to the original,
content-addressed, in ``Attachment.clean_key`` (a registered file column: ``flask
files check`` and backups know it). Not at upload: cleaning a .docx costs about as
much CPU as extracting it, and uploads are the deadline-day hot path, while most
documents are never downloaded by anyone but their author and the organizers.
"""

from __future__ import annotations

from contest.documents import DocumentRejected
from contest.documents.clean_copy import SUFFIXES, clean_copy
from contest.extensions import db
from contest.models import Attachment, AttachmentKind
from contest.storage import read_stored, store_bytes


def store_clean_copy(data: bytes, mime: str) -> str | None:
    """Store the metadata-free copy of a document or video; None if it cannot be
    cleaned."""
    try:
        cleaned = clean_copy(data, mime)
    except DocumentRejected:
        return None  # non-authors then get no file at all, never a half-cleaned one
    return store_bytes(cleaned, SUFFIXES.get(mime, "")).key


def ensure_clean_copy(attachment: Attachment) -> str | None:
    """The key of the attachment's metadata-free copy, made now if it is not yet."""
    if attachment.clean_key is None and attachment.kind in (
        AttachmentKind.DOCUMENT,
        AttachmentKind.SCAN,
        AttachmentKind.VIDEO,
    ):
        attachment.clean_key = store_clean_copy(
            read_stored(attachment.storage_key), attachment.mime
        )
        db.session.flush()
    return attachment.clean_key
