"""Safe intake of writers' uploads: documents → text, photos → clean images.

Public API (pure: no Flask, no database):

- ``extract_document(data, filename, *, limits)`` → ``ExtractedDocument``: .docx, .odt,
  .pdf or .txt detected by content, parsed in a limited child process, cleaned with
  ``contest.textnorm.clean_text``; one paragraph per line.
- ``sniff(data, filename)`` → ``DocKind``: the type by content, or DocumentRejected.
- ``clean_image(data, *, max_bytes, max_pixels)`` → ``CleanImage``; ``make_thumbnail``.
- ``sanitize_docx(data)`` → bytes: a copy without author metadata, for judges/others.
- Every refusal is ``DocumentRejected(code: IntakeError, **details)``.

``clean_copy.clean_copy(data, mime)`` → bytes: the metadata-free copy of a .docx,
.odt, .pdf, .txt or MP4/WebM video that anyone but the author and organizers
downloads (the PDF is rebuilt page by page without Info/XMP, annotations,
attachments or old revisions; videos keep their length, metadata zeroed).
Judges still read the extracted text, never a file.
"""

from contest.documents.errors import DocumentRejected, IntakeError
from contest.documents.extract import extract_document
from contest.documents.images import CleanImage, clean_image, make_thumbnail
from contest.documents.results import (
    DEFAULT_LIMITS,
    DocKind,
    ExtractedDocument,
    IntakeLimits,
)
from contest.documents.sanitize import sanitize_docx
from contest.documents.sniff import sniff

__all__ = [
    "DEFAULT_LIMITS",
    "CleanImage",
    "DocKind",
    "DocumentRejected",
    "ExtractedDocument",
    "IntakeError",
    "IntakeLimits",
    "clean_image",
    "extract_document",
    "make_thumbnail",
    "sanitize_docx",
    "sniff",
]
