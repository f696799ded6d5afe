"""Write an ``OfficialDocument`` as a PDF with embedded fonts (fpdf2), pure.

Times New Roman may not be redistributed, so the PDF embeds DejaVu Serif Condensed
(shipped in contest/data/fonts; a serif face of close width that has every Vietnamese
letter); the Word file, which the office opens on machines that have Times New
Roman, names that font. Layout as in ``docx_writer``: A4, margins 20/20/30/15 mm,
page numbers at the top centre from the second page on.
"""

from __future__ import annotations

from fpdf.enums import TableHeadingsDisplay
from fpdf.fonts import FontFace

from contest.exports.official.chart import draw_chart
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
from contest.exports.official.pdf_page import ALIGN, OfficialPDF

__all__ = ["render_pdf"]


def _column(pdf: OfficialPDF, x: float, width: float, lines) -> float:
    """Centred lines in a column from the current top; returns the y reached."""
    y = pdf.get_y()
    for text, style, size, after in lines:
        pdf.set_xy(x, y)
        pdf.set_font("serif", style, size)
        pdf.multi_cell(
            width, pdf.line_height(size), text, align="C", new_x="LEFT", new_y="NEXT"
        )
        y = pdf.get_y()
        if after:
            after(pdf, x + width / 2, text)
            y = pdf.get_y()
    return y


def _short_rule(fraction: float):
    """A line under a centred text, ``fraction`` of the text's width."""

    def draw(pdf: OfficialPDF, centre: float, text: str) -> None:
        pdf.rule(pdf.get_string_width(text) * fraction, centre, gap=0.3)

    return draw


def _heading(pdf: OfficialPDF, doc: OfficialDocument) -> None:
    """Issuer block on the left, national title block on the right."""
    heading = doc.heading
    top = pdf.get_y()
    left_x, left_w = pdf.l_margin - 10, 76
    right_w = 100
    right_x = pdf.w - pdf.r_margin - right_w + 3
    left = []
    if heading.parent_body:
        left.append((heading.parent_body.upper(), "", 12, None))
    left.append((heading.issuer.upper(), "B", 12, _short_rule(0.4)))
    left.append(("", "", 4, None))
    left.append((f"Số: {heading.number}", "", 13, None))
    if doc.is_letter:
        left.append((f"V/v {doc.summary}", "", 12, None))
    bottom_left = _column(pdf, left_x, left_w, left)
    pdf.set_y(top)
    bottom_right = _column(
        pdf,
        right_x,
        right_w,
        [
            (NATIONAL_TITLE, "B", 12, None),
            (MOTTO, "B", 13, _short_rule(1.0)),
            ("", "", 5, None),
            (place_and_date(heading.place, heading.day), "I", 13.5, None),
        ],
    )
    pdf.set_y(max(bottom_left, bottom_right) + 6)


def _name_and_summary(pdf: OfficialPDF, doc: OfficialDocument) -> None:
    """Name, summary, a short line; the authority line, the grounds, "QUYẾT ĐỊNH:".

    A letter has "Kính gửi: …" instead of the name and summary."""
    if doc.is_letter:
        if len(doc.addressees) == 1:
            pdf.para(f"Kính gửi: {doc.addressees[0]}", 14, "", "C")
        else:
            pdf.para("Kính gửi:", 14, "", "C")
            pdf.set_font("serif", "", 14)
            for name in doc.addressees:
                pdf.set_x(pdf.l_margin + 45)
                pdf.multi_cell(
                    pdf.epw - 45,
                    pdf.line_height(14),
                    f"- {name};",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
        pdf.ln(3)
        return
    pdf.para(doc.kind_name, 14, "B", "C")
    for line in doc.summary.splitlines():
        pdf.para(line, 14, "B", "C")
    pdf.rule(40)
    pdf.ln(2)
    if doc.authority_line:
        pdf.para(doc.authority_line, 14, "B", "C")
        pdf.ln(2)
    for ground in doc.grounds:
        pdf.para(ground, 14, "I", "J", indent=10)
    if doc.enacting:
        pdf.ln(2)
        pdf.para(doc.enacting, 14, "B", "C")
        pdf.ln(2)


def _block(pdf: OfficialPDF, block) -> None:
    """One body block."""
    if isinstance(block, Article):
        pdf.runs([(f"Điều {block.number}. ", "B"), (block.text, "")], indent=10)
        for point in block.points:
            pdf.para(point, 14, "", "J", indent=10)
        pdf.ln(1.5)
    elif isinstance(block, Paragraph):
        style = ("B" if block.bold else "") + ("I" if block.italic else "")
        if block.centred:
            pdf.para(block.text, 14, style, "C")
        else:
            pdf.para(block.text, 14, style, "J", indent=10)
        pdf.ln(1.5)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Chart):
        draw_chart(pdf, block, pdf.epw)


def _table(pdf: OfficialPDF, table: Table, size: float = 11) -> None:
    """A bordered table; headings repeat on every page; group rows span it."""
    align = table.align or ("L",) * len(table.headers)
    pdf.set_font("serif", "", size)
    groups = dict(table.groups)
    width = min(sum(table.widths), pdf.epw)
    # fpdf2 centres a table on the page; centre it in the text block instead.
    left = pdf.l_margin
    pdf.set_left_margin(left + (pdf.epw - width) / 2)
    try:
        _grid(pdf, table, width, size, align, groups)
    finally:
        pdf.set_left_margin(left)
    pdf.ln(3)


def _grid(pdf, table: Table, width: float, size: float, align, groups) -> None:
    """The table itself, from the left margin."""
    with pdf.table(
        col_widths=table.widths,
        width=width,
        align="LEFT",
        line_height=pdf.line_height(size),
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
        v_align="MIDDLE",
        padding=1,
    ) as grid:
        heading = grid.row()
        for text in table.headers:
            heading.cell(text, align="CENTER")
        for index, values in enumerate(table.rows):
            if index in groups:
                grid.row(style=FontFace(emphasis="BOLD")).cell(
                    groups[index], colspan=len(table.headers), align="LEFT"
                )
            row = grid.row()
            for text, where in zip(values, align, strict=True):
                row.cell(text, align=ALIGN[where])
        for values in table.totals:
            row = grid.row(style=FontFace(emphasis="BOLD"))
            for text, where in zip(values, align, strict=True):
                row.cell(text, align=ALIGN[where])


def _signature(pdf: OfficialPDF, doc: OfficialDocument) -> None:
    """Recipients (left) and the signer (right); kept on one page."""
    needed = 12 + 6 * max(len(doc.recipients), 5)
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    if doc.cosigners:
        signers = (*doc.cosigners, doc.signer)
        width = pdf.epw / len(signers)
        for index, signer in enumerate(signers):
            pdf.set_y(top)
            lines = [(signer.authority, "B", 13, None)] if signer.authority else []
            lines += [
                (signer.position, "B", 13, None),
                ("(Ký, ghi rõ họ tên)", "I", 11, None),
                ("", "", 36, None),
                (signer.name, "B", 13, None),
            ]
            _column(pdf, pdf.l_margin + index * width, width, lines)
        return
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    if doc.recipients:
        pdf.set_xy(pdf.l_margin, top)
        pdf.set_font("serif", "BI", 12)
        pdf.cell(half - 5, 6, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("serif", "", 11)
        for recipient in doc.recipients:
            pdf.multi_cell(half - 5, 5, f"- {recipient}", new_x="LMARGIN", new_y="NEXT")
    signer = doc.signer
    lines = []
    if signer.authority:
        lines.append((signer.authority, "B", 13, None))
    lines.append((signer.position, "B", 13, None))
    lines.append(("", "", 40, None))
    lines.append((signer.name, "B", 14, None))
    pdf.set_y(top)
    _column(pdf, pdf.l_margin + half - 5, half + 5, lines)


def _annex(pdf: OfficialPDF, annex: Annex) -> None:
    """A new page (landscape when asked) with the annex's own heading."""
    pdf.add_page(orientation="L" if annex.landscape else "P")
    pdf._margins(annex.landscape)
    pdf.set_x(pdf.l_margin)
    pdf.para(annex.label, 14, "B", "C")
    for line in annex.title.splitlines():
        pdf.para(line, 14, "B", "C")
    pdf.para(annex.note, 13, "I", "C")
    pdf.ln(1)
    pdf.rule(60)
    pdf.ln(3)
    for block in annex.blocks:
        _block(pdf, block)


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as PDF bytes (fonts embedded as subsets)."""
    pdf = OfficialPDF(doc.title or doc.kind_name, doc.landscape)
    pdf.add_page()
    _heading(pdf, doc)
    _name_and_summary(pdf, doc)
    for block in doc.body:
        _block(pdf, block)
    _signature(pdf, doc)
    for annex in doc.annexes:
        _annex(pdf, annex)
    return bytes(pdf.output())
