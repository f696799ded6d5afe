"""Safe XML parsing for the office readers, and the .odt (ODF) paragraph reader.

Runs inside the sandboxed worker. We walk the XML ourselves rather than use
python-docx/odfpy: it reads tables and text boxes too, never loads parts we don't need,
and keeps the parser settings (no DTD, no entities, no network) in one place
(``safe_xml``; the .docx reader is ``docxtext``). Text a reader would not see is left
out and counted (``HiddenText``): text:hidden-paragraph / text:hidden-text, hidden
sections, styles with text:display="none", white or 1-pt text, and fields that print
the author's or the sender's details.
"""

from __future__ import annotations

import re
import zipfile

from lxml import etree

from contest.documents.errors import DocumentRejected, IntakeError

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
# ODF: notes (footnotes), annotations (comments) and deleted-change regions.
_ODT_SKIP = frozenset(
    {
        TEXT + "note",
        TEXT + "tracked-changes",
        OFFICE + "annotation",
        OFFICE + "annotation-end",
        TEXT + "bookmark-ref",
    }
)
_ODT_PARAGRAPHS = frozenset({TEXT + "p", TEXT + "h"})
_ODT_HIDDEN = frozenset({TEXT + "hidden-text"})
# Fields that print the file's or the computer user's details (the author).
_ODT_FIELDS = frozenset(
    TEXT + name
    for name in (
        "author-name",
        "author-initials",
        "initial-creator",
        "creator",
        "file-name",
        "template-name",
        "sender-firstname",
        "sender-lastname",
        "sender-initials",
        "sender-title",
        "sender-position",
        "sender-email",
        "sender-phone-private",
        "sender-phone-work",
        "sender-fax",
        "sender-company",
        "sender-street",
        "sender-city",
        "sender-postal-code",
        "sender-country",
        "sender-state-or-province",
    )
)
_SPACES = re.compile(r"[ \t\r\n]+")
_POINTS = re.compile(r"([0-9.]+)pt")


class HiddenText(dict):
    """Words of text left out because a reader would not see it, by kind ("hidden",
    "white", "tiny", "field")."""

    def add(self, kind: str, text: str) -> None:
        """Count ``text`` (whitespace-separated words) under ``kind``."""
        words = len(text.split())
        if words:
            self[kind] = self.get(kind, 0) + words


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


def odt_paragraphs(archive: zipfile.ZipFile, cap: int) -> tuple[list[str], HiddenText]:
    """Visible paragraphs, headings, list items and table cells of an OpenDocument
    text in order, and the words left out as hidden."""
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
    styles = _odt_styles(root)
    if "styles.xml" in archive.namelist():
        styles = {**_odt_styles(safe_xml(archive, "styles.xml", cap)), **styles}
    reader = _OdtReader(styles)
    reader.walk(body, [], None)
    return reader.out, reader.hidden


# The key under which _odt_styles keeps the paragraphs' style:default-style (no
# style:name can be empty, so it cannot collide with a named style).
_DEFAULT_PARAGRAPH = ""
# The text-properties that decide whether text shows.
_LOOK = (TEXT + "display", FO + "color", FO + "background-color", FO + "font-size")
_Style = tuple[str | None, dict[str, str]]  # (parent style, its own _LOOK values)


def _odt_styles(root: etree._Element) -> dict[str, _Style]:
    """Style name → (parent style, the _LOOK properties it sets); the paragraphs'
    default style (what every paragraph style's chain starts from, and what a
    paragraph without a style is in) under ``_DEFAULT_PARAGRAPH``."""
    found: dict[str, _Style] = {}
    for style in root.iter(STYLE + "default-style"):
        if style.get(STYLE + "family") == "paragraph":
            found[_DEFAULT_PARAGRAPH] = (None, _odt_look(style))
    for style in root.iter(STYLE + "style"):
        if style.get(STYLE + "name"):
            found[style.get(STYLE + "name")] = (
                style.get(STYLE + "parent-style-name"),
                _odt_look(style),
            )
    return found


def _odt_look(style: etree._Element) -> dict[str, str]:
    """The _LOOK properties a style element sets itself."""
    props = style.find(STYLE + "text-properties")
    if props is None:
        return {}
    return {name: props.get(name) for name in _LOOK if props.get(name) is not None}


def _odt_hidden_kind(look: dict[str, str]) -> str | None:
    """Why text with these text-properties is invisible (None: visible)."""
    if look.get(TEXT + "display") in ("none", "condition"):
        return "hidden"
    background = (look.get(FO + "background-color") or "transparent").lower()
    if (look.get(FO + "color") or "").lower() == "#ffffff" and background in (
        "transparent",
        "#ffffff",
    ):
        return "white"
    size = _POINTS.fullmatch(look.get(FO + "font-size") or "")
    if size and float(size.group(1)) <= 1.0:
        return "tiny"
    return None


class _OdtReader:
    """One walk of an ODF body (mixed content: text, children and their tails)."""

    def __init__(self, styles: dict[str, _Style]) -> None:
        self.styles = styles
        self.out: list[str] = []
        self.hidden = HiddenText()

    def style_kind(self, name: str | None, paragraph: bool = False) -> str | None:
        """Why text in style ``name`` is invisible: its properties and those it
        inherits (a paragraph's from the default paragraph style at the root)."""
        chain: list[dict[str, str]] = []
        for _ in range(20):
            if not name or name not in self.styles:
                break
            parent, look = self.styles[name]
            chain.append(look)
            name = parent
        if paragraph and _DEFAULT_PARAGRAPH in self.styles:
            chain.append(self.styles[_DEFAULT_PARAGRAPH][1])
        merged: dict[str, str] = {}
        for look in reversed(chain):
            merged.update(look)
        return _odt_hidden_kind(merged)

    def walk(
        self, element: etree._Element, buffer: list[str], hidden: str | None
    ) -> None:
        """Append the visible text of ``element``'s children to ``buffer``; text of
        hidden elements goes to the hidden count instead."""
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _ODT_SKIP:
                buffer.append(_SPACES.sub(" ", child.tail or ""))
                continue
            kind = hidden or self.style_kind(
                child.get(TEXT + "style-name"), tag in _ODT_PARAGRAPHS
            )
            if tag in _ODT_HIDDEN:
                kind = "hidden"
            elif tag in _ODT_FIELDS:
                kind = "field"
            elif tag == TEXT + "section" and child.get(TEXT + "display") == "none":
                kind = "hidden"
            if tag in _ODT_PARAGRAPHS:
                marker = child.find(TEXT + "hidden-paragraph")
                if marker is not None and marker.get(TEXT + "is-hidden") != "false":
                    kind = "hidden"
                inner = [_SPACES.sub(" ", child.text or "")]
                self.walk(child, inner, kind)
                if kind is None:
                    self.out.append("".join(inner))
                else:
                    self.hidden.add(kind, "".join(inner))
            else:
                if tag == TEXT + "s":
                    count = int(child.get(TEXT + "c", "1") or 1)
                    # a huge c would be a memory bomb
                    text = " " * max(1, min(count, 100))
                elif tag == TEXT + "tab":
                    text = "\t"
                elif tag == TEXT + "line-break":
                    text = "\n"
                else:
                    inner = [_SPACES.sub(" ", child.text or "")]
                    self.walk(child, inner, kind)
                    text = "".join(inner)
                if kind is not None and hidden is None:  # a hidden span starts here
                    self.hidden.add(kind, text)
                else:  # visible, or inside a hidden element that counts it
                    buffer.append(text)
            buffer.append(_SPACES.sub(" ", child.tail or ""))
