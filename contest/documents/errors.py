"""Why an upload was refused: one code per cause, and the exception that carries it.

The web layer maps each code to a Vietnamese message; the comment on each member says
when it happens and what the writer should do, so that message can be written.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class IntakeError(StrEnum):
    """Codes for refused uploads (documents and images); values are stable, log-safe."""

    # The file is larger than the limit. → Shorten it, or remove/compress pictures.
    FILE_TOO_LARGE = "file_too_large"
    # The file or its text is empty (0 bytes, blank .docx, blank PDF page).
    # → Check that the right file was chosen and that it contains the entry's text.
    EMPTY_DOCUMENT = "empty_document"
    # Content is not .docx/.odt/.pdf/.txt (program, picture, spreadsheet, RTF…),
    # whatever the file is called. → Save the entry as .docx, .odt, .pdf or .txt.
    UNSUPPORTED_TYPE = "unsupported_type"
    # A Word 97-2003 ".doc" file. → Open it in Word and "Save as" .docx (or PDF).
    LEGACY_WORD_FORMAT = "legacy_word_format"
    # The file is damaged or truncated (broken zip, invalid XML, unreadable PDF).
    # → Open it on your computer, save it again, and upload the new copy.
    CORRUPT_FILE = "corrupt_file"
    # The document is locked with a password (encrypted .docx/.odt or PDF).
    # → Remove the password (save an unprotected copy) and upload again.
    PASSWORD_PROTECTED = "password_protected"
    # The .docx/.odt would unpack to far more than its size (a "zip bomb"), or has
    # too many parts. → Save it again from a word processor; remove huge pictures.
    ZIP_BOMB = "zip_bomb"
    # The zip container has dangerous entry names ("../", absolute paths) or a zip
    # inside it. → Save the document again from a word processor.
    UNSAFE_ARCHIVE = "unsafe_archive"
    # A .txt that is neither UTF-8 nor UTF-16 with a byte-order mark (e.g.
    # Windows-1258, VNI, TCVN3). → Save it as "UTF-8" (Notepad: Save as → Encoding).
    TEXT_ENCODING = "text_encoding"
    # A PDF with pages but no text layer (a scan or photo). Not raised by
    # extract_document (it returns needs_typing=True); callers raise it for writers.
    # → Upload the typed .docx/.odt, or paste the text.
    NEEDS_TYPING = "needs_typing"
    # Reading the file used more CPU time than allowed. → Save it again (maybe as
    # .docx or .txt); if it keeps happening, contact the organizers.
    PARSE_CPU_LIMIT = "parse_cpu_limit"
    # Reading the file needed more memory than allowed. → As above.
    PARSE_MEMORY_LIMIT = "parse_memory_limit"
    # Reading the file took longer than the wall-clock limit. → Try again later;
    # if it keeps happening, save it as .docx or .txt.
    PARSE_TIMEOUT = "parse_timeout"
    # The reader process failed for another reason (our bug or a missing library).
    # → Try again later; the organizers are told through the logs.
    WORKER_FAILED = "worker_failed"
    # Photo upload is not a JPEG, PNG or WebP picture. → Upload a JPEG/PNG/WebP photo.
    NOT_AN_IMAGE = "not_an_image"
    # Photo has too many pixels (possible decompression bomb). → Upload a smaller
    # photo (e.g. resize to at most a few thousand pixels wide).
    IMAGE_TOO_MANY_PIXELS = "image_too_many_pixels"
    # Photo is animated (GIF-like WebP/PNG). → Upload a still photo.
    IMAGE_ANIMATED = "image_animated"


class DocumentRejected(Exception):
    """An upload (document or image) was refused; ``code`` says why, ``details`` help.

    ``details`` hold plain values only (sizes, limits, a part name), never the
    file's contents, so they can be logged and shown.
    """

    def __init__(self, code: IntakeError, **details: Any) -> None:
        super().__init__(code.value, details)
        self.code = code
        self.details = details

    def __str__(self) -> str:
        extra = ", ".join(f"{key}={value!r}" for key, value in self.details.items())
        return f"{self.code.value}({extra})" if extra else self.code.value
