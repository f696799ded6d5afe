"""The anthology "Những bông hoa đẹp" as a printable PDF book (pure).

Same content and grouping as the EPUB (``anthology_epub``): the Pillow cover, the
preface, a table of contents by field or tier, then each story on a new page with its
title, author(s), featured person, prize, optional photo and text. A5 pages, page
numbers at the foot, DejaVu Sans for every Vietnamese letter.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Literal

from fpdf import FPDF

from contest.exports.pdf import FONT_DIR
from contest.paragraphs import paragraphs
from judging.anthology.exports.cover import render_cover_png
from judging.anthology.exports.epub import ANTHOLOGY_TITLE, photo_jpeg
from judging.anthology.exports.groups import group_stories
from judging.awards.exports.data import AnthologyStory, EditionInfo

__all__ = ["render_anthology_pdf"]


class _Book(FPDF):
    """A5 pages with the page number centred at the foot (not on the cover)."""

    def footer(self) -> None:
        """Page number, from the second page on."""
        if self.page_no() > 1:
            self.set_y(-12)
            self.set_font("body", size=8)
            self.cell(0, 6, str(self.page_no()), align="C")


def render_anthology_pdf(
    edition: EditionInfo,
    stories: Sequence[AnthologyStory],
    *,
    group_by: Literal["field", "tier"] = "field",
) -> bytes:
    """The whole book as one PDF, contents grouped like the EPUB's."""
    groups = group_stories(stories, group_by)
    pdf = _Book(format=(148, 210))  # A5 in mm (the name warns since fpdf2 2.8.5)
    pdf.set_title(f"{ANTHOLOGY_TITLE} – {edition.title} năm {edition.year}")
    pdf.set_lang("vi")
    pdf.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(14, 14, 14)

    pdf.add_page()  # the cover fills the page edge to edge
    cover = render_cover_png(edition, ANTHOLOGY_TITLE)
    pdf.image(io.BytesIO(cover), x=0, y=0, w=pdf.w, h=pdf.h)

    pdf.add_page()
    _heading(pdf, "Lời giới thiệu")
    preface = edition.preface or (
        f"Tập sách tập hợp các tác phẩm đoạt giải {edition.title} năm "
        f"{edition.year}, do {edition.organizer_name} tổ chức."
    )
    _paragraphs(pdf, preface)

    pdf.add_page()
    _heading(pdf, "Mục lục")
    links: list[int] = []
    for label, members in groups:
        pdf.set_font("body", "B", 10)
        pdf.multi_cell(0, 6, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=10)
        for story in members:
            link = pdf.add_link()
            links.append(link)
            line = f"{story.title} – {', '.join(story.authors)}"
            pdf.multi_cell(0, 5.5, line, link=link, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    chapter = iter(links)
    for _label, members in groups:
        for story in members:
            pdf.add_page()
            pdf.set_link(next(chapter), page=pdf.page_no())
            pdf.start_section(story.title or "Tác phẩm", level=1)
            _story(pdf, story)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    """A centred bold page heading."""
    pdf.set_font("body", "B", 14)
    pdf.multi_cell(0, 8, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _paragraphs(pdf: FPDF, text: str) -> None:
    """Each paragraph (textnorm's one separation) justified, line breaks kept."""
    pdf.set_font("body", size=10)
    for block in paragraphs(text):
        pdf.multi_cell(0, 5.5, block, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)


def _story(pdf: FPDF, story: AnthologyStory) -> None:
    """One story: heading block, photo when readable, then the text."""
    _heading(pdf, story.title or "Tác phẩm")
    pdf.set_font("body", "B", 10)
    if story.authors:
        pdf.multi_cell(0, 6, ", ".join(story.authors), align="C")
        pdf.ln(6)
    pdf.set_font("body", size=9)
    for line in (
        story.featured_line,
        f"Giải {story.tier_label}" if story.tier_label else "",
    ):
        if line:
            pdf.multi_cell(0, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    jpeg = photo_jpeg(story.photo) if story.photo else None
    if jpeg is not None:
        pdf.ln(2)
        width = pdf.w - pdf.l_margin - pdf.r_margin
        pdf.image(io.BytesIO(jpeg), x=pdf.l_margin + width * 0.15, w=width * 0.7)
    pdf.ln(4)
    _paragraphs(pdf, story.text)
