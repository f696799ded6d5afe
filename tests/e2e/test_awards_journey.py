"""The award list in a real browser: the organizer proposes the list of a scored
edition and submits it, the council chair approves it, the organizer publishes it and
downloads the Excel award list."""

from __future__ import annotations

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from contest.demo import DEMO_PASSWORD, DEMO_TITLE
from contest.extensions import db
from contest.models import Entry, EntryStatus
from tests.e2e.journey_fixtures import CHAIR, ORGANIZER, log_in, score_final_round


def test_award_list_signed_off_published_and_downloaded(
    page: Page, browser, live_server, live_app, tmp_path, demo_judging_done
):
    """Propose → submit → chair approves → publish → the XLSX lists the winners."""
    edition_id, entry_ids, titles = score_final_round(live_app)
    awards = f"/organizer/editions/{edition_id}/awards/"

    log_in(page, ORGANIZER, DEMO_PASSWORD)
    page.goto(f"/organizer/editions/{edition_id}/awards/collective")
    page.get_by_role("link", name="Danh sách giải").first.click()
    page.get_by_role("button", name="Đề xuất danh sách giải").click()
    expect(page.get_by_role("status").first).to_contain_text("đã được đề xuất")
    expect(page.locator("table").first).to_contain_text(titles[0])
    page.get_by_role("button", name="Trình Chủ tịch Hội đồng").click()
    expect(page.locator("#award-stage")).to_have_text("Chờ Chủ tịch Hội đồng duyệt")

    chair_context = browser.new_context(base_url=live_server, locale="vi-VN")
    chair = chair_context.new_page()
    chair.set_default_timeout(10_000)
    log_in(chair, CHAIR, DEMO_PASSWORD)
    chair.get_by_role("link", name="Danh sách giải").first.click()
    chair.get_by_role("link", name=f"{DEMO_TITLE}").first.click()
    expect(chair.locator("table").first).to_contain_text(titles[1])
    chair.get_by_role("button", name="Duyệt danh sách giải").click()
    expect(chair.locator("#award-stage")).to_have_text("Đã duyệt")
    chair_context.close()

    page.goto(awards)
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.locator("#award-stage")).to_have_text("Đã công bố")

    page.get_by_role("link", name="Tài liệu").first.click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Danh sách đoạt giải (Excel)").click()
    target = tmp_path / "danh-sach.xlsx"
    download_info.value.save_as(target)
    cells = " ".join(
        str(c.value)
        for row in load_workbook(target).active.iter_rows()
        for c in row
        if c.value
    )
    assert all(title in cells for title in titles)
    with live_app.app_context():
        statuses = {db.session.get(Entry, i).status for i in entry_ids}
        assert statuses == {EntryStatus.AWARDED}
