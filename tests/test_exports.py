"""Exports: the registry, and the entries list as an Excel file organizers can trust."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from contest.exports import registry
from contest.exports.xlsx import XLSX_MIME, write_xlsx
from contest.extensions import db
from contest.models import AuditLog, Role

INJECTIONS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
]


def read_back(data: bytes):
    """The first sheet of an XLSX file, as openpyxl reads it (formulas not evaluated)."""
    return load_workbook(io.BytesIO(data)).active


def test_registry_runs_exports_by_name_and_refuses_duplicates():
    """Every export has one name; a second export with the same name is a bug."""
    assert "entries_list" in registry.names()
    with pytest.raises(KeyError):
        registry.run("no_such_export")
    with pytest.raises(ValueError, match="already registered"):
        registry.register("entries_list")(lambda: None)


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_that_looks_like_a_formula_stays_text(text):
    """A spreadsheet shows the writer's text literally; it never computes or links it."""
    sheet = read_back(write_xlsx("Danh sách", ["Tên bài", "Số chữ"], [[text, 12]]))
    cell = sheet["A2"]
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    assert sheet["B2"].value == 12 and sheet["B2"].data_type == "n"


def test_control_characters_are_dropped_not_fatal():
    """Invisible control characters typed or pasted by a writer do not break the file."""
    sheet = read_back(write_xlsx("S", ["Tên"], [["Bếp\x00 cơm\x0b yêu thương"]]))
    assert sheet["A2"].value == "Bếp cơm yêu thương"


@pytest.fixture
def organizer(login_as):
    return login_as(Role.ORGANIZER)


def test_entries_list_downloads_with_vietnamese_headers_and_rows(
    app, client, organizer, add_entry, edition_id, make_unit
):
    """The file has the official headers, one row per entry, dates dd/mm/yyyy and phones as text."""
    unit = make_unit("UBND quận Đống Đa", cluster="Cụm thi đua số 1")
    add_entry(
        "Bếp cơm yêu thương",
        authors=("Nguyễn Thị Dư", "Lê Văn Tám"),
        featured=("Nguyễn Thị Hoa",),
        phone="0912345678",
        unit_id=unit,
        submitted_at=datetime(2026, 3, 4, 18, 30, tzinfo=UTC),  # 05/03 in Hanoi
    )
    response = client.get(f"/organizer/editions/{edition_id}/entries.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX_MIME
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(
        r'attachment; filename="danh-sach-bai-du-thi-HN2026-\d{8}-\d{4}\.xlsx"',
        disposition,
    )
    with app.app_context():
        logged = db.session.scalars(select(AuditLog.action)).all()
    assert "export.entries_list" in logged  # who took a copy of the phones is known
    sheet = read_back(response.data)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == list(registry.ENTRY_HEADERS)
    assert rows[1] == [
        1,
        "HN2026-000001",
        "Bếp cơm yêu thương",
        "Nguyễn Thị Dư, Lê Văn Tám",
        "0912345678; 0912345678",
        "UBND quận Đống Đa",
        "Cụm thi đua số 1",
        "Nguyễn Thị Hoa",
        "Bài viết",
        "Xây dựng Đảng, chính quyền, đoàn thể",
        47,
        "Đã nộp",
        "05/03/2026",
    ]


def test_export_follows_the_filters_and_order_of_the_list(
    client, organizer, add_entry, edition_id
):
    """Only the filtered entries are exported, sorted as on screen (Vietnamese order)."""
    add_entry("Đặng")
    add_entry("Dương")
    add_entry("Dư")
    add_entry("Bản nháp", submit=False)
    add_entry("Khác hẳn", authors=("Phan Quốc Bảo",))
    url = f"/organizer/editions/{edition_id}/entries.xlsx?sort=title&q=tac+gia"
    sheet = read_back(client.get(url).data)
    assert [row[2].value for row in sheet.iter_rows(min_row=2)] == [
        "Dư",
        "Dương",
        "Đặng",
    ]


def test_no_cell_of_the_export_is_a_formula(client, organizer, add_entry, edition_id):
    """Titles, names and phones crafted as formulas come out as plain text."""
    for i, payload in enumerate(INJECTIONS):
        add_entry(payload, authors=(payload,), featured=(payload,), phone=f"=1+{i}")
    sheet = read_back(client.get(f"/organizer/editions/{edition_id}/entries.xlsx").data)
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sorted(row[2].value for row in sheet.iter_rows(min_row=2)) == sorted(
        INJECTIONS
    )
