"""Write an ``OfficialDocument`` as an editable Word file (python-docx), pure.

Times New Roman throughout (Decree 30/2020/NĐ-CP, TCVN 6909:2001 Unicode); A4 with
margins of 20 mm top and bottom, 30 mm left, 15 mm right. The heading and the
signature block are borderless two-column tables, as in the Word templates offices
use, so an organizer can still edit every line. Annexes start a new section, in
landscape when their table needs the width.
"""

from __future__ import annotations

import io

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from contest.exports.official.chart import chart_png
from contest.exports.official.docx_parts import (
    borderless,
    cell_text,
    new_word_document,
    page,
    para,
    repeat_as_heading,
    rule,
    two_columns,
    widths,
)
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

__all__ = ["DOCX_MIME", "render_docx"]

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _heading(document, doc: OfficialDocument) -> None:
    """Issuer block (left) and national title, motto, place and date (right)."""
    heading = doc.heading
    left, right = two_columns(document, 70, 95)
    if heading.parent_body:
        para(left, heading.parent_body.upper(), size=13, align="C")
    para(left, heading.issuer.upper(), bold=True, size=13, align="C")
    rule(left, 22)
    para(left, f"Số: {heading.number}", size=13, align="C")
    if doc.is_letter:
        para(left, f"V/v {doc.summary}", size=12, align="C")
    para(right, NATIONAL_TITLE, bold=True, size=12, align="C")
    motto = para(right, MOTTO, bold=True, size=13, align="C")
    motto.runs[0].underline = True
    para(right, "", size=8, align="C")
    para(right, place_and_date(heading.place, heading.day), italic=True, align="C")


def _name_and_summary(document, doc: OfficialDocument) -> None:
    """ "QUYẾT ĐỊNH", the summary, a short line; the authority and the grounds."""
    para(document, "", size=10)
    if doc.is_letter:
        _addressees(document, doc.addressees)
    else:
        para(document, doc.kind_name, bold=True, align="C")
        for line in doc.summary.splitlines():
            para(document, line, bold=True, align="C")
        rule(document, 65)
    if doc.authority_line:
        para(document, "", size=8)
        para(document, doc.authority_line, bold=True, align="C")
    para(document, "", size=8)
    for ground in doc.grounds:
        paragraph = para(document, ground, italic=True)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(3)
    if doc.enacting:
        para(document, "", size=8)
        para(document, doc.enacting, bold=True, align="C")
        para(document, "", size=8)


def _addressees(document, addressees: tuple[str, ...]) -> None:
    """ "Kính gửi: A" on one line, or a list of "- A;" lines under it."""
    if len(addressees) == 1:
        para(document, f"Kính gửi: {addressees[0]}", align="C")
    else:
        para(document, "Kính gửi:", align="C")
        for name in addressees:
            paragraph = para(document, f"- {name};", align="L")
            paragraph.paragraph_format.left_indent = Mm(45)
    para(document, "", size=8)


def _block(document, block) -> None:
    """One body block."""
    if isinstance(block, Article):
        paragraph = para(document)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(4)
        label = paragraph.add_run(f"Điều {block.number}. ")
        label.bold = True
        paragraph.add_run(block.text)
        for point in block.points:
            item = para(document, point)
            item.paragraph_format.first_line_indent = Mm(10)
    elif isinstance(block, Paragraph):
        paragraph = para(
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
    repeat_as_heading(grid.rows[0])
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        cell_text(cell, text, bold=True, align="C", size=size)
    groups = dict(table.groups)
    for index, row in enumerate(table.rows):
        if index in groups:
            merged = grid.add_row().cells
            cell = merged[0].merge(merged[-1])
            cell_text(cell, groups[index], bold=True, align="L", size=size)
        cells = grid.add_row().cells
        for cell, text, where in zip(cells, row, align, strict=True):
            cell_text(cell, text, align=where, size=size)
    for total in table.totals:
        cells = grid.add_row().cells
        for cell, text, where in zip(cells, total, align, strict=True):
            cell_text(cell, text, bold=True, align=where, size=size)
    widths(grid, table.widths)


def _signers_row(document, signers) -> None:
    """Several signers side by side (position, space to sign, name)."""
    table = document.add_table(rows=1, cols=len(signers))
    borderless(table)
    widths(table, [250 / len(signers)] * len(signers))
    for cell, signer in zip(table.rows[0].cells, signers, strict=True):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        if signer.authority:
            para(cell, signer.authority, bold=True, size=13, align="C")
        para(cell, signer.position, bold=True, size=13, align="C")
        para(cell, "(Ký, ghi rõ họ tên)", italic=True, size=11, align="C")
        for _ in range(3):
            para(cell, "", size=13)
        para(cell, signer.name, bold=True, size=13, align="C")


def _signature(document, doc: OfficialDocument) -> None:
    """Recipients (left, small) and the signer (right)."""
    para(document, "", size=8)
    if doc.cosigners:
        _signers_row(document, (*doc.cosigners, doc.signer))
        return
    left, right = two_columns(document, 75, 90)
    if doc.recipients:
        para(left, "Nơi nhận:", bold=True, italic=True, size=12, align="L")
        for recipient in doc.recipients:
            para(left, f"- {recipient}", size=11, align="L")
    else:
        para(left, "", size=11)
    signer = doc.signer
    if signer.authority:
        para(right, signer.authority, bold=True, size=13, align="C")
    para(right, signer.position, bold=True, size=13, align="C")
    for _ in range(4):
        para(right, "", size=13)
    para(right, signer.name, bold=True, align="C")


def _annex(document, annex: Annex) -> None:
    """A new section (landscape when asked) with the annex's own heading."""
    section = document.add_section()
    page(section, annex.landscape)
    para(document, annex.label, bold=True, align="C")
    for line in annex.title.splitlines():
        para(document, line, bold=True, align="C")
    para(document, annex.note, italic=True, size=13, align="C")
    rule(document, 100 if annex.landscape else 65)
    para(document, "", size=8)
    for block in annex.blocks:
        _block(document, block)
        para(document, "", size=6)


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
