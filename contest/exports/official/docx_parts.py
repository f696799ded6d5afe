"""The building blocks of an official Word document (python-docx), pure: an A4 page
with the decree's margins, Times New Roman paragraphs, short rules, borderless and
fixed-width tables, table cells. ``docx_writer`` lays an ``OfficialDocument`` out
with them; the certificates use them too.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT_NAME = "Times New Roman"
BODY_PT = 14
ALIGN = {
    "L": WD_ALIGN_PARAGRAPH.LEFT,
    "C": WD_ALIGN_PARAGRAPH.CENTER,
    "R": WD_ALIGN_PARAGRAPH.RIGHT,
}


def new_word_document(title: str, landscape: bool = False):
    """An empty A4 document whose Normal style is Times New Roman 14 pt."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT_NAME)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    document.core_properties.title = title
    document.core_properties.language = "vi-VN"
    page(document.sections[0], landscape)
    return document


def page(section, landscape: bool) -> None:
    """A4 in the given orientation with the decree's margins."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Mm(297), Mm(210)
    section.page_width, section.page_height = (
        (long, short) if landscape else (short, long)
    )
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = (
        (Mm(20), Mm(15)) if landscape else (Mm(30), Mm(15))
    )


def para(container, text="", *, bold=False, italic=False, size=BODY_PT, align="J"):
    """A paragraph with one run; align "J" justifies, "C" centres, "L"/"R"."""
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN.get(align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def rule(container, indent_mm: float) -> None:
    """A short horizontal line (a bottom border between indents), centred."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    run = paragraph.add_run()
    run.font.size = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("val", "single"),
        ("sz", "6"),
        ("space", "1"),
        ("color", "000000"),
    ):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def borderless(table) -> None:
    """No borders at all (the heading and signature tables)."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def two_columns(document, left_mm: float, right_mm: float):
    """A borderless 1×2 table; returns its two cells (emptied)."""
    table = document.add_table(rows=1, cols=2)
    borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths(table, (left_mm, right_mm))
    cells = table.rows[0].cells
    for cell in cells:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cells


def widths(table, widths_mm) -> None:
    """Fixed column widths, in the grid and in every cell (Word and LibreOffice
    read different ones)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def repeat_as_heading(row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def cell_text(cell, text: str, *, bold=False, align="L", size=12) -> None:
    """Put text (lines kept) into a table cell."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
    for number, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.bold, run.font.size = bold, Pt(size)
        if number < len(text.split("\n")) - 1:
            run.add_break(WD_BREAK.LINE)
