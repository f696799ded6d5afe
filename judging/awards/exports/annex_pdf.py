"""The decision annex as a PDF (Phụ lục kèm theo Quyết định số …), pure.

One table per track (STT, author, unit/address, title, featured person, prize) in the
official order of ``sorted_awards``; a tier heading row opens each tier. Tables run
over as many A4 landscape pages as needed with the column headings repeated on every page, and
a track heading never sits alone at the foot of a page. Text is set in DejaVu Sans,
which has every Vietnamese letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from fpdf import FPDF
from fpdf.enums import TableHeadingsDisplay
from fpdf.fonts import FontFace

from contest.exports.pdf import FONT_DIR
from judging.awards.exports.data import AwardRow, EditionInfo, sorted_awards
from judging.awards.exports.xlsx import AWARD_HEADERS, award_list_title, roman

__all__ = ["PDF_MIME", "render_annex_pdf"]

PDF_MIME = "application/pdf"
COL_WIDTHS = (12, 52, 55, 78, 50, 30)  # mm; 277 mm fills A4 landscape
# A track heading plus the column headings and one row need this much room (mm).
MIN_SECTION_ROOM = 40
_HEADING = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
_TIER_ROW = FontFace(emphasis="BOLD", fill_color=(245, 245, 245))


def new_pdf(title: str, orientation: str = "P") -> FPDF:
    """An A4 PDF with DejaVu Sans regular/bold as 'body' and no page added yet."""
    pdf = FPDF(orientation=orientation, format="A4")
    pdf.set_title(title)
    pdf.set_creator("Writing contest")
    pdf.set_lang("vi")
    pdf.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    return pdf


def render_annex_pdf(edition: EditionInfo, rows: Sequence[AwardRow]) -> bytes:
    """The annex: its heading block, then one table per track with tier sub-headings."""
    # Landscape: six columns of Vietnamese names and titles need the width.
    pdf = new_pdf(f"Phụ lục - {edition.title} {edition.year}", "L")
    pdf.set_margins(10, 15, 10)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _heading_block(pdf, edition)

    ordered = sorted_awards(list(rows))
    if not ordered:
        pdf.set_font("body", size=11)
        pdf.cell(0, 8, "(Chưa có tác phẩm đoạt giải)", align="C")
    for number, (track, in_track) in enumerate(
        groupby(ordered, key=lambda r: (r.track_order, r.track)), start=1
    ):
        if pdf.get_y() > pdf.h - pdf.b_margin - MIN_SECTION_ROOM:
            pdf.add_page()
        pdf.set_font("body", "B", 12)
        pdf.ln(3)
        pdf.multi_cell(
            0,
            7,
            f"{roman(number)}. {track[1] or 'Giải thưởng'}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(1)
        _track_table(pdf, list(in_track))
    return bytes(pdf.output())


def _heading_block(pdf: FPDF, edition: EditionInfo) -> None:
    """PHỤ LỤC, the list's title, the decision it goes with."""
    pdf.set_font("body", "B", 13)
    pdf.cell(0, 7, "PHỤ LỤC", align="C", new_x="LMARGIN", new_y="NEXT")
    title, *rest = award_list_title(edition)
    pdf.multi_cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", size=11)
    for line in rest:
        pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _track_table(pdf: FPDF, winners: list[AwardRow]) -> None:
    """One track's table; STT restarts per track, a tier row opens each tier."""
    pdf.set_font("body", size=9)
    with pdf.table(
        col_widths=COL_WIDTHS,
        width=sum(COL_WIDTHS),
        line_height=5,
        headings_style=_HEADING,
        repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
        text_align=("CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "CENTER"),
        v_align="MIDDLE",
    ) as table:
        heading = table.row()
        for header in AWARD_HEADERS:
            heading.cell(header, align="CENTER")
        position = 0
        for _tier, in_tier in groupby(winners, key=lambda r: r.tier):
            group = list(in_tier)
            tier_row = table.row(style=_TIER_ROW)
            tier_row.cell(
                f"Giải {group[0].tier_label} ({len(group)})",
                colspan=len(AWARD_HEADERS),
                align="LEFT",
            )
            for award in group:
                position += 1
                row = table.row()
                for value in (
                    str(position),
                    "\n".join(award.authors),  # co-authors one per line
                    award.author_unit,
                    award.title,
                    award.featured_names,
                    award.tier_label,
                ):
                    row.cell(value)
