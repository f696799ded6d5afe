"""Write an ``OfficialDocument`` as an editable Word file (python-docx), pure.

Times New Roman throughout (Decree 30/2020/NĐ-CP, TCVN 6909:2001 Unicode); A4 with
margins of 20 mm top and bottom, 30 mm left, 15 mm right. The heading and the
signature block are borderless two-column tables, as in the Word templates offices
use, so an organizer can still edit every line. Annexes start a new section, in
landscape when their table needs the width.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from contest.exports.official.chart import chart_png
from contest.exports.official.layout import (
    MOTTO,
    NATIONAL_TITLE,
    Annex,
    Article,
    Chart,
    OfficialDocument,
    Paragraph,
    Table,
    place_and_date,
)

__all__ = ["DOCX_MIME", "FONT_NAME", "new_word_document", "render_docx"]

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT_NAME = "Times New Roman"
BODY_PT = 14
_ALIGN = {
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
    _page(document.sections[0], landscape)
    return document


def _page(section, landscape: bool) -> None:
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


def _para(container, text="", *, bold=False, italic=False, size=BODY_PT, align="J"):
    """A paragraph with one run; align "J" justifies, "C" centres, "L"/"R"."""
    paragraph = container.add_paragraph()
    paragraph.alignment = _ALIGN.get(align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _rule(container, indent_mm: float) -> None:
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


def _borderless(table) -> None:
    """No borders at all (the heading and signature tables)."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _two_columns(document, left_mm: float, right_mm: float):
    """A borderless 1×2 table; returns its two cells (emptied)."""
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, (left_mm, right_mm))
    cells = table.rows[0].cells
    for cell in cells:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cells


def _widths(table, widths_mm) -> None:
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


def _heading(document, doc: OfficialDocument) -> None:
    """Issuer block (left) and national title, motto, place and date (right)."""
    heading = doc.heading
    left, right = _two_columns(document, 70, 95)
    if heading.parent_body:
        _para(left, heading.parent_body.upper(), size=13, align="C")
    _para(left, heading.issuer.upper(), bold=True, size=13, align="C")
    _rule(left, 22)
    _para(left, f"Số: {heading.number}", size=13, align="C")
    if doc.is_letter:
        _para(left, f"V/v {doc.summary}", size=12, align="C")
    _para(right, NATIONAL_TITLE, bold=True, size=12, align="C")
    motto = _para(right, MOTTO, bold=True, size=13, align="C")
    motto.runs[0].underline = True
    _para(right, "", size=8, align="C")
    _para(right, place_and_date(heading.place, heading.day), italic=True, align="C")


def _name_and_summary(document, doc: OfficialDocument) -> None:
    """ "QUYẾT ĐỊNH", the summary, a short line; the authority and the grounds."""
    _para(document, "", size=10)
    if doc.is_letter:
        _addressees(document, doc.addressees)
    else:
        _para(document, doc.kind_name, bold=True, align="C")
        for line in doc.summary.splitlines():
            _para(document, line, bold=True, align="C")
        _rule(document, 65)
    if doc.authority_line:
        _para(document, "", size=8)
        _para(document, doc.authority_line, bold=True, align="C")
    _para(document, "", size=8)
    for ground in doc.grounds:
        paragraph = _para(document, ground, italic=True)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(3)
    if doc.enacting:
        _para(document, "", size=8)
        _para(document, doc.enacting, bold=True, align="C")
        _para(document, "", size=8)


def _addressees(document, addressees: tuple[str, ...]) -> None:
    """ "Kính gửi: A" on one line, or a list of "- A;" lines under it."""
    if len(addressees) == 1:
        _para(document, f"Kính gửi: {addressees[0]}", align="C")
    else:
        _para(document, "Kính gửi:", align="C")
        for name in addressees:
            paragraph = _para(document, f"- {name};", align="L")
            paragraph.paragraph_format.left_indent = Mm(45)
    _para(document, "", size=8)


def _block(document, block) -> None:
    """One body block."""
    if isinstance(block, Article):
        paragraph = _para(document)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(4)
        label = paragraph.add_run(f"Điều {block.number}. ")
        label.bold = True
        paragraph.add_run(block.text)
        for point in block.points:
            item = _para(document, point)
            item.paragraph_format.first_line_indent = Mm(10)
    elif isinstance(block, Paragraph):
        paragraph = _para(
            document,
            block.text,
            bold=block.bold,
            italic=block.italic,
            align="C" if block.centred else "J",
        )
        if not block.centred:
            paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(4)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Chart):
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(chart_png(block)), width=Mm(160))


def _table(document, table: Table, size: int = 12) -> None:
    """A bordered table with group rows across it and bold totals."""
    align = table.align or ("L",) * len(table.headers)
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_as_heading(grid.rows[0])
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        _cell_text(cell, text, bold=True, align="C", size=size)
    groups = dict(table.groups)
    for index, row in enumerate(table.rows):
        if index in groups:
            merged = grid.add_row().cells
            cell = merged[0].merge(merged[-1])
            _cell_text(cell, groups[index], bold=True, align="L", size=size)
        cells = grid.add_row().cells
        for cell, text, where in zip(cells, row, align, strict=True):
            _cell_text(cell, text, align=where, size=size)
    for total in table.totals:
        cells = grid.add_row().cells
        for cell, text, where in zip(cells, total, align, strict=True):
            _cell_text(cell, text, bold=True, align=where, size=size)
    _widths(grid, table.widths)


def _repeat_as_heading(row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _cell_text(cell, text: str, *, bold=False, align="L", size=12) -> None:
    """Put text (lines kept) into a table cell."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = _ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
    for number, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.bold, run.font.size = bold, Pt(size)
        if number < len(text.split("\n")) - 1:
            run.add_break(WD_BREAK.LINE)


def _signers_row(document, signers) -> None:
    """Several signers side by side (position, space to sign, name)."""
    table = document.add_table(rows=1, cols=len(signers))
    _borderless(table)
    _widths(table, [250 / len(signers)] * len(signers))
    for cell, signer in zip(table.rows[0].cells, signers, strict=True):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        if signer.authority:
            _para(cell, signer.authority, bold=True, size=13, align="C")
        _para(cell, signer.position, bold=True, size=13, align="C")
        _para(cell, "(Ký, ghi rõ họ tên)", italic=True, size=11, align="C")
        for _ in range(3):
            _para(cell, "", size=13)
        _para(cell, signer.name, bold=True, size=13, align="C")


def _signature(document, doc: OfficialDocument) -> None:
    """Recipients (left, small) and the signer (right)."""
    _para(document, "", size=8)
    if doc.cosigners:
        _signers_row(document, (*doc.cosigners, doc.signer))
        return
    left, right = _two_columns(document, 75, 90)
    if doc.recipients:
        _para(left, "Nơi nhận:", bold=True, italic=True, size=12, align="L")
        for recipient in doc.recipients:
            _para(left, f"- {recipient}", size=11, align="L")
    else:
        _para(left, "", size=11)
    signer = doc.signer
    if signer.authority:
        _para(right, signer.authority, bold=True, size=13, align="C")
    _para(right, signer.position, bold=True, size=13, align="C")
    for _ in range(4):
        _para(right, "", size=13)
    _para(right, signer.name, bold=True, align="C")


def _annex(document, annex: Annex) -> None:
    """A new section (landscape when asked) with the annex's own heading."""
    section = document.add_section()
    _page(section, annex.landscape)
    _para(document, annex.label, bold=True, align="C")
    for line in annex.title.splitlines():
        _para(document, line, bold=True, align="C")
    _para(document, annex.note, italic=True, size=13, align="C")
    _rule(document, 100 if annex.landscape else 65)
    _para(document, "", size=8)
    for block in annex.blocks:
        _block(document, block)
        _para(document, "", size=6)


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as .docx bytes."""
    document = new_word_document(doc.title or doc.kind_name, doc.landscape)
    _heading(document, doc)
    _name_and_summary(document, doc)
    for block in doc.body:
        _block(document, block)
    _signature(document, doc)
    for annex in doc.annexes:
        _annex(document, annex)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
