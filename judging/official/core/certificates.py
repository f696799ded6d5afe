"""Certificates (Giấy chứng nhận) or commendations (Giấy khen) per winning author, pure.

Two ways to print them (the second in ``blanks``):
- a full page (A4 landscape, PDF and Word): the heading of Decree 30 (issuer, national
  title and motto), the document's name, the author, their unit, the prize and the
  work, the register number, the place and date, the signer's position and name;
- the variable text only, placed on pre-printed blanks: each value at a fixed spot
  of the sheet moved by the edition's offsets (mm), with a calibration page that marks
  every spot, printed first on plain paper and held against a blank.
A date is always printed in full: the caller gives the day the certificates carry.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from docx.enum.text import WD_BREAK

from contest.exports.official.docx_parts import (
    new_word_document,
    para,
    two_columns,
)
from contest.exports.official.layout import (
    MOTTO,
    NATIONAL_TITLE,
    place_and_date,
)
from contest.exports.official.pdf_page import OfficialPDF
from judging.awards.exports.data import AwardRow, sorted_awards
from judging.official.core.context import Issuer, quoted

__all__ = [
    "KINDS",
    "Certificate",
    "certificate_list",
    "certificates_docx",
    "certificates_pdf",
]

# Document kind → (name printed, verb line, symbol before the issuer's symbol).
KINDS = {
    "gcn": ("GIẤY CHỨNG NHẬN", "Chứng nhận", "GCN"),
    "giay_khen": ("GIẤY KHEN", "Tặng", "GK"),
}
_RED = (160, 20, 20)
_INK = (20, 20, 20)


@dataclass(frozen=True)
class Certificate:
    """One certificate: the author it is for, the prize, its register number."""

    author: str
    award: AwardRow
    number: str


def certificate_list(
    rows: list[AwardRow], first_seq: int, issuer: Issuer, kind: str
) -> list[Certificate]:
    """One certificate per author of each prize, numbered on from ``first_seq``."""
    symbol = KINDS[kind][2]
    pairs = [(a, r) for r in sorted_awards(rows) for a in r.authors]
    return [
        Certificate(author, award, issuer.number(first_seq + i, symbol))
        for i, (author, award) in enumerate(pairs)
    ]


def prize_line(award: AwardRow) -> str:
    line = f"Đạt giải {award.tier_label}"
    return f"{line} – {award.track}" if award.track else line


def fit_font(
    pdf: OfficialPDF, text: str, width: float, style: str, size: float
) -> None:
    """The largest font size down to 60 % of ``size`` at which ``text`` fits a line."""
    smallest = size * 0.6
    while size > smallest:
        pdf.set_font("serif", style, size)
        if pdf.get_string_width(text) <= width:
            return
        size -= 0.5
    pdf.set_font("serif", style, smallest)


def _line(pdf: OfficialPDF, text: str, size: float, style="", fit=False) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if fit:
        fit_font(pdf, text, width, style, size)
    else:
        pdf.set_font("serif", style, size)
    pdf.multi_cell(0, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")


def _full_page(
    pdf: OfficialPDF, cert: Certificate, issuer: Issuer, contest: str, day, kind
) -> None:
    """One full certificate page."""
    name, verb, _symbol = KINDS[kind]
    pdf.add_page()
    pdf.set_draw_color(176, 141, 48)
    pdf.set_line_width(1.4)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_text_color(*_INK)
    top = 20
    for x, lines in (
        (22, [(issuer.parent_body.upper(), ""), (issuer.name.upper(), "B")]),
        (150, [(NATIONAL_TITLE, "B"), (MOTTO, "B")]),
    ):
        pdf.set_xy(x, top)
        for text, style in lines:
            if not text:
                continue
            pdf.set_font("serif", style, 12)
            pdf.set_x(x)
            pdf.cell(125, 6, text, align="C", new_x="LEFT", new_y="NEXT")
        width = pdf.get_string_width(lines[-1][0]) * (1.0 if x == 150 else 0.4)
        pdf.line(
            x + 62.5 - width / 2,
            pdf.get_y() + 0.5,
            x + 62.5 + width / 2,
            pdf.get_y() + 0.5,
        )
    pdf.set_y(48)
    pdf.set_text_color(*_RED)
    _line(pdf, name, 34, "B")
    pdf.set_text_color(*_INK)
    pdf.ln(3)
    _line(pdf, f"{issuer.authority_title} {verb.lower()}:", 13, "B", fit=True)
    pdf.ln(2)
    pdf.set_text_color(*_RED)
    _line(pdf, cert.author, 26, "B", fit=True)
    pdf.set_text_color(*_INK)
    if cert.award.author_unit:
        _line(pdf, cert.award.author_unit, 13, "I", fit=True)
    pdf.ln(3)
    _line(pdf, prize_line(cert.award), 17, "B", fit=True)
    _line(pdf, f"Tác phẩm: {quoted(cert.award.title)}", 15, "", fit=True)
    if cert.award.featured:
        _line(pdf, f"Viết về: {cert.award.featured_names}", 13, "I", fit=True)
    _line(pdf, contest, 13, "", fit=True)
    bottom = pdf.h - 58
    pdf.set_xy(24, bottom + 18)
    pdf.set_font("serif", "", 12)
    pdf.cell(110, 6, f"Số: {cert.number}", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(150, bottom)
    for text, style, size, height in (
        (place_and_date(issuer.place, day), "I", 13, 7),
        (issuer.signer.authority, "B", 13, 6),
        (issuer.signer.position, "B", 13, 6),
        ("", "", 13, 16),
        (issuer.signer.name, "B", 14, 7),
    ):
        pdf.set_font("serif", style, size)
        pdf.set_x(150)
        pdf.cell(125, height, text, align="C", new_x="LEFT", new_y="NEXT")


def certificates_pdf(
    certificates: list[Certificate], issuer: Issuer, contest: str, day: date, kind: str
) -> bytes:
    """Every certificate as one full page of an A4 landscape PDF."""
    pdf = OfficialPDF(f"{KINDS[kind][0].capitalize()} - {contest}", landscape=True)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(22, 20, 22)
    pdf.header = lambda: None  # certificates carry no page numbers
    for cert in certificates:
        _full_page(pdf, cert, issuer, contest, day, kind)
    if not certificates:
        pdf.add_page()
    return bytes(pdf.output())


def certificates_docx(
    certificates: list[Certificate], issuer: Issuer, contest: str, day: date, kind: str
) -> bytes:
    """The same certificates in Word, one landscape page each, editable."""
    name, verb, _symbol = KINDS[kind]
    document = new_word_document(f"{name.capitalize()} - {contest}", landscape=True)
    for index, cert in enumerate(certificates):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        left, right = two_columns(document, 120, 140)
        para(left, issuer.parent_body.upper(), size=12, align="C")
        para(left, issuer.name.upper(), bold=True, size=12, align="C")
        para(right, NATIONAL_TITLE, bold=True, size=12, align="C")
        para(right, MOTTO, bold=True, size=13, align="C").runs[0].underline = True
        para(document, "", size=10)
        para(document, name, bold=True, size=32, align="C")
        para(
            document,
            f"{issuer.authority_title} {verb.lower()}:",
            bold=True,
            size=13,
            align="C",
        )
        para(document, cert.author, bold=True, size=24, align="C")
        if cert.award.author_unit:
            para(document, cert.award.author_unit, italic=True, size=13, align="C")
        para(document, prize_line(cert.award), bold=True, size=16, align="C")
        para(document, f"Tác phẩm: {quoted(cert.award.title)}", size=14, align="C")
        if cert.award.featured:
            para(
                document,
                f"Viết về: {cert.award.featured_names}",
                italic=True,
                size=13,
                align="C",
            )
        para(document, contest, size=13, align="C")
        para(document, "", size=10)
        left, right = two_columns(document, 120, 140)
        para(left, "", size=13)
        para(left, "", size=13)
        para(left, f"Số: {cert.number}", size=12, align="L")
        para(right, place_and_date(issuer.place, day), italic=True, size=13, align="C")
        for line in (issuer.signer.authority, issuer.signer.position):
            if line:
                para(right, line, bold=True, size=13, align="C")
        for _ in range(3):
            para(right, "", size=13)
        para(right, issuer.signer.name, bold=True, size=14, align="C")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
