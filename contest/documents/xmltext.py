"""Paragraph text of .docx (WordprocessingML) and .odt (ODF) bodies, read with lxml.

Runs inside the sandboxed worker. We walk the XML ourselves rather than use
python-docx/odfpy: it reads tables and text boxes too, never loads parts we don't need,
and keeps the parser settings (no DTD, no entities, no network) in one place.
"""

from __future__ import annotations

import re
import zipfile

from lxml import etree

from contest.documents.errors import DocumentRejected, IntakeError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"

# Word elements whose whole subtree is not the writer's visible text.
_DOCX_SKIP = frozenset(
    W + tag
    for tag in (
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "footnoteReference",
        "rPr",
        "pPr",
    )
) | {MC + "Fallback"}
_DOCX_CHARS = {
    W + "tab": "\t",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
}
# ODF: notes (footnotes), annotations (comments) and deleted-change regions.
_ODT_SKIP = frozenset(
    {
        TEXT + "note",
        TEXT + "tracked-changes",
        OFFICE + "annotation",
        TEXT + "bookmark-ref",
    }
)
_ODT_PARAGRAPHS = frozenset({TEXT + "p", TEXT + "h"})
_SPACES = re.compile(r"[ \t\r\n]+")


def safe_xml(archive: zipfile.ZipFile, name: str, cap: int) -> etree._Element:
    """Parse one member, reading at most ``cap`` bytes; no DTDs, entities or network."""
    try:
        with archive.open(name) as member:
            data = member.read(cap + 1)
    except KeyError as exc:
        raise DocumentRejected(IntakeError.CORRUPT_FILE, missing=name) from exc
    if len(data) > cap:
        raise DocumentRejected(IntakeError.ZIP_BOMB, reason="member_size", member=name)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=True,
    )
    return etree.fromstring(data, parser)


def docx_paragraphs(archive: zipfile.ZipFile, cap: int) -> list[str]:
    """Paragraphs of the main Word document (body, tables, text boxes), in order."""
    root = safe_xml(archive, _main_docx_part(archive, cap), cap)
    body = root.find(W + "body")
    if body is None:
        raise DocumentRejected(IntakeError.CORRUPT_FILE, missing="w:body")
    out: list[str] = []
    _walk_docx(body, [], out)
    return out


def _main_docx_part(archive: zipfile.ZipFile, cap: int) -> str:
    """The officeDocument target in _rels/.rels (almost always word/document.xml)."""
    if "_rels/.rels" in archive.namelist():
        for rel in safe_xml(archive, "_rels/.rels", cap).iter(_RELS + "Relationship"):
            if (
                rel.get("Type", "").endswith(_OFFICE_DOCUMENT)
                and rel.get("TargetMode") != "External"
            ):
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _walk_docx(element: etree._Element, buffer: list[str], out: list[str]) -> None:
    """Append ``element``'s text to ``buffer``; each nested w:p becomes its own line."""
    for child in element:
        tag = child.tag
        if tag == W + "p":
            inner: list[str] = []
            _walk_docx(child, inner, out)
            out.append("".join(inner))
        elif tag == W + "t":
            buffer.append(child.text or "")
        elif tag in _DOCX_CHARS:
            buffer.append(_DOCX_CHARS[tag])
        elif tag == MC + "AlternateContent":
            choice = child.find(MC + "Choice")  # Fallback repeats it in VML
            if choice is not None:
                _walk_docx(choice, buffer, out)
        elif tag not in _DOCX_SKIP and isinstance(tag, str):
            _walk_docx(child, buffer, out)


def odt_paragraphs(archive: zipfile.ZipFile, cap: int) -> list[str]:
    """Paragraphs and headings of an OpenDocument text in order (tables, frames too)."""
    manifest = "META-INF/manifest.xml"
    if manifest in archive.namelist():
        for element in safe_xml(archive, manifest, cap).iter():
            if isinstance(element.tag, str) and element.tag.endswith(
                "}encryption-data"
            ):
                raise DocumentRejected(IntakeError.PASSWORD_PROTECTED, detected="odt")
    root = safe_xml(archive, "content.xml", cap)
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise DocumentRejected(IntakeError.CORRUPT_FILE, missing="office:text")
    out: list[str] = []
    _walk_odt(body, [], out)
    return out


def _walk_odt(element: etree._Element, buffer: list[str], out: list[str]) -> None:
    """ODF mixed content: text and tails, runs of white space count as one space
    (ODF 1.2 §6.1.2); <text:s c="n"/>, tabs and line breaks are literal."""
    for child in element:
        tag = child.tag
        if tag in _ODT_PARAGRAPHS:
            inner = [_SPACES.sub(" ", child.text or "")]
            _walk_odt(child, inner, out)
            out.append("".join(inner))
        elif tag == TEXT + "s":
            count = int(child.get(TEXT + "c", "1") or 1)
            buffer.append(
                " " * max(1, min(count, 100))
            )  # a huge c would be a memory bomb
        elif tag == TEXT + "tab":
            buffer.append("\t")
        elif tag == TEXT + "line-break":
            buffer.append("\n")
        elif tag not in _ODT_SKIP and isinstance(tag, str):
            buffer.append(_SPACES.sub(" ", child.text or ""))
            _walk_odt(child, buffer, out)
        buffer.append(_SPACES.sub(" ", child.tail or ""))
