"""Whether a .docx run is visible, from its own properties and its styles: the run
properties that hide text (w:vanish, white on a white page, 1 pt or less) and the
document's paragraph and character styles resolved through w:basedOn. Used by
``docxtext`` inside the sandboxed worker.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from lxml import etree

from contest.documents.xmltext import safe_xml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WHITE = frozenset({"FFFFFF", "WHITE"})
_TINY_HALF_POINTS = 2  # w:sz counts half-points: 2 = 1 pt


@dataclass
class Look:
    """The run properties that decide whether text is visible."""

    vanish: bool = False
    color: str = ""
    size: int | None = None
    backed: bool = False  # highlighted or shaded: white text on it is visible

    def merged(self, element: etree._Element | None) -> Look:
        """These properties overridden by an rPr element's own."""
        if element is None:
            return self
        look = Look(self.vanish, self.color, self.size, self.backed)
        for tag in ("vanish", "specVanish"):
            flag = element.find(W + tag)
            if flag is not None:
                look.vanish = is_on(flag)
        color = element.find(W + "color")
        if color is not None:
            look.color = (color.get(W + "val") or "").upper()
        size = element.find(W + "sz")
        if size is not None and (size.get(W + "val") or "").isdigit():
            look.size = int(size.get(W + "val"))
        highlight = element.find(W + "highlight")
        if highlight is not None:
            look.backed = (highlight.get(W + "val") or "none") not in ("none", "white")
        shade = element.find(W + "shd")
        if shade is not None:
            fill = (shade.get(W + "fill") or "auto").upper()
            look.backed = fill not in ("AUTO", "FFFFFF")
        return look

    def hidden_kind(self, white_page: bool) -> str | None:
        """Why text with this look is invisible (None: it is visible)."""
        if self.vanish:
            return "hidden"
        if white_page and self.color in _WHITE and not self.backed:
            return "white"
        if self.size is not None and self.size <= _TINY_HALF_POINTS:
            return "tiny"
        return None


def is_on(flag: etree._Element) -> bool:
    """An OOXML on/off property: present means on unless w:val says otherwise."""
    return (flag.get(W + "val") or "true").lower() not in ("0", "false", "off")


@dataclass
class Styles:
    """Paragraph and character styles by id, resolved through w:basedOn."""

    default: Look = field(default_factory=Look)
    raw: dict[str, tuple[str | None, etree._Element | None]] = field(
        default_factory=dict
    )
    chains: dict[str, list[etree._Element]] = field(default_factory=dict)
    # The w:default="1" styles: what a paragraph without w:pStyle (or naming a style
    # the file lacks) and a run without w:rStyle are in ("Normal" and "Default
    # Paragraph Font" in Word).
    paragraph_default: str | None = None
    character_default: str | None = None

    def paragraph_style(self, style_id: str | None) -> str | None:
        """The style a paragraph is in: its own, else the default paragraph style."""
        return style_id if style_id in self.raw else self.paragraph_default

    def character_style(self, style_id: str | None) -> str | None:
        """The style a run is in: its own, else the default character style."""
        return style_id if style_id in self.raw else self.character_default

    def look(self, style_id: str | None, base: Look) -> Look:
        """``base`` overridden by the style chain of ``style_id``, root first."""
        for props in self.chain(style_id or ""):
            base = base.merged(props)
        return base

    def chain(self, style_id: str) -> list[etree._Element]:
        """The rPr elements from the root style down to ``style_id`` (cached; a
        loop of basedOn ends the chain)."""
        if style_id in self.chains:
            return self.chains[style_id]
        chain: list[etree._Element] = []
        seen: set[str] = set()
        current: str | None = style_id
        while current and current in self.raw and current not in seen:
            seen.add(current)
            parent, props = self.raw[current]
            if props is not None:
                chain.insert(0, props)
            current = parent
        self.chains[style_id] = chain
        return chain


def read_styles(archive: zipfile.ZipFile, name: str | None, cap: int) -> Styles:
    """The document's styles part (none: Word's defaults, all visible)."""
    styles = Styles()
    if not name or name not in archive.namelist():
        return styles
    root = safe_xml(archive, name, cap)
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    styles.default = Look().merged(defaults)
    for style in root.iter(W + "style"):
        based = style.find(W + "basedOn")
        style_id = style.get(W + "styleId") or ""
        styles.raw[style_id] = (
            based.get(W + "val") if based is not None else None,
            style.find(W + "rPr"),
        )
        if (style.get(W + "default") or "").lower() in ("1", "true", "on"):
            kind = style.get(W + "type") or "paragraph"  # the last one counts
            if kind == "paragraph":
                styles.paragraph_default = style_id
            elif kind == "character":
                styles.character_default = style_id
    return styles
