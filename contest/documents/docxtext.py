"""Paragraph text of a .docx (WordprocessingML) as a reader sees it, hidden text left out.

Runs inside the sandboxed worker. Every w:p (body, table cell, text box) is one
paragraph; w:br is a line break inside it. Text a reader of the printed page does not
see is left out and counted by kind, so the organizers' identity review can say the
file had some: hidden formatting (w:vanish, w:specVanish, also through a paragraph or
character style), white text on a white page, text of 1 pt or less, and the results
of fields that print the file's metadata (AUTHOR, USERNAME, LASTSAVEDBY …).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from lxml import etree

from contest.documents.docx_styles import Look, Styles, W, read_styles
from contest.documents.errors import DocumentRejected, IntakeError
from contest.documents.xmltext import HiddenText, safe_xml

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"

# Word elements whose whole subtree is not the writer's visible text.
_SKIP = frozenset(
    W + tag
    for tag in (
        "del",
        "moveFrom",
        "delText",
        "footnoteReference",
        "rPr",
        "pPr",
    )
) | {MC + "Fallback"}
_CHARS = {
    W + "tab": "\t",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
}
# Fields whose result is the file's (or the computer's) metadata: the author's name.
_IDENTITY_FIELDS = frozenset(
    {
        "AUTHOR",
        "USERNAME",
        "USERINITIALS",
        "USERADDRESS",
        "LASTSAVEDBY",
        "DOCPROPERTY",
        "INFO",
        "FILENAME",
        "TEMPLATE",
    }
)


@dataclass
class _Field:
    """A complex field being read: its instruction, and whether its result shows."""

    instruction: list[str] = field(default_factory=list)
    in_result: bool = False

    @property
    def identifying(self) -> bool:
        words = "".join(self.instruction).split()
        return bool(words) and words[0].upper() in _IDENTITY_FIELDS


class _Reader:
    """One walk of the document body."""

    def __init__(self, styles: Styles, white_page: bool) -> None:
        self.styles = styles
        self.white_page = white_page
        self.out: list[str] = []
        self.hidden = HiddenText()
        self.fields: list[_Field] = []

    def paragraph(self, element: etree._Element) -> None:
        props = element.find(W + "pPr")
        style = props.find(W + "pStyle") if props is not None else None
        style_id = style.get(W + "val") if style is not None else None
        look = self.styles.look(
            self.styles.paragraph_style(style_id), self.styles.default
        )
        inner: list[str] = []
        self.walk(element, inner, look)
        self.out.append("".join(inner))

    def run(self, element: etree._Element, buffer: list[str], look: Look) -> None:
        props = element.find(W + "rPr")
        char_style = props.find(W + "rStyle") if props is not None else None
        style_id = self.styles.character_style(
            char_style.get(W + "val") if char_style is not None else None
        )
        if style_id is not None:
            look = self.styles.look(style_id, look)
        look = look.merged(props)
        reason = look.hidden_kind(self.white_page)
        if reason is None and any(f.in_result and f.identifying for f in self.fields):
            reason = "field"
        if reason is None:
            self.walk(element, buffer, look)
            return
        skipped: list[str] = []
        self.walk(element, skipped, look)
        self.hidden.add(reason, "".join(skipped))

    def field_char(self, element: etree._Element) -> None:
        kind = element.get(W + "fldCharType")
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].in_result = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def walk(self, element: etree._Element, buffer: list[str], look: Look) -> None:
        """Append ``element``'s visible text to ``buffer``; a nested w:p is its own
        paragraph (a text box inside a paragraph)."""
        for child in element:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child)
            elif tag == W + "r":
                self.run(child, buffer, look)
            elif tag == W + "t":
                buffer.append(child.text or "")
            elif tag in _CHARS:
                buffer.append(_CHARS[tag])
            elif tag == W + "fldChar":
                self.field_char(child)
            elif tag == W + "instrText":
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instruction.append(child.text or "")
            elif tag == W + "fldSimple":
                words = (child.get(W + "instr") or "").split()
                if words and words[0].upper() in _IDENTITY_FIELDS:
                    skipped: list[str] = []
                    self.walk(child, skipped, look)
                    self.hidden.add("field", "".join(skipped))
                else:
                    self.walk(child, buffer, look)
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")  # Fallback repeats it in VML
                if choice is not None:
                    self.walk(choice, buffer, look)
            elif tag not in _SKIP and isinstance(tag, str):
                self.walk(child, buffer, look)


def docx_paragraphs(archive: zipfile.ZipFile, cap: int) -> tuple[list[str], HiddenText]:
    """Visible paragraphs of the main document in order, and what was hidden."""
    main = _main_part(archive, cap)
    root = safe_xml(archive, main, cap)
    body = root.find(W + "body")
    if body is None:
        raise DocumentRejected(IntakeError.CORRUPT_FILE, missing="w:body")
    background = root.find(W + "background")
    page = "FFFFFF" if background is None else background.get(W + "color") or "FFFFFF"
    styles = read_styles(archive, _styles_part(archive, main, cap), cap)
    reader = _Reader(styles, page.upper() in ("FFFFFF", "AUTO"))
    reader.walk(body, [], reader.styles.default)
    return reader.out, reader.hidden


def _main_part(archive: zipfile.ZipFile, cap: int) -> str:
    """The officeDocument target in _rels/.rels (almost always word/document.xml)."""
    if "_rels/.rels" in archive.namelist():
        for rel in safe_xml(archive, "_rels/.rels", cap).iter(_RELS + "Relationship"):
            if (
                rel.get("Type", "").endswith(_OFFICE_DOCUMENT)
                and rel.get("TargetMode") != "External"
            ):
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _styles_part(archive: zipfile.ZipFile, main: str, cap: int) -> str | None:
    """The styles part the main document's relationships name."""
    folder, _, name = main.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if rels not in archive.namelist():
        return None
    for rel in safe_xml(archive, rels, cap).iter(_RELS + "Relationship"):
        if (
            rel.get("Type", "").endswith(_STYLES)
            and rel.get("TargetMode") != "External"
        ):
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return f"{folder}/{target}" if folder else target
    return None
