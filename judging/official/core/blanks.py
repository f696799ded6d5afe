"""Certificates printed on pre-printed blanks: only the variable text (name, unit,
prize, title, number, day, month, year), each at a fixed spot of an A4 landscape sheet
moved by the edition's offsets in mm; and the calibration page that marks every spot,
printed first on plain paper and held against a blank. Pure.
"""

from __future__ import annotations

from datetime import date

from contest.exports.official.pdf_page import OfficialPDF
from judging.official.core.certificates import Certificate, fit_font, prize_line
from judging.official.core.context import quoted

__all__ = ["BLANK_SPOTS", "calibration_pdf", "overlay_pdf"]

# Where each value goes on a pre-printed blank (A4 landscape, mm from the top-left
# corner: x of the centre — or of the left edge for "L" — and the baseline's y).
BLANK_SPOTS = {
    "name": (148.5, 98, "C", 22),
    "unit": (148.5, 110, "C", 14),
    "prize": (148.5, 123, "C", 16),
    "title": (148.5, 135, "C", 15),
    "number": (40, 182, "L", 12),
    "day": (199, 166, "C", 13),
    "month": (222, 166, "C", 13),
    "year": (246, 166, "C", 13),
}


def _values(cert: Certificate, day: date) -> dict[str, str]:
    """What goes into each spot of a blank."""
    return {
        "name": cert.author,
        "unit": cert.award.author_unit,
        "prize": prize_line(cert.award),
        "title": quoted(cert.award.title),
        "number": cert.number,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month < 3 else str(day.month),
        "year": str(day.year),
    }


def _place(pdf: OfficialPDF, spot: str, text: str, dx: float, dy: float) -> None:
    """Print ``text`` at a spot, moved by the offsets; long text shrinks to 230 mm."""
    x, y, align, size = BLANK_SPOTS[spot]
    style = "B" if spot in ("name", "prize") else ""
    fit_font(pdf, text, 230 if align == "C" else 120, style, size)
    width = pdf.get_string_width(text)
    left = x - width / 2 if align == "C" else x
    pdf.text(left + dx, y + dy, text)


def overlay_pdf(
    certificates: list[Certificate], day: date, offset_x: float, offset_y: float
) -> bytes:
    """The variable text only, one A4 landscape page per certificate, for blanks."""
    pdf = OfficialPDF("Giấy chứng nhận - in lên phôi", landscape=True)
    pdf.set_auto_page_break(auto=False)
    pdf.header = lambda: None
    for cert in certificates:
        pdf.add_page()
        for spot, text in _values(cert, day).items():
            if text:
                _place(pdf, spot, text, offset_x, offset_y)
    if not certificates:
        pdf.add_page()
    return bytes(pdf.output())


SPOT_LABELS = {
    "name": "Họ và tên",
    "unit": "Đơn vị",
    "prize": "Giải",
    "title": "Tác phẩm",
    "number": "Số",
    "day": "ngày",
    "month": "tháng",
    "year": "năm",
}


def calibration_pdf(offset_x: float, offset_y: float) -> bytes:
    """A page marking every spot (moved by the offsets) with a cross and its name, and
    a 10 mm ruler along two edges: print it on plain paper, hold it against a blank."""
    pdf = OfficialPDF("Trang canh lề phôi giấy chứng nhận", landscape=True)
    pdf.set_auto_page_break(auto=False)
    pdf.header = lambda: None
    pdf.add_page()
    pdf.set_line_width(0.2)
    pdf.set_font("serif", "", 7)
    for mm in range(0, 298, 10):
        pdf.line(mm, 0, mm, 4 if mm % 50 else 7)
        if mm % 50 == 0 and mm:
            pdf.text(mm + 0.5, 9, str(mm))
    for mm in range(0, 211, 10):
        pdf.line(0, mm, 4 if mm % 50 else 7, mm)
        if mm % 50 == 0 and mm:
            pdf.text(8, mm + 1, str(mm))
    for spot, (x, y, _align, _size) in BLANK_SPOTS.items():
        cx, cy = x + offset_x, y + offset_y
        pdf.set_draw_color(200, 0, 0)
        pdf.line(cx - 4, cy, cx + 4, cy)
        pdf.line(cx, cy - 4, cx, cy + 4)
        pdf.set_font("serif", "", 8)
        if spot in ("day", "month", "year"):  # close together: label under the cross
            pdf.text(cx - 4, cy + 8, SPOT_LABELS[spot])
            pdf.text(cx - 4, cy + 11.5, f"{cx:.0f}; {cy:.0f}")
        else:
            pdf.text(cx + 1.5, cy - 1.5, f"{SPOT_LABELS[spot]} ({cx:.0f}; {cy:.0f} mm)")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_xy(20, 192)
    pdf.set_font("serif", "I", 10)
    pdf.multi_cell(
        257,
        5,
        "Trang canh lề: in trang này trên giấy trắng cùng khổ với phôi, đặt chồng lên"
        " phôi và soi: mỗi dấu + là vị trí dòng chữ sẽ in. Nếu lệch, sửa độ lệch ngang/"
        f"dọc (hiện tại {offset_x:+.1f} mm; {offset_y:+.1f} mm) rồi in lại trang này.",
        align="C",
    )
    return bytes(pdf.output())
