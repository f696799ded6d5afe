"""Reading CSV/XLSX tables with Vietnamese or English headers (pure)."""

import io

import pytest
from openpyxl import Workbook

from contest.tabular import TableError, read_table

ALIASES = {"ten don vi": "name", "name": "name", "cum thi dua": "cluster"}


def test_csv_with_bom_semicolons_and_vietnamese_headers():
    """Excel's 'CSV UTF-8' (BOM, semicolons) is read; unknown columns are dropped."""
    data = "\ufeffTên đơn vị;Cụm thi đua;Ghi chú\nSở Y tế;Cụm 3;x\n;;\n".encode()
    assert read_table(data, "a.csv", ALIASES) == [
        {"name": "Sở Y tế", "cluster": "Cụm 3"}
    ]


def test_xlsx_numbers_and_empty_cells_become_text():
    """Cells come back as stripped text, empty cells as ''."""
    book = Workbook()
    book.active.append(["Name", "Cụm thi đua"])
    book.active.append(["  Thành đoàn ", None])
    book.active.append([2026, "Cụm 1"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_table(buffer.getvalue(), "a.xlsx", ALIASES) == [
        {"name": "Thành đoàn", "cluster": ""},
        {"name": "2026", "cluster": "Cụm 1"},
    ]


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "a.csv", "empty"),
        (b"a,b\n1,2\n", "a.csv", "no_known_columns"),
        (b"T\xean \xf0\xf5n vi\xf2\n", "a.csv", "not_utf8"),  # Windows-1258
        (b"PK\x03\x04nope", "a.xlsx", "corrupt"),
        (b"hello", "a.doc", "unsupported"),
    ],
)
def test_unreadable_tables_raise_a_code(data, name, code):
    """Each kind of bad file has its own code for the message shown to the user."""
    with pytest.raises(TableError) as error:
        read_table(data, name, ALIASES)
    assert error.value.code == code


def test_too_many_rows():
    """A huge table is refused instead of filling the database."""
    data = ("name\n" + "x\n" * 20).encode()
    with pytest.raises(TableError, match="too_many_rows"):
        read_table(data, "a.csv", ALIASES, max_rows=10)
