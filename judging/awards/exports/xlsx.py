"""The official award list as an XLSX workbook (Danh sách tác giả, tác phẩm đoạt giải).

Pure: plain ``AwardRow``s in, bytes out. One sheet: a title block, the column headers,
then each track ("I. Bài viết") with its tiers ("Giải Nhất") in tier order and the
winners of a tier sorted by author name the Vietnamese way (Dư < Dương < Đặng). STT
restarts in each track, as in the decision's annex. Every text cell is typed as text,
so a title such as "=1+1" stays a title (see ``contest.exports.xlsx``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from contest.exports.xlsx import FORMULA_STARTS, XLSX_MIME, safe_text
from contest.timezones import format_date
from judging.awards.exports.data import AwardRow, EditionInfo, sorted_awards

__all__ = ["AWARD_HEADERS", "XLSX_MIME", "award_list_title", "render_award_xlsx"]

AWARD_HEADERS = (
    "STT",
    "Họ và tên tác giả",
    "Đơn vị/Địa chỉ",
    "Tên tác phẩm",
    "Nhân vật",
    "Giải",
)
WIDTHS = (6, 28, 32, 44, 30, 14)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(vertical="top", wrap_text=True)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def roman(number: int) -> str:
    """I, II, … for section numbers (plain digits past ten tracks)."""
    return ROMAN[number - 1] if 0 < number <= len(ROMAN) else str(number)


def award_list_title(edition: EditionInfo) -> list[str]:
    """The heading lines shared by the XLSX list and the PDF annex."""
    lines = [
        "DANH SÁCH TÁC GIẢ, TÁC PHẨM ĐOẠT GIẢI",
        f"{edition.title} năm {edition.year}",
    ]
    if edition.decision_number:
        decided = f"Kèm theo Quyết định số {edition.decision_number}"
        if edition.decision_date:
            decided += f" ngày {format_date(edition.decision_date)}"
        if edition.organizer_name:
            decided += f" của {edition.organizer_name}"
        lines.append(f"({decided})")
    return lines


def render_award_xlsx(edition: EditionInfo, rows: Sequence[AwardRow]) -> bytes:
    """The award list workbook: title block, headers, then track → tier → winners."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách đoạt giải"
    last_col = get_column_letter(len(AWARD_HEADERS))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    line = 0
    for line, text in enumerate(award_list_title(edition), start=1):
        _merged(sheet, line, text, Font(bold=line == 1, size=14 if line == 1 else 12))
        sheet[f"A{line}"].alignment = _CENTRE
    header_row = line + 2
    for col, header in enumerate(AWARD_HEADERS, start=1):
        cell = _text(sheet, header_row, col, header)
        cell.font, cell.alignment, cell.border = Font(bold=True), _CENTRE, _BOX
    # Frozen and repeated on every printed page: the list runs over several pages.
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    row_no = header_row
    ordered = sorted_awards(list(rows))
    for number, (track, in_track) in enumerate(
        groupby(ordered, key=lambda r: (r.track_order, r.track)), start=1
    ):
        row_no += 1
        _merged(sheet, row_no, f"{roman(number)}. {track[1] or 'Giải thưởng'}")
        sheet[f"A{row_no}"].font = Font(bold=True, size=12)
        position = 0
        for _tier, in_tier in groupby(in_track, key=lambda r: r.tier):
            winners = list(in_tier)
            row_no += 1
            _merged(sheet, row_no, f"Giải {winners[0].tier_label} ({len(winners)})")
            sheet[f"A{row_no}"].font = Font(bold=True, italic=True)
            for award in winners:
                position += 1
                row_no += 1
                _award_row(sheet, row_no, position, award)
    sheet.print_area = f"A1:{last_col}{max(row_no, header_row)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _award_row(sheet, row_no: int, position: int, award: AwardRow) -> None:
    """One winner: STT as a number, every other cell as text."""
    values = (
        award.author_names,
        award.author_unit,
        award.title,
        award.featured_names,
        award.tier_label,
    )
    stt = sheet.cell(row=row_no, column=1, value=position)
    stt.alignment, stt.border = _CENTRE, _BOX
    for col, value in enumerate(values, start=2):
        cell = _text(sheet, row_no, col, value)
        cell.alignment, cell.border = _WRAP, _BOX


def _merged(sheet, row_no: int, text: str, font: Font | None = None) -> None:
    """A section line spanning the table's width."""
    _text(sheet, row_no, 1, text)
    if font is not None:
        sheet.cell(row=row_no, column=1).font = font
    sheet.merge_cells(
        start_row=row_no, start_column=1, end_row=row_no, end_column=len(AWARD_HEADERS)
    )


def _text(sheet, row_no: int, col: int, value: str):
    """A cell that is text whatever it looks like (openpyxl takes "=…" for a formula)."""
    cell = sheet.cell(row=row_no, column=col)
    cell.value = safe_text(value or "")
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_STARTS):
        # The quote prefix keeps it text even when someone edits the cell later.
        cell.quotePrefix = True
    return cell
