"""The cover letter (công văn) a unit's head signs when forwarding entries upward,
as a PDF, registered in the export registry. Always in Vietnamese."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from contest.exports.pdf import new_document
from contest.exports.registry import ExportFile, register
from contest.exports.xlsx import safe_text

PDF_MIME = "application/pdf"


@dataclass(frozen=True)
class LetterLine:
    """One forwarded entry, as the letter lists it."""

    number: str
    title: str
    authors: str
    featured: str


@dataclass(frozen=True)
class Letter:
    """What the cover letter says (plain values)."""

    batch_id: int
    from_unit: str
    to_unit: str  # "" when sent to the city's organizers
    contest: str
    head_name: str
    head_title: str
    signed_at: datetime
    timezone: str
    lines: Sequence[LetterLine]


def render_letter(letter: Letter) -> bytes:
    """A one- or two-page letter: header, addressee, the list, the head's signature."""
    pdf = new_document(f"Công văn chuyển bài dự thi – {letter.from_unit}")
    local = letter.signed_at.astimezone(ZoneInfo(letter.timezone))
    pdf.set_font("body", "B", 11)
    pdf.multi_cell(
        0, 6, safe_text(letter.from_unit.upper()), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("body", "", 10)
    pdf.cell(0, 6, f"Số: {letter.batch_id}/CV", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(
        0,
        6,
        f"Ngày {local.day:02d} tháng {local.month:02d} năm {local.year}",
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("body", "B", 11)
    pdf.multi_cell(
        0,
        6,
        safe_text(f"V/v giới thiệu bài dự thi {letter.contest}"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("body", "", 11)
    to = letter.to_unit or "Ban Tổ chức Cuộc thi cấp Thành phố"
    pdf.multi_cell(
        0, 7, safe_text(f"Kính gửi: {to}"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(2)
    pdf.multi_cell(
        0,
        6,
        safe_text(
            f"{letter.from_unit} trân trọng giới thiệu {len(letter.lines)} bài dự thi "
            "đã được đơn vị lựa chọn, danh sách như sau:"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(1)
    pdf.set_font("body", "", 9)
    for position, line in enumerate(letter.lines, start=1):
        text = f"{position}. {line.number} – {line.title}"
        if line.authors:
            text += f" (tác giả: {line.authors})"
        if line.featured:
            text += f"; nhân vật: {line.featured}"
        pdf.multi_cell(0, 5, safe_text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("body", "B", 10)
    pdf.cell(
        0,
        6,
        safe_text(letter.head_title.upper()),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(14)
    pdf.cell(
        0, 6, safe_text(letter.head_name), align="R", new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())


@register("forward_cover_letter")
def cover_letter(letter: Letter) -> ExportFile:
    """The signed cover letter of one forwarded batch."""
    return ExportFile(
        render_letter(letter), PDF_MIME, f"cong-van-{letter.batch_id}.pdf"
    )
