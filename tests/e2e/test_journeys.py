"""The first journeys in a real browser: visitor, writer registration, organizer set-up."""

import re

from playwright.sync_api import Page, expect

from contest.demo import DEMO_PASSWORD
from tests.e2e.journey_fixtures import log_in


def test_visitor_sees_the_landing_page_and_switches_language(page: Page):
    """A visitor reads the contest's name, tracks, countdown and timeline, then reads it in English."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Cuộc thi viết về gương điển hình tiên tiến"
    )
    expect(page.get_by_role("heading", name="Các bảng dự thi")).to_be_visible()
    expect(page.locator("[data-countdown]")).to_have_text(
        re.compile(r"\d+ ngày \d\d:\d\d:\d\d")
    )
    expect(page.get_by_text("Tác phẩm báo chí").first).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Tracks")).to_be_visible()
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.get_by_role("heading", name="Thời gian")).to_be_visible()


def test_writer_registers_confirms_and_logs_in(page: Page, outbox):
    """A writer registers, follows the emailed link and logs in, all with the keyboard."""
    page.goto("/auth/register")
    page.get_by_label("Họ và tên").fill("Hoàng Thị Thu Trang")
    page.get_by_label("Email").fill("thu.trang@example.vn")
    page.get_by_label(re.compile("^Mật khẩu")).fill("ngan")
    page.get_by_label("Nhập lại mật khẩu").fill("ngan")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_text("Mật khẩu phải có ít nhất 10 ký tự.")).to_be_visible()
    expect(page.get_by_label("Họ và tên")).to_have_value("Hoàng Thị Thu Trang")

    page.get_by_label(re.compile("^Mật khẩu")).fill("Viet-ve-nguoi-tot-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Viet-ve-nguoi-tot-2026")
    page.get_by_label("Nhập lại mật khẩu").press("Enter")
    expect(page.get_by_role("heading", name="Vui lòng kiểm tra email")).to_be_visible()

    message = next(m for m in reversed(outbox) if m["To"] == "thu.trang@example.vn")
    link = re.search(r"https?://\S+/auth/confirm/\S+", message.get_content()).group(0)
    page.goto(link)
    expect(page.get_by_text("Địa chỉ email đã được xác nhận")).to_be_visible()
    log_in(page, "thu.trang@example.vn", "Viet-ve-nguoi-tot-2026")
    expect(
        page.get_by_role("heading", name="Xin chào, Hoàng Thị Thu Trang")
    ).to_be_visible()


def test_organizer_creates_an_edition(page: Page):
    """The demo organizer creates next year's edition as a copy and sets its deadline."""
    log_in(page, "bantochuc@demo.vn", DEMO_PASSWORD)
    page.get_by_role("link", name="Ban Tổ chức").first.click()
    page.get_by_role("link", name="Tạo cuộc thi mới").click()
    page.get_by_label("Tên").fill("Cuộc thi viết người tốt, việc tốt 2027")
    page.get_by_label("Năm").fill("2027")
    page.get_by_label("Bắt đầu từ").select_option(index=1)
    page.get_by_role("button", name="Tạo cuộc thi").click()
    expect(page.get_by_text("Đã tạo cuộc thi.")).to_be_visible()
    expect(page.get_by_label("Tiền tố số hiệu bài dự thi")).to_have_value("HN")

    page.get_by_role("link", name="Thời gian").click()
    page.get_by_label("Hạn cuối nhận bài").fill("2027-01-31T23:59")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Hạn cuối phải sau ngày bắt đầu nhận bài.")).to_be_visible()
    page.get_by_label("Bắt đầu nhận bài").fill("2027-03-01T08:00")
    page.get_by_label("Hạn cuối nhận bài").fill("2027-06-30T23:59")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    expect(page.get_by_label("Hạn cuối nhận bài")).to_have_value("2027-06-30T23:59")
    page.get_by_role("link", name="Tiêu chí chấm").click()
    expect(page.get_by_label("Tiêu chí").first).to_have_value(
        "Tính chân thực, rõ người rõ việc"
    )
