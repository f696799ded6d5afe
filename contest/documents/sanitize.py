"""sanitize_docx: a copy of a .docx without who-wrote-it metadata, for judges etc.

Removed: document properties (core.xml creator/lastModifiedBy/title…; app.xml
Company/Manager/Template; custom.xml), comments with their authors, people.xml,
customXml data, the preview thumbnail, the attached-template path, document
variables, revision-session ids (rsids link files from the same computer) and
tracked-change authors (renamed to "Ẩn danh"; the changes themselves stay). JPEG/PNG pictures lose EXIF/XMP/text chunks
losslessly. Member timestamps are zeroed. The visible text is untouched: a name the
writer typed in the body or a header is content, not metadata.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from contest.documents.errors import DocumentRejected, IntakeError
from contest.documents.imagemeta import strip_image_metadata
from contest.documents.results import DEFAULT_LIMITS, DocKind, IntakeLimits
from contest.documents.sniff import sniff
from contest.documents.zipcheck import check_archive, open_archive

ANONYMOUS = "Ẩn danh"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DROP_PARTS = frozenset(
    {
        "docProps/custom.xml",
        "word/comments.xml",
        "word/commentsExtended.xml",
        "word/commentsExtensible.xml",
        "word/commentsIds.xml",
        "word/people.xml",
    }
)
_EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
_APP_DROP = ("Company", "Manager", "Template", "HyperlinkBase")
_W_DROP = frozenset(
    W + tag
    for tag in (
        "commentRangeStart",
        "commentRangeEnd",
        "rsids",
        "attachedTemplate",
        "docVars",
    )
)
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False
)


def sanitize_docx(data: bytes, *, limits: IntakeLimits = DEFAULT_LIMITS) -> bytes:
    """Return the .docx ``data`` rewritten without author metadata; refuse others."""
    if len(data) > limits.max_bytes:
        raise DocumentRejected(
            IntakeError.FILE_TOO_LARGE, size=len(data), limit=limits.max_bytes
        )
    kind = sniff(data)
    if kind is not DocKind.DOCX:
        raise DocumentRejected(IntakeError.UNSUPPORTED_TYPE, detected=kind.value)
    out = io.BytesIO()
    try:
        with (
            open_archive(data) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            check_archive(source, limits)
            dropped = {
                info.filename
                for info in source.infolist()
                if _is_dropped(info.filename)
            }
            for info in source.infolist():
                if info.filename in dropped or info.is_dir():
                    continue
                content = _clean_part(info.filename, source.read(info), dropped)
                target.writestr(
                    zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME),
                    content,
                    zipfile.ZIP_DEFLATED,
                )
    except (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError) as exc:
        raise DocumentRejected(
            IntakeError.CORRUPT_FILE, error=type(exc).__name__
        ) from exc
    return out.getvalue()


def _is_dropped(name: str) -> bool:
    """Parts removed outright (and their references from .rels and content types)."""
    # The saved preview picture may show an older first page (with the byline).
    return name in _DROP_PARTS or name.startswith(("customXml/", "docProps/thumbnail"))


def _clean_part(name: str, content: bytes, dropped: set[str]) -> bytes:
    """The cleaned bytes of one part."""
    if name == "docProps/core.xml":
        return _EMPTY_CORE
    if name.startswith("word/media/"):
        return strip_image_metadata(content)
    if not name.endswith((".xml", ".rels")):
        return content
    root = etree.fromstring(content, _PARSER)
    if name == "[Content_Types].xml":
        _drop(root, lambda el: el.get("PartName", "").lstrip("/") in dropped)
    elif name.endswith(".rels"):
        base = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels → word
        _drop(root, lambda el: _rel_target(base, el) in dropped or _is_template(el))
    elif name == "docProps/app.xml":
        _drop(root, lambda el: etree.QName(el).localname in _APP_DROP)
    elif name.startswith("word/"):
        _clean_word_xml(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rel_target(base: str, rel: etree._Element) -> str:
    """A relationship's target as a part name (relative to the source part's folder)."""
    target = rel.get("Target", "")
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _is_template(rel: etree._Element) -> bool:
    """Attached-template links name a path on the writer's disk (C:\\Users\\name…)."""
    return rel.get("Type", "").endswith("/attachedTemplate")


def _clean_word_xml(root: etree._Element) -> None:
    """Comment anchors, rsids, template/variables out; change authors anonymised."""
    _drop(root, lambda el: el.tag in _W_DROP)
    for reference in root.iter(W + "commentReference"):
        run = reference.getparent()
        if run is not None and run.getparent() is not None and run.tag == W + "r":
            run.getparent().remove(run)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in list(element.attrib):
            local = etree.QName(attribute).localname
            if local.startswith("rsid"):
                del element.attrib[attribute]
            elif local == "author":
                element.set(attribute, ANONYMOUS)


def _drop(root: etree._Element, predicate) -> None:
    """Remove every element below ``root`` for which ``predicate`` is true."""
    doomed = [
        el
        for el in root.iter()
        if el is not root and isinstance(el.tag, str) and predicate(el)
    ]
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
