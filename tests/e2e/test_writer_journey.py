"""A writer on a phone-sized screen uploads a Word file, reviews the text and gets a receipt."""

import re

from playwright.sync_api import Page, expect

from contest.demo import DEMO_PASSWORD
from tests import docfactory
from tests.e2e.test_journeys import log_in


def test_writer_uploads_a_docx_and_gets_a_receipt(page: Page, tmp_path):
    """Upload → extracted text on the review page → declaration → number and receipt."""
    page.set_viewport_size({"width": 390, "height": 844})
    docx = tmp_path / "Bài dự thi - Hoàng Văn Nam.docx"
    docx.write_bytes(
        docfactory.make_docx(
            [
                "Người lái đò trên sông Đáy",
                "Ông Hoàng Văn Nam đã chở miễn phí hàng nghìn lượt học sinh qua sông.",
                "Mỗi sáng, ông chờ ở bến từ năm giờ để các em kịp giờ học.",
            ]
        )
    )
    log_in(page, "tacgia3@demo.vn", DEMO_PASSWORD)
    page.goto("/writer/")
    page.get_by_role("link", name="Gửi bài dự thi mới").click()
    page.get_by_label("Tên bài dự thi").fill("Người lái đò trên sông Đáy")
    page.get_by_label("Bảng").select_option(label="Bài viết (tối đa 2.000 chữ)")
    page.get_by_label("Lĩnh vực", exact=True).select_option(label="Giáo dục và đào tạo")
    page.get_by_label("Thể loại").select_option("Ký")
    page.get_by_label("Hoặc tải tệp lên").set_input_files(str(docx))
    page.get_by_label("Tên nhân vật hoặc tập thể").fill("Hoàng Văn Nam")
    page.get_by_role("button", name="Lưu và xem lại trước khi nộp").click()

    expect(page.get_by_role("heading", name="Xem lại và nộp bài")).to_be_visible()
    expect(
        page.get_by_text(
            "Ông Hoàng Văn Nam đã chở miễn phí hàng nghìn lượt học sinh qua sông."
        )
    ).to_be_visible()
    expect(page.locator("#word-count")).to_have_text(re.compile(r"^3\d / 2\.000$"))
    page.get_by_label(re.compile("^Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp bài dự thi").click()

    expect(
        page.get_by_text(re.compile(r"Số hiệu bài dự thi của bạn là HN\d{4}-\d{6}\."))
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải giấy biên nhận (PDF)").click()
    assert re.fullmatch(
        r"bien-nhan-HN\d{4}-\d{6}\.pdf", download.value.suggested_filename
    )
    page.get_by_role("link", name="Bài dự thi của tôi").last.click()
    expect(page.get_by_role("cell", name="Người lái đò trên sông Đáy")).to_be_visible()
