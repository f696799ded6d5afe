"""The organizer runs the full plagiarism scan of the demo, reads the evidence of the
planted copy side by side and disqualifies it; the copier then reads why."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD, DEMO_TITLE
from contest.extensions import db
from contest.jobs.runner import run_job
from contest.models import Edition, EditionStatus, JobStatus
from judging.plagiarism.services.checks import latest_scan
from tests.e2e.journey_fixtures import log_in

COPY_TITLE = (
    "Những tấm lòng thầm lặng"  # planted partial copy (contest/demo/entries.py)
)
COPIER = "vuong.dinh.khoi@demo.vn"


def label(vi: str, en: str) -> re.Pattern:
    """A label in Vietnamese once the catalog is merged, in English until then."""
    return re.compile(f"^({re.escape(vi)}|{re.escape(en)})$")


def run_the_scan(live_app) -> None:
    """Run the scan job the organizer queued, as the app's worker would."""
    with live_app.app_context():
        edition = db.session.scalar(
            select(Edition).where(
                Edition.title == DEMO_TITLE, Edition.status == EditionStatus.PUBLISHED
            )
        )
        job_id = latest_scan(edition).id
        db.session.remove()
    assert run_job(live_app, job_id) in (JobStatus.SUCCEEDED, None)


def test_organizer_disqualifies_the_planted_copy_and_the_copier_sees_why(
    page: Page, live_app, browser, live_server, outbox
):
    """Scan, open the evidence, follow a passage to its source, disqualify; the copier
    finds the reason in "My entries"."""
    log_in(page, "bantochuc@demo.vn", DEMO_PASSWORD)
    page.get_by_role("link", name="Ban Tổ chức").first.click()
    year = str(datetime.now(UTC).year)
    row = page.locator("tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(f"^{year}$"))
    )
    row.get_by_role(
        "link", name=label("Trùng lặp và sao chép", "Duplicates and plagiarism")
    ).click()
    page.get_by_role(
        "button", name=label("Chạy rà soát toàn bộ", "Run the full scan")
    ).click()
    expect(page.locator("progress")).to_be_visible()
    run_the_scan(live_app)
    page.reload()

    pair = page.locator("tbody tr").filter(has_text=COPY_TITLE).first
    expect(pair).to_be_visible()
    pair.get_by_role("link", name=re.compile("^(So sánh|Compare)")).click()

    first_a, first_b = page.locator("#a-p1"), page.locator("#b-p1")
    expect(first_a).to_be_visible()
    expect(first_b).to_be_visible()
    assert first_a.inner_text().strip() and first_b.inner_text().strip()
    page.locator('a[href="#b-p1"]').first.focus()
    page.keyboard.press("Enter")
    expect(first_b).to_be_focused()

    page.get_by_label(
        label("Sao chép: loại bài dự thi", "Copying: disqualify the entry")
    ).check()
    reason = "Bài có nhiều đoạn chép nguyên văn từ bài dự thi khác."
    page.get_by_label(re.compile("^(Lý do|Reason)")).fill(reason)
    page.get_by_role(
        "button", name=label("Ghi nhận quyết định", "Record the decision")
    ).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert any(m["To"] == COPIER and reason in m.get_content() for m in outbox)

    context = browser.new_context(base_url=live_server, locale="vi-VN")
    copier = context.new_page()
    try:
        log_in(copier, COPIER, DEMO_PASSWORD)
        copier.goto("/writer/")
        mine = copier.locator("tr").filter(has_text=COPY_TITLE)
        expect(mine).to_contain_text(reason)
    finally:
        context.close()
