"""A writer on a phone-sized screen uploads a Word file, reviews the text and gets a receipt."""

import re

from playwright.sync_api import Page, expect

from contest.demo import DEMO_PASSWORD
from tests import docfactory
from tests.e2e.journey_fixtures import log_in


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


def test_writer_draft_survives_an_ended_session(browser, live_server):
    """The session ends while the writer types: the form says the text is kept on this
    device; logged in again, the reopened form offers it back and nothing is lost."""
    context = browser.new_context(base_url=live_server, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, "tacgia7@demo.vn", DEMO_PASSWORD)
    page.goto("/writer/entries/new")
    page.get_by_label("Tên bài dự thi").fill("Người thắp đèn ở ngõ nhỏ")
    page.get_by_label("Thể loại").select_option("Ký")
    page.get_by_label("Tên nhân vật hoặc tập thể").fill("Mai Văn Sáng")
    text = page.locator("#text")
    first = "\n\n".join(
        f"Đoạn {n}: ông Mai Văn Sáng sửa đèn đường cho cả ngõ suốt ba mươi năm, "
        "không nhận của ai một đồng nào, chỉ mong bọn trẻ đi học về không vấp ngã."
        for n in range(1, 16)
    )
    text.fill(first)
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Đã lưu nháp lúc")
    expect(page).to_have_url(re.compile(r"/writer/entries/\d+/edit$"))
    edit_url = page.url

    # The session ends (cookie gone); the writer keeps typing.
    context.clear_cookies()
    more = "\n\nĐoạn cuối: hàng xóm gọi ông là “người thắp đèn” của ngõ."
    text.press("End")
    text.press_sequentially(more)
    expired = page.locator("#session-expired")
    expect(expired).to_be_visible(timeout=15_000)
    expect(expired).to_contain_text("giữ trên máy này")
    expect(status).to_contain_text("phiên đăng nhập đã hết hạn")

    # Logged in again in another tab, the writer reopens the form: the server has the
    # first part only, the device has it all and offers it back.
    other = context.new_page()
    other.set_default_timeout(10_000)
    log_in(other, "tacgia7@demo.vn", DEMO_PASSWORD)
    other.goto(edit_url)
    reopened = other.locator("#text")
    expect(reopened).to_have_value(first)
    notice = other.locator("#draft-restore")
    expect(notice).to_be_visible()
    other.get_by_role("button", name="Khôi phục bản đang soạn trên máy này").click()
    expect(notice).to_be_hidden()
    expect(reopened).to_have_value(first + more)
    expect(other.locator("#autosave-status")).to_contain_text("Đã lưu nháp lúc")
    # Saved on the server: the next visit shows it all and offers nothing.
    other.reload()
    expect(other.locator("#text")).to_have_value(first + more)
    expect(other.locator("#draft-restore")).to_be_hidden()
    context.close()
