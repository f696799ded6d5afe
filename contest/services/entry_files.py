"""An entry's files: the story's document (its text extracted in a sandbox), the
video of a radio/TV press work, and photos of the featured person (re-encoded
without EXIF/GPS, with a thumbnail). Each file is stored by content hash
(contest.storage) and recorded as an Attachment of the entry; the caller commits."""

from __future__ import annotations

from contest.documents import (
    DocKind,
    DocumentRejected,
    ExtractedDocument,
    IntakeError,
    clean_image,
    extract_document,
    make_thumbnail,
)
from contest.models import Attachment, AttachmentKind, Entry, User
from contest.paragraphs import drop_repeated_title
from contest.services.audit import audit
from contest.storage import store_bytes

DOCUMENT_MIME = {
    DocKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocKind.ODT: "application/vnd.oasis.opendocument.text",
    DocKind.PDF: "application/pdf",
    DocKind.TXT: "text/plain",
}


def _store_attachment(
    entry: Entry,
    kind: AttachmentKind,
    data: bytes,
    *,
    name: str,
    mime: str,
    suffix: str,
) -> Attachment:
    stored = store_bytes(data, suffix)
    attachment = Attachment(
        kind=kind,
        storage_key=stored.key,
        original_name=name[:255],
        mime=mime,
        size=stored.size,
        sha256=stored.sha256,
    )
    entry.attachments.append(attachment)
    return attachment


def attach_document(
    entry: Entry,
    actor: User,
    data: bytes,
    filename: str,
    *,
    allow_scan: bool = False,
    extracted: ExtractedDocument | None = None,
) -> ExtractedDocument:
    """Extract an uploaded document's text (in a sandbox) and keep the file.

    A scan without text is refused for writers; units may file it as "needs typing".
    Raises DocumentRejected with a code the view turns into a message. ``extracted``:
    the result of extract_document(data, filename) when the caller already has it
    (the bulk import extracts several files in parallel before touching the session).
    """
    extracted = extracted or extract_document(data, filename)
    if extracted.kind.value not in entry.edition.file_types:
        raise DocumentRejected(IntakeError.UNSUPPORTED_TYPE, kind=extracted.kind.value)
    if extracted.needs_typing and not allow_scan:
        raise DocumentRejected(IntakeError.NEEDS_TYPING)
    kind = AttachmentKind.SCAN if extracted.needs_typing else AttachmentKind.DOCUMENT
    for old in [
        a
        for a in entry.attachments
        if a.kind in (AttachmentKind.DOCUMENT, AttachmentKind.SCAN)
    ]:
        if not any(v.document_id == old.id for v in entry.versions):
            entry.attachments.remove(old)
    stored = _store_attachment(
        entry,
        kind,
        data,
        name=filename,
        mime=DOCUMENT_MIME[extracted.kind],
        suffix="." + extracted.kind.value,
    )
    # Hidden text was left out of the text; the identity review says it was there.
    stored.hidden_words = extracted.hidden_words
    stored.hidden_kinds = ",".join(kind for kind, _ in extracted.hidden)
    if extracted.needs_typing:
        entry.needs_typing = True
    else:
        entry.draft_text = drop_repeated_title(extracted.text, entry.title)
        entry.draft_source = "upload"
        entry.needs_typing = False
    audit(
        actor,
        "entry.attach_document",
        entry,
        kind=extracted.kind.value,
        words=extracted.word_count,
    )
    return extracted


VIDEO_SIGNATURES = {"video/mp4": (4, b"ftyp"), "video/webm": (0, b"\x1a\x45\xdf\xa3")}


class VideoRejected(Exception):
    """A video upload was refused: code is "too_large" or "not_a_video"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def video_mime(data: bytes) -> str | None:
    """The MIME type of an MP4 or WebM file, judged by its first bytes."""
    for mime, (offset, magic) in VIDEO_SIGNATURES.items():
        if data[offset : offset + len(magic)] == magic:
            return mime
    return None


def attach_video(
    entry: Entry, actor: User, data: bytes, filename: str, *, max_bytes: int
) -> Attachment:
    """Keep the video of a radio/TV press work (one per entry; a new one replaces it)."""
    if len(data) > max_bytes:
        raise VideoRejected("too_large")
    mime = video_mime(data)
    if mime is None:
        raise VideoRejected("not_a_video")
    for old in [a for a in entry.attachments if a.kind == AttachmentKind.VIDEO]:
        entry.attachments.remove(old)
    suffix = ".mp4" if mime == "video/mp4" else ".webm"
    attachment = _store_attachment(
        entry, AttachmentKind.VIDEO, data, name=filename, mime=mime, suffix=suffix
    )
    audit(actor, "entry.attach_video", entry, size=len(data))
    return attachment


def add_photo(entry: Entry, actor: User, data: bytes, filename: str) -> Attachment:
    """Keep a photo of the featured person, re-encoded without EXIF/GPS, with a thumbnail."""
    if len(entry.photos) >= entry.edition.max_photos:
        raise DocumentRejected(
            IntakeError.FILE_TOO_LARGE, too_many_photos=entry.edition.max_photos
        )
    image = clean_image(data)
    suffix = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}[
        image.mime
    ]
    attachment = _store_attachment(
        entry,
        AttachmentKind.PHOTO,
        image.data,
        name=filename,
        mime=image.mime,
        suffix=suffix,
    )
    attachment.clean_key = attachment.storage_key
    attachment.thumbnail_key = store_bytes(make_thumbnail(image.data), ".jpg").key
    audit(actor, "entry.add_photo", entry)
    return attachment


def remove_photo(entry: Entry, actor: User, attachment_id: int) -> None:
    """Drop one photo of the entry."""
    for attachment in entry.photos:
        if attachment.id == attachment_id:
            entry.attachments.remove(attachment)
            audit(actor, "entry.remove_photo", entry)
            return
