"""Write a table to an XLSX workbook where every text cell stays text (pure).

Writers type titles and names; a title such as ``=HYPERLINK(...)`` or ``+cmd`` must
reach the organizer's spreadsheet as literal text, never as a formula (CSV/XLSX
injection). Each string cell gets the string data type explicitly, and text that a
spreadsheet would read as a formula also gets Excel's "quote prefix" (the leading
apostrophe), so that editing the cell later does not turn it into a formula either.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What spreadsheets take as the start of a formula or a DDE command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60

Cell = str | int | float | None


def safe_text(value: str) -> str:
    """The text without the control characters XLSX cannot store (they are dropped)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def write_xlsx(
    sheet_title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    widths: Sequence[int] | None = None,
) -> bytes:
    """One sheet: a bold, frozen header row, then the rows; strings are always text.

    Numbers stay numbers (counts, ranks); dates must be formatted by the caller
    (dd/mm/yyyy text), so that no spreadsheet locale can reorder day and month.
    """
    # Write-only mode streams rows: 2,500 rows take a fraction of a second.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(safe_text(sheet_title)[:31] or "Sheet1")
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        width = widths[index - 1] if widths else max(10, len(header) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH)
    bold, top = Font(bold=True), Alignment(vertical="top", wrap_text=True)
    sheet.append([_cell(sheet, h, font=bold, alignment=top) for h in headers])
    for values in rows:
        sheet.append([_cell(sheet, v) for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value: object, **style) -> WriteOnlyCell:
    """One cell; text is typed as text explicitly (openpyxl guesses "=…" is a formula)."""
    cell = WriteOnlyCell(sheet, value=_plain(value))
    for name, setting in style.items():
        setattr(cell, name, setting)
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def _plain(value: object) -> Cell:
    """A cell value: numbers as numbers, everything else as cleaned text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        raise TypeError("format dates as text (dd/mm/yyyy) before writing them")
    return safe_text(str(value))
