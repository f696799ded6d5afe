"""extract_document: from uploaded bytes to clean text and a word count, safely.

Order of the checks, cheapest and most telling first: size → type by content →
zip layout (no inflating) → parse in the sandboxed child → clean (NFC, whitespace,
the one paragraph separation of ``contest.textnorm``) → count. Plain .txt is decoded
here: that is bounded work needing no sandbox.
"""

from __future__ import annotations

from contest.documents.errors import DocumentRejected, IntakeError
from contest.documents.results import (
    DEFAULT_LIMITS,
    DocKind,
    ExtractedDocument,
    IntakeLimits,
)
from contest.documents.sandbox import run_worker
from contest.documents.sniff import sniff
from contest.documents.textfile import decode_text
from contest.documents.zipcheck import check_archive, open_archive
from contest.paragraphs import join_paragraphs, paragraph_text
from contest.textnorm import word_count


def extract_document(
    data: bytes, filename: str = "", *, limits: IntakeLimits = DEFAULT_LIMITS
) -> ExtractedDocument:
    """Return the cleaned text of an upload, or raise DocumentRejected with a code.

    A PDF with pages but no text layer (a scan) is not an error here: the result has
    ``needs_typing=True`` and empty text, and the caller decides (writers are told
    IntakeError.NEEDS_TYPING; unit focal points may file it as an attachment).
    """
    if len(data) > limits.max_bytes:
        raise DocumentRejected(
            IntakeError.FILE_TOO_LARGE, size=len(data), limit=limits.max_bytes
        )
    kind = sniff(data, filename)
    pages = None
    hidden: dict[str, int] = {}
    if kind is DocKind.TXT:
        text = paragraph_text(decode_text(data))
    else:
        if kind in (DocKind.DOCX, DocKind.ODT):
            with open_archive(data) as archive:
                check_archive(archive, limits)
        result = run_worker(kind.value, data, limits)
        text = join_paragraphs(result["paragraphs"])
        pages = result.get("pages")
        hidden = result.get("hidden") or {}
        if kind is DocKind.PDF and not text.strip() and result.get("has_images"):
            return ExtractedDocument(kind, "", 0, needs_typing=True, pages=pages)
    if not text:
        raise DocumentRejected(IntakeError.EMPTY_DOCUMENT, kind=kind.value)
    return ExtractedDocument(
        kind,
        text,
        word_count(text),
        needs_typing=False,
        pages=pages,
        hidden=tuple(sorted((str(k), int(v)) for k, v in hidden.items() if v)),
    )
