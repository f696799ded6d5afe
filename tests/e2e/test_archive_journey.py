"""The organizer closes an edition in a real browser (its own edition, not the demo's):
the confirmation asks for a reason, and the closed edition refuses changes."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.services.editions import create_edition
from tests.e2e.journey_fixtures import log_in


def test_organizer_closes_an_edition(page: Page, live_app):
    """Close with a reason and a tick, then a change to the set-up is refused."""
    with live_app.app_context():
        edition_id = create_edition(None, title="Cuộc thi lưu trữ thử", year=2019).id
        db.session.commit()
    log_in(page, "bantochuc@demo.vn", DEMO_PASSWORD)
    page.goto(f"/organizer/editions/{edition_id}")
    page.get_by_role("link", name="Kết thúc và lưu trữ").first.click()
    page.get_by_role("link", name="Kết thúc cuộc thi…").click()
    page.get_by_role("button", name="Kết thúc cuộc thi").click()
    expect(page.get_by_text("Vui lòng nêu lý do.")).to_be_visible()
    page.get_by_label(re.compile("^Lý do")).fill("Đã trao giải năm 2019.")
    page.get_by_label(re.compile("^Tôi hiểu rằng")).check()
    page.get_by_role("button", name="Kết thúc cuộc thi").click()
    expect(page.get_by_text("Đã kết thúc cuộc thi")).to_be_visible()
    expect(
        page.get_by_text("Cuộc thi này đã kết thúc và chỉ còn xem được.")
    ).to_be_visible()

    page.get_by_role("link", name="Thông tin chung").click()
    page.get_by_role("button", name="Lưu").click()
    expect(
        page.get_by_text("Cuộc thi này đã kết thúc và chỉ còn xem được.")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/organizer/editions/{edition_id}$"))
