"""Read a CSV or XLSX upload into rows of text keyed by normalised header (pure)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from contest.textnorm import search_key


class TableError(ValueError):
    """The file is not a readable CSV/XLSX table; `code` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def read_table(
    data: bytes, filename: str, aliases: Mapping[str, str], *, max_rows: int = 5000
) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts keyed by canonical column names.

    `aliases` maps accent-insensitive header keys (e.g. "ten don vi") to canonical names.
    Unknown columns are dropped; cells are stripped strings ("" when empty).
    """
    if data[:4] == b"PK\x03\x04":
        raw_rows = _xlsx_rows(data)
    elif filename.lower().endswith((".csv", ".txt")):
        raw_rows = _csv_rows(data)
    else:
        raise TableError("unsupported")
    try:
        header = next(raw_rows)
    except StopIteration:
        raise TableError("empty") from None
    columns = [aliases.get(search_key(str(cell or ""))) for cell in header]
    if not any(columns):
        raise TableError("no_known_columns")
    rows = []
    for raw in raw_rows:
        values = ["" if cell is None else str(cell).strip() for cell in raw]
        if not any(values):
            continue
        rows.append(
            {
                col: values[i] if i < len(values) else ""
                for i, col in enumerate(columns)
                if col
            }
        )
        if len(rows) > max_rows:
            raise TableError("too_many_rows")
    return rows


def _csv_rows(data: bytes):
    """Rows of a UTF-8 CSV (comma or semicolon separated)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("not_utf8") from None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _xlsx_rows(data: bytes):
    """Rows of the first sheet of an XLSX workbook (values, not formulas)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise TableError("corrupt") from None
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()
