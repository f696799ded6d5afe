"""Organizers manage the participating units: add, edit, import CSV/XLSX with a report."""

import io

import pytest
from openpyxl import Workbook

from contest.extensions import db
from contest.models import Role, Unit, UnitKind
from tests.conftest import page_text, post_form


@pytest.fixture
def organizer(login_as):
    return login_as(Role.ORGANIZER)


def upload(client, content: bytes, filename: str):
    return post_form(
        client,
        "/organizer/units/import",
        {"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def units_by_name(app) -> dict[str, Unit]:
    with app.app_context():
        rows = db.session.scalars(db.select(Unit)).all()
        return {
            u.name: (u.kind, u.cluster.name if u.cluster else None, u.locality, u.code)
            for u in rows
        }


def test_add_and_edit_a_unit_with_a_new_cluster(app, client, organizer):
    """A unit typed in with a new cluster name creates the cluster too."""
    response = post_form(
        client,
        "/organizer/units/new",
        {
            "name": "UBND phường Hàng Bạc",
            "kind": "commune",
            "cluster": "Cụm 1",
            "locality": "Hoàn Kiếm",
            "code": "HB",
            "is_active": "y",
        },
    )
    assert response.status_code == 302
    assert units_by_name(app)["UBND phường Hàng Bạc"] == (
        UnitKind.COMMUNE,
        "Cụm 1",
        "Hoàn Kiếm",
        "HB",
    )
    html = page_text(client.get("/organizer/units?q=hang bac"))
    assert "UBND phường Hàng Bạc" in html and "Xã, phường, thị trấn" in html
    html = page_text(client.get("/organizer/units?q=%25"))  # "%" is no wildcard
    assert "UBND phường Hàng Bạc" not in html


def test_duplicate_unit_name_is_refused_accent_insensitively(
    client, organizer, make_unit
):
    """'ubnd quan dong da' is the same unit as 'UBND quận Đống Đa'."""
    make_unit("UBND quận Đống Đa")
    html = page_text(
        post_form(
            client,
            "/organizer/units/new",
            {"name": "ubnd quan dong da", "kind": "district", "is_active": "y"},
        )
    )
    assert "Đã có đơn vị mang tên này." in html


def test_import_csv_reports_each_row_and_updates_on_reimport(app, client, organizer):
    """Rows are created, bad rows are listed with a reason, re-import updates."""
    csv_text = (
        "Tên đơn vị;Loại;Cụm thi đua;Địa bàn;Mã\n"
        "UBND huyện Sóc Sơn;Quận/Huyện;Cụm 2;Sóc Sơn;SS\n"
        "Sở Y tế;Sở ngành;Cụm 3;Hà Nội;SYT\n"
        ";Khác;;;\n"
        "Hội Nông dân;Không rõ loại;;;\n"
        "sở y tế;Sở ngành;Cụm 3;Hà Nội;\n"
    )
    html = page_text(upload(client, csv_text.encode("utf-8-sig"), "donvi.csv"))
    assert "Tạo mới 2, cập nhật 0, bị từ chối 3." in html
    for reason in (
        "thiếu tên đơn vị",
        "loại đơn vị không xác định",
        "đơn vị này xuất hiện hai lần trong tệp",
    ):
        assert reason in html
    assert units_by_name(app)["UBND huyện Sóc Sơn"] == (
        UnitKind.DISTRICT,
        "Cụm 2",
        "Sóc Sơn",
        "SS",
    )

    again = "Tên đơn vị,Loại,Cụm thi đua,Địa bàn\nUBND huyện Sóc Sơn,huyen,Cụm thi đua số 2,Sóc Sơn\n"
    assert "Tạo mới 0, cập nhật 1" in page_text(
        upload(client, again.encode(), "lai.csv")
    )
    units = units_by_name(app)
    assert len(units) == 2 and units["UBND huyện Sóc Sơn"][1] == "Cụm thi đua số 2"
    assert (
        units["UBND huyện Sóc Sơn"][3] == "SS"
    )  # the code is kept when the column is absent


def test_import_xlsx(app, client, organizer):
    """An Excel list is read from its first sheet."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Tên đơn vị", "Loại", "Cụm thi đua"])
    sheet.append(["Thành đoàn", "Đoàn thể", "Cụm 3"])
    sheet.append(["Báo Người Thủ đô", "Báo chí", "Cụm 3"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert "Tạo mới 2" in page_text(upload(client, buffer.getvalue(), "donvi.xlsx"))
    assert units_by_name(app)["Báo Người Thủ đô"][0] == UnitKind.PRESS


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"\xff\xfe\x00garbage", "donvi.csv", "Tệp CSV không ở mã UTF-8"),
        (b"PK\x03\x04broken zip", "donvi.xlsx", "Không đọc được tệp"),
        (b"", "donvi.csv", "Tệp không có nội dung."),
        (
            "Cột lạ,Khác nữa\n1,2\n".encode(),
            "donvi.csv",
            "Không tìm thấy cột nào hợp lệ",
        ),
        (b"%PDF-1.4", "donvi.pdf", "Vui lòng tải lên tệp .csv hoặc .xlsx."),
    ],
)
def test_bad_import_files_get_clear_messages(
    app, client, organizer, content, filename, message
):
    """A file that cannot be read is explained at the field; nothing is imported."""
    response = upload(client, content, filename)
    assert response.status_code == 200
    assert message in page_text(response)
    assert units_by_name(app) == {}
