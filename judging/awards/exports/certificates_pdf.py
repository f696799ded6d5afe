"""Award certificates as a PDF: one A4 landscape page per winning author (pure).

Each co-author of a group entry gets a certificate of their own, as at the ceremony.
A page carries the organizer's name, "GIẤY CHỨNG NHẬN", the author's name in large
type, the entry's title, the prize and track, and the "Hà Nội, ngày … tháng … năm …"
line. Long names and titles shrink to fit instead of running off the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from judging.awards.exports.annex_pdf import new_pdf
from judging.awards.exports.data import (
    AwardRow,
    EditionInfo,
    long_date_vi,
    sorted_awards,
)
from judging.official.core.context import quoted

__all__ = ["certificate_pages", "render_certificates_pdf"]

MARGIN = 18  # mm from the page edge to the text block
_DARK_RED = (140, 20, 20)
_GOLD = (176, 141, 48)
_INK = (25, 25, 25)


def certificate_pages(rows: Sequence[AwardRow]) -> list[tuple[str, AwardRow]]:
    """(author, award) per page, in the official order; an entry with no author is skipped."""
    return [
        (author, row) for row in sorted_awards(list(rows)) for author in row.authors
    ]


def render_certificates_pdf(edition: EditionInfo, rows: Sequence[AwardRow]) -> bytes:
    """All certificates in one file, ready to print on A4 landscape paper."""
    pdf = new_pdf(f"Giấy chứng nhận - {edition.title} {edition.year}", "L")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(MARGIN + 12, MARGIN, MARGIN + 12)
    for author, award in certificate_pages(rows):
        pdf.add_page()
        _certificate(pdf, edition, author, award)
    if not pdf.pages:
        pdf.add_page()  # an empty list still makes a valid (blank) PDF
    return bytes(pdf.output())


def _certificate(pdf: FPDF, edition: EditionInfo, author: str, award: AwardRow) -> None:
    """One page: frame, organizer, title, name, entry, prize, place and date."""
    _frame(pdf)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_text_color(*_INK)
    pdf.set_y(MARGIN + 12)
    pdf.set_font("body", "B", 14)
    _centred(pdf, (edition.organizer_name or edition.title).upper(), 7)
    pdf.set_font("body", size=12)
    _centred(pdf, f"{edition.title} năm {edition.year}", 6)

    pdf.ln(10)
    pdf.set_text_color(*_DARK_RED)
    pdf.set_font("body", "B", 34)
    _centred(pdf, "GIẤY CHỨNG NHẬN", 16)
    pdf.set_text_color(*_INK)
    pdf.ln(4)
    pdf.set_font("body", size=13)
    _centred(pdf, "Trao tặng tác giả", 7)
    pdf.ln(2)
    pdf.set_text_color(*_DARK_RED)
    _fit_font(pdf, author, width, "B", 30, 16)
    _centred(pdf, author, 15)
    pdf.set_text_color(*_INK)
    if award.author_unit:
        pdf.set_font("body", size=12)
        _centred(pdf, award.author_unit, 6)

    pdf.ln(6)
    pdf.set_font("body", size=13)
    _centred(pdf, "Đã có tác phẩm", 7)
    title = quoted(award.title)  # quotes the writer typed are not doubled
    _fit_font(pdf, title, width, "B", 17, 11)
    _centred(pdf, title, 8)
    if award.featured:
        pdf.set_font("body", size=12)
        _centred(pdf, f"Viết về: {award.featured_names}", 6)
    pdf.ln(4)
    pdf.set_font("body", "B", 16)
    prize = f"Đạt giải {award.tier_label}"
    if award.track:
        prize += f" – {award.track}"
    _centred(pdf, prize, 8)

    # The place/date line and signature block sit at the bottom right.
    pdf.set_font("body", size=12)
    pdf.set_xy(pdf.w / 2, pdf.h - MARGIN - 38)
    # The award day, else the decision's day: blanks only when neither is known.
    day = edition.award_date or edition.decision_date
    date_line = f"{edition.place}, {long_date_vi(day, edition.year)}"
    pdf.multi_cell(pdf.w / 2 - pdf.r_margin, 6, date_line, align="C")
    pdf.set_x(pdf.w / 2)
    pdf.set_font("body", "B", 12)
    pdf.multi_cell(pdf.w / 2 - pdf.r_margin, 6, "TRƯỞNG BAN TỔ CHỨC", align="C")
    if award.entry_number:
        pdf.set_font("body", size=8)
        pdf.set_xy(pdf.l_margin, pdf.h - MARGIN - 10)
        pdf.cell(0, 5, f"Số hiệu tác phẩm: {award.entry_number}")


def _frame(pdf: FPDF) -> None:
    """A double border: a thick gold line and a thin one inside it."""
    pdf.set_draw_color(*_GOLD)
    pdf.set_line_width(1.6)
    pdf.rect(MARGIN - 8, MARGIN - 8, pdf.w - 2 * (MARGIN - 8), pdf.h - 2 * (MARGIN - 8))
    pdf.set_line_width(0.4)
    pdf.rect(MARGIN - 5, MARGIN - 5, pdf.w - 2 * (MARGIN - 5), pdf.h - 2 * (MARGIN - 5))


def _centred(pdf: FPDF, text: str, height: float) -> None:
    """A centred paragraph across the text block."""
    pdf.multi_cell(0, height, text, align="C", new_x="LMARGIN", new_y="NEXT")


def _fit_font(
    pdf: FPDF, text: str, width: float, style: str, size: float, smallest: float
) -> None:
    """The largest font size (down to ``smallest``) at which ``text`` fits one line."""
    while size > smallest:
        pdf.set_font("body", style, size)
        if pdf.get_string_width(text) <= width:
            return
        size -= 1
    pdf.set_font("body", style, smallest)  # past this, multi_cell wraps the line
