"""Paragraph text of a PDF with pypdf: lines with their positions, then paragraphs.

Runs inside the sandboxed worker. A PDF has no paragraphs, only positioned lines, so
we rebuild them the way a reader's eye does: a new paragraph starts after a larger
vertical gap than the page's usual line spacing, at a first-line indent, or after a
short line (the end of the previous paragraph). Lines of one paragraph are joined
with a space.

Text a reader of the page does not see is left out and counted (as in .docx): text in
render mode 3 or 7 (invisible), white text (we assume a white page) and text of 1 pt
or less, the usual ways to tuck a name into a PDF.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

from contest.documents.errors import DocumentRejected, IntakeError

_GAP_FACTOR = (
    1.35  # a gap this much larger than the usual line spacing ends a paragraph
)
_SHORT_LINE = 0.6  # a line shorter than this share of a full line ends its paragraph
_CLOSERS = tuple('.!?…:;”"»)')
_SPACE_RUNS = re.compile(r" {2,}")  # justified text: extractors pad word gaps
# Private-use glyphs: list bullets drawn from a symbol font (Word's and LibreOffice's
# "" U+F0B7); a leading one is a bullet, any other one unreadable.
_LEADING_SYMBOL = re.compile(r"^[\ue000-\uf8ff]\s*")
_SYMBOLS = re.compile(r"[\ue000-\uf8ff]")


@dataclass(frozen=True, slots=True)
class Line:
    """One text line of a page; x/y in PDF points (y grows upwards), None if unknown."""

    text: str
    x: float | None = None
    y: float | None = None
    size: float = 12.0


@dataclass(frozen=True, slots=True)
class PdfText:
    """What the worker learns from a PDF."""

    paragraphs: list[str]
    pages: int
    has_images: bool
    hidden: dict[str, int]


def read_pdf(data: bytes) -> PdfText:
    """Extract paragraphs; raise DocumentRejected for locked PDFs.

    A PDF locked only with an owner password (empty user password) opens normally.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (
            DependencyError,
            NotImplementedError,
        ) as exc:  # AES without a crypto lib
            raise DocumentRejected(
                IntakeError.PASSWORD_PROTECTED, detected="pdf"
            ) from exc
        if not opened:
            raise DocumentRejected(IntakeError.PASSWORD_PROTECTED, detected="pdf")
    hidden: dict[str, int] = {}
    pages = [_page_lines(page, hidden) for page in reader.pages]
    paragraphs = assemble_paragraphs(pages)
    has_images = not paragraphs and any(_has_images(page) for page in reader.pages)
    return PdfText(paragraphs, len(pages), has_images, hidden)


_WHITE = {1: (1.0,), 3: (1.0, 1.0, 1.0), 4: (0.0, 0.0, 0.0, 0.0)}  # gray, RGB, CMYK
_FILLS = frozenset({b"g", b"rg", b"k", b"sc", b"scn"})
_TINY_POINTS = 1.0


class _Ink:
    """The fill colour and text render mode in force (q/Q save and restore them)."""

    def __init__(self) -> None:
        self.white = False
        self.invisible = False
        self.saved: list[tuple[bool, bool]] = []

    def operator(self, op: bytes, args: list, _cm: list, _tm: list) -> None:
        if op == b"q":
            self.saved.append((self.white, self.invisible))
        elif op == b"Q" and self.saved:
            self.white, self.invisible = self.saved.pop()
        elif op == b"Tr" and args:
            self.invisible = _number(args[0]) in (3.0, 7.0)
        elif op in _FILLS:
            values = tuple(_number(a) for a in args if _number(a) is not None)
            self.white = _WHITE.get(len(values)) == values

    def hidden_kind(self, size: float) -> str | None:
        """Why text drawn now with this size is invisible (None: visible)."""
        if self.invisible:
            return "hidden"
        if self.white:
            return "white"
        if 0 < size <= _TINY_POINTS:
            return "tiny"
        return None


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _page_lines(page, hidden: dict[str, int]) -> list[Line]:
    """Lines of a page as pypdf splits them, each at its first fragment's position;
    invisible text is counted in ``hidden`` instead."""
    ink = _Ink()
    lines: list[Line] = []
    parts: list[str] = []
    where: list[tuple[float, float, float]] = []

    def flush() -> None:
        text = "".join(parts)
        if text.strip():
            lines.append(Line(text, *where[0]) if where else Line(text))
        parts.clear()
        where.clear()

    def visit(text: str, cm: list, tm: list, _font: object, font_size: float) -> None:
        kind = ink.hidden_kind(abs(font_size * tm[3] * cm[3])) if text.strip() else None
        if kind is not None:
            hidden[kind] = hidden.get(kind, 0) + len(text.split())
            text = "\n" * text.count("\n")  # keep where lines end
        for index, piece in enumerate(text.split("\n")):
            if index:
                flush()
            if piece.strip() and not where:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                size = abs(font_size * tm[3] * cm[3]) or 12.0
                where.append((x, y, size))
            parts.append(piece)

    page.extract_text(visitor_text=visit, visitor_operand_before=ink.operator)
    flush()
    return lines


def _has_images(page) -> bool:
    """Whether a page shows any picture (a scan has one, a blank page none)."""
    try:
        return len(page.images) > 0
    except Exception:  # an unreadable image still means "there was a picture"
        return True


def assemble_paragraphs(pages: list[list[Line]]) -> list[str]:
    """Join lines into paragraphs across pages (pure; see the module docstring)."""
    lengths = sorted(len(line.text.strip()) for lines in pages for line in lines)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 0
    paragraphs: list[str] = []
    current: list[str] = []
    previous: Line | None = None
    for lines in pages:
        spacing = _usual_spacing(lines)
        left = min((line.x for line in lines if line.x is not None), default=None)
        for index, line in enumerate(lines):
            same_page = index > 0
            if (
                current
                and previous
                and _breaks(previous, line, same_page, spacing, left, full)
            ):
                paragraphs.append(" ".join(current))
                current = []
            current.append(_readable(line.text))
            previous = line
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _readable(text: str) -> str:
    """A line's text with padded gaps closed and symbol-font glyphs made readable."""
    text = _LEADING_SYMBOL.sub("• ", _SPACE_RUNS.sub(" ", text.strip()))
    return _SYMBOLS.sub("", text)


def _usual_spacing(lines: list[Line]) -> float | None:
    """Line spacing inside a paragraph: the lower quartile of the gaps going down the
    page (the median would be the paragraph gap on pages of short paragraphs)."""
    gaps = sorted(
        a.y - b.y
        for a, b in itertools.pairwise(lines)
        if a.y is not None and b.y is not None and 0 < a.y - b.y < 4 * a.size
    )
    return gaps[len(gaps) // 4] if gaps else None


def _breaks(
    previous: Line,
    line: Line,
    same_page: bool,
    spacing: float | None,
    left: float | None,
    full: int,
) -> bool:
    """Whether ``line`` starts a new paragraph after ``previous``."""
    before = previous.text.strip()
    if len(before) < _SHORT_LINE * full or (
        len(before) < 0.8 * full and before.endswith(_CLOSERS)
    ):
        return True
    if line.text[:2].isspace():  # indented with spaces
        return True
    if not same_page:
        return False
    if line.x is not None and left is not None and line.x > left + line.size:
        return True  # first-line indent
    if previous.y is None or line.y is None:
        return False
    gap = previous.y - line.y
    return gap <= 0 or (spacing is not None and gap > _GAP_FACTOR * spacing)
