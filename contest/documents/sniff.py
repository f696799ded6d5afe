"""Tell what an upload really is from its bytes (magic numbers), never its name.

Only the zip central directory (and the tiny ODF ``mimetype`` member) is read here:
nothing is inflated, so a zip bomb costs nothing to sniff.
"""

from __future__ import annotations

from contest.documents.errors import DocumentRejected, IntakeError
from contest.documents.results import DocKind
from contest.documents.zipcheck import open_archive, read_member

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-32 BOMs start with these too

# Binary formats people upload by mistake; named in the rejection's details for logs.
_KNOWN_BINARIES = (
    (b"MZ", "windows_program"),
    (b"\x7fELF", "linux_program"),
    (b"\xcf\xfa\xed\xfe", "mac_program"),
    (b"\x89PNG", "png_image"),
    (b"\xff\xd8\xff", "jpeg_image"),
    (b"GIF8", "gif_image"),
    (b"{\\rtf", "rtf_document"),
    (b"\x1f\x8b", "gzip_archive"),
    (b"7z\xbc\xaf", "7z_archive"),
    (b"Rar!", "rar_archive"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file marker


def sniff(data: bytes, filename: str = "") -> DocKind:
    """Return the document kind of ``data``; raise DocumentRejected if we can't take it.

    ``filename`` only goes into error details (a .pdf renamed .docx is read as a PDF;
    a program renamed .docx is refused).
    """
    if not data.strip():
        raise DocumentRejected(IntakeError.EMPTY_DOCUMENT, filename=filename)
    if b"%PDF-" in data[:1024]:  # the spec tolerates junk before the header
        return DocKind.PDF
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, filename)
    if data.startswith(_CFB_MAGIC):
        _reject_cfb(data, filename)
    for magic, detected in _KNOWN_BINARIES:
        if data.startswith(magic):
            raise DocumentRejected(
                IntakeError.UNSUPPORTED_TYPE, detected=detected, filename=filename
            )
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise DocumentRejected(
            IntakeError.UNSUPPORTED_TYPE, detected="webp_image", filename=filename
        )
    if data.startswith(_BOMS) or _looks_like_text(data[:65536]):
        return DocKind.TXT
    raise DocumentRejected(
        IntakeError.UNSUPPORTED_TYPE, detected="binary", filename=filename
    )


def _sniff_zip(data: bytes, filename: str) -> DocKind:
    """A zip is a .docx if it has a Word body, an .odt if its mimetype says so."""
    with open_archive(data) as archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            mimetype = read_member(archive, "mimetype", 200)
            if mimetype.strip() == ODT_MIMETYPE:
                return DocKind.ODT
            detected = mimetype.decode("ascii", "replace")[:80] or "odf"
        elif "word/document.xml" in names:
            return DocKind.DOCX
        elif "xl/workbook.xml" in names:
            detected = "spreadsheet"
        elif "ppt/presentation.xml" in names:
            detected = "presentation"
        else:
            detected = "zip_archive"
    raise DocumentRejected(
        IntakeError.UNSUPPORTED_TYPE, detected=detected, filename=filename
    )


def _reject_cfb(data: bytes, filename: str) -> None:
    """OLE containers: a password-protected Office file, or a legacy .doc/.xls/.ppt.

    Stream names are stored in UTF-16LE in the directory sectors; finding the name is
    enough to tell these apart without a full CFB parser.
    """
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise DocumentRejected(
            IntakeError.PASSWORD_PROTECTED, detected="office", filename=filename
        )
    if "WordDocument".encode("utf-16-le") in data:
        raise DocumentRejected(IntakeError.LEGACY_WORD_FORMAT, filename=filename)
    raise DocumentRejected(
        IntakeError.UNSUPPORTED_TYPE, detected="ole_container", filename=filename
    )


def _looks_like_text(head: bytes) -> bool:
    """No NUL bytes and almost no control characters: some 8-bit or UTF-8 text."""
    if b"\0" in head:
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls <= len(head) // 200
