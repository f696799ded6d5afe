"""Metadata-free copies of .odt and .pdf uploads, and one entry point for every type.

``clean_copy(data, mime)`` is what anyone but an entry's author and the organizers
downloads: .docx through ``sanitize_docx``; .odt with meta.xml and settings.xml
emptied, the preview thumbnail dropped, annotation and tracked-change authors renamed
"Ẩn danh" and pictures stripped of EXIF/XMP; .pdf rebuilt page by page by pypdf into a
new file, which leaves out the Info dictionary, the XMP stream, attachments, forms,
bookmarks and the older revisions an incremental save keeps, and then drops every
annotation (comments carry their author) and the pages' own /Metadata and /PieceInfo;
plain text has nothing to clean; MP4/WebM videos lose their metadata boxes
(``videometa``). Text the writer typed into the body stays: it is
content, not metadata. A file that cannot be cleaned raises DocumentRejected: no copy
at all is better than a half-cleaned one.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from contest.documents.errors import DocumentRejected, IntakeError
from contest.documents.imagemeta import strip_image_metadata
from contest.documents.results import DEFAULT_LIMITS, IntakeLimits
from contest.documents.sanitize import ANONYMOUS, sanitize_docx
from contest.documents.videometa import strip_video_metadata
from contest.documents.zipcheck import check_archive, open_archive

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MIME = "application/vnd.oasis.opendocument.text"
PDF_MIME = "application/pdf"
SUFFIXES = {
    DOCX_MIME: ".docx",
    ODT_MIME: ".odt",
    PDF_MIME: ".pdf",
    "text/plain": ".txt",
}

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_DC = "{http://purl.org/dc/elements/1.1/}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
_EMPTY_META = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office='
    f'"{_OFFICE}" office:version="1.2"><office:meta/></office:document-meta>'
).encode()
_EMPTY_SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings xmlns:office='
    f'"{_OFFICE}" office:version="1.2"/>'
).encode()
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_PDF_PAGE_DROP = ("/Metadata", "/PieceInfo", "/LastModified")


def clean_copy(
    data: bytes, mime: str, *, limits: IntakeLimits = DEFAULT_LIMITS
) -> bytes:
    """The metadata-free bytes of a stored document of type ``mime``."""
    if mime == DOCX_MIME:
        return sanitize_docx(data, limits=limits)
    if mime == ODT_MIME:
        return sanitize_odt(data, limits=limits)
    if mime == PDF_MIME:
        return sanitize_pdf(data)
    if mime == "text/plain":
        return data
    if mime in ("video/mp4", "video/webm"):
        return strip_video_metadata(data, mime)
    raise DocumentRejected(IntakeError.UNSUPPORTED_TYPE, detected=mime)


def sanitize_odt(data: bytes, *, limits: IntakeLimits = DEFAULT_LIMITS) -> bytes:
    """Return the .odt ``data`` without its author metadata."""
    out = io.BytesIO()
    try:
        with (
            open_archive(data) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            check_archive(source, limits)
            for info in source.infolist():
                name = info.filename
                if info.is_dir() or name.startswith("Thumbnails/"):
                    continue
                content = _clean_odt_part(name, source.read(info))
                member = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                # ODF wants "mimetype" first and stored, so readers can sniff it.
                method = (
                    zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                )
                target.writestr(member, content, method)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError) as exc:
        raise DocumentRejected(
            IntakeError.CORRUPT_FILE, error=type(exc).__name__
        ) from exc
    return out.getvalue()


def _clean_odt_part(name: str, content: bytes) -> bytes:
    """The cleaned bytes of one member of an .odt."""
    if name == "meta.xml":
        return _EMPTY_META
    if name == "settings.xml":  # printer names, window layouts, sometimes paths
        return _EMPTY_SETTINGS
    if name.startswith("Pictures/"):
        return strip_image_metadata(content)
    if not name.endswith(".xml"):
        return content
    root = etree.fromstring(content, _PARSER)
    if name == "META-INF/manifest.xml":
        for entry in list(root):
            if entry.get(_MANIFEST + "full-path", "").startswith("Thumbnails/"):
                root.remove(entry)
    for creator in root.iter(_DC + "creator"):  # annotations and tracked changes
        creator.text = ANONYMOUS
    for stamp in root.iter(_DC + "date"):
        stamp.text = "1980-01-01T00:00:00"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def sanitize_pdf(data: bytes) -> bytes:
    """Return the PDF ``data`` rebuilt without Info, XMP, annotations or revisions."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")  # only owner-locked PDFs get this far (see pdftext)
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.remove_annotations(subtypes=None)
        for page in writer.pages:
            for key in _PDF_PAGE_DROP:
                page.pop(NameObject(key), None)
            _drop_xobject_metadata(page)
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
    except Exception as exc:  # any pypdf failure on a hostile file: no clean copy
        raise DocumentRejected(
            IntakeError.CORRUPT_FILE, error=type(exc).__name__
        ) from exc
    return out.getvalue()


def _drop_xobject_metadata(page) -> None:
    """Pictures and forms placed on a page may carry their own XMP stream, and a
    photo placed as a JPEG keeps its EXIF (a phone scan: GPS, camera, owner)."""
    from pypdf.generic import NameObject

    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return
    for reference in xobjects.get_object().values():
        xobject = reference.get_object()
        for key in ("/Metadata", "/PieceInfo"):
            xobject.pop(NameObject(key), None)
        if xobject.get("/Filter") == "/DCTDecode":  # a JPEG as is: EXIF, GPS, XMP
            xobject._data = strip_image_metadata(xobject._data)
