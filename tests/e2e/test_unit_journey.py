"""A unit focal point imports a ZIP of paper entries in a real browser."""

import csv
import io
import re

from playwright.sync_api import Page, expect

from contest.demo import DEMO_PASSWORD
from tests import docfactory
from tests.e2e.journey_fixtures import log_in

NUMBER = re.compile(r"HN\d{4}-\d{6}")


def entries_zip() -> bytes:
    """Two entries (a Word file and a scan) and one row whose file is missing."""
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(
        [
            "Tên tệp",
            "Tên bài",
            "Tác giả",
            "Điện thoại",
            "Đơn vị",
            "Nhân vật",
            "Bảng",
            "Lĩnh vực",
        ]
    )
    writer.writerow(
        [
            "bai-1.docx",
            "Người giữ lửa xóm chài",
            "Trần Văn Bút",
            "0912 000 111",
            "Phường Hàng Bạc",
            "Ông Nguyễn Văn Hoà",
            "Bài viết",
            "Giáo dục và đào tạo",
        ]
    )
    writer.writerow(
        [
            "ban-quet.pdf",
            "Tấm lòng người mẹ",
            "Lê Thị Mực",
            "0913 000 222",
            "Phường Hàng Đào",
            "Bà Phạm Thị Lan",
            "bai viet",
            "Y te",
        ]
    )
    writer.writerow(
        [
            "khong-co.docx",
            "Bài bị quên",
            "Ngô Văn Giấy",
            "",
            "",
            "Ông Tư",
            "Bài viết",
            "Y tế",
        ]
    )
    return docfactory.write_zip(
        {
            "bai-1.docx": docfactory.make_docx(),
            "ban-quet.pdf": docfactory.make_image_pdf(),
            "manifest.csv": manifest.getvalue().encode("utf-8"),
        }
    )


def test_unit_focal_point_imports_a_zip_and_sees_the_new_numbers(page: Page):
    """The Hoàn Kiếm focal point uploads a ZIP and reads new entry numbers and refusals."""
    log_in(page, "donvi.hoankiem@demo.vn", DEMO_PASSWORD)
    page.goto("/unit/import")
    page.locator("input[name=archive]").set_input_files(
        {
            "name": "bai-du-thi.zip",
            "mimeType": "application/zip",
            "buffer": entries_zip(),
        }
    )
    page.locator("#import-form [type=submit]").click()

    imported = page.locator("#imported-rows tbody tr")
    expect(imported).to_have_count(2)
    expect(imported.nth(0)).to_contain_text("Người giữ lửa xóm chài")
    numbers = [NUMBER.search(text).group(0) for text in imported.all_inner_texts()]
    assert len(set(numbers)) == 2
    rejected = page.locator("#rejected-rows tbody tr")
    expect(rejected).to_have_count(1)
    expect(rejected.first).to_contain_text("khong-co.docx")

    page.get_by_role("link", name=numbers[1]).click()
    expect(page.locator("#entry-number")).to_have_text(numbers[1])
    page.goto("/unit/")
    for number in numbers:
        expect(page.get_by_text(number)).to_be_visible()
