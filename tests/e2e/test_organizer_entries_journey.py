"""The organizer finds an entry by a name typed without accents and rules it not eligible."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD, DEMO_TITLE
from contest.extensions import db
from contest.models import Edition, EditionStatus, Role, User
from contest.services import entries as service
from tests.e2e.journey_fixtures import log_in

TITLE = "Người giữ lửa làng gốm Bát Tràng"
AUTHOR = "Đặng Thị Ngọc Quỳnh"


# Labels of the organizer's pages, in Vietnamese once the lead has merged the catalog
# (until then the English msgid is shown).
def label(vi: str, en: str) -> re.Pattern:
    return re.compile(f"^({re.escape(vi)}|{re.escape(en)})$")


@pytest.fixture
def quynh_entry(live_app) -> str:
    """A submitted entry by Đặng Thị Ngọc Quỳnh in the demo edition; its number."""
    with live_app.test_request_context():
        edition = db.session.scalar(
            select(Edition).where(
                Edition.title == DEMO_TITLE, Edition.status == EditionStatus.PUBLISHED
            )
        )
        user = db.session.scalar(select(User).where(User.email == "quynh.e2e@demo.vn"))
        if user is None:
            user = User(
                email="quynh.e2e@demo.vn",
                full_name=AUTHOR,
                email_confirmed_at=datetime.now(UTC),
            )
            user.set_password(DEMO_PASSWORD)
            user.set_roles({Role.WRITER})
            db.session.add(user)
            db.session.flush()
        entry = service.start_entry(user, edition, key="e2e-organizer-entries")
        if entry.number is None:
            service.save_draft(
                entry,
                user,
                service.EntryData(
                    title=TITLE,
                    track_id=edition.tracks[0].id,
                    field_id=edition.fields[8].id,
                    genre="Ký",
                    text="Ông Kiều Văn Tuệ giữ lửa lò gốm suốt bốn mươi năm.",
                    authors=[
                        service.AuthorData(
                            full_name=AUTHOR, phone="0987 654 321", email=user.email
                        )
                    ],
                    featured=[service.FeaturedData(name="Kiều Văn Tuệ")],
                ),
            )
            entry.declaration_accepted = True
            service.submit(entry, user, datetime.now(UTC))
        db.session.commit()
        return entry.number


def test_organizer_finds_an_entry_by_an_unaccented_name(
    page: Page, quynh_entry, outbox
):
    """Typed "dang thi ngoc quynh", the organizer finds the entry, reads it and rules it out."""
    log_in(page, "bantochuc@demo.vn", DEMO_PASSWORD)
    page.get_by_role("link", name="Ban Tổ chức").first.click()
    year = str(datetime.now(UTC).year)
    row = page.locator("tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(f"^{year}$"))
    )
    row.get_by_role("link", name=label("Bài dự thi", "Entries")).click()

    search = page.get_by_label(
        label(
            "Số hiệu, tên bài, tác giả hoặc nhân vật",
            "Number, title, author or featured person",
        )
    )
    search.fill("dang thi ngoc quynh")
    search.press("Enter")
    expect(
        page.get_by_text(re.compile(r"^(Tìm thấy 1 bài dự thi|1 entries found)$"))
    ).to_be_visible()
    expect(page.get_by_role("cell", name=TITLE)).to_be_visible()
    page.get_by_role("link", name=quynh_entry).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("cell", name="0987 654 321")).to_be_visible()
    reason = "Nhân vật đã được giới thiệu trong bài đoạt giải năm trước."
    page.get_by_label(re.compile("^(Lý do|Reason)")).fill(reason)
    page.get_by_role(
        "button", name=label("Xác định không hợp lệ", "Mark not eligible")
    ).click()
    expect(page.get_by_role("note")).to_have_text(f"Lý do: {reason}")
    expect(page.locator(".badge", has_text="Không hợp lệ")).to_be_visible()
    assert any(
        m["To"] == "quynh.e2e@demo.vn" and reason in m.get_content() for m in outbox
    )


def test_participation_charts_are_drawn(page: Page, quynh_entry):
    """The dashboard's charts are drawn by the page's own script (CSP allows no inline one)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "bantochuc@demo.vn", DEMO_PASSWORD)
    page.get_by_role("link", name="Ban Tổ chức").first.click()
    year = str(datetime.now(UTC).year)
    row = page.locator("tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(f"^{year}$"))
    )
    row.get_by_role("link", name=label("Tình hình tham gia", "Participation")).click()
    canvases = page.locator("canvas[data-chart]")
    expect(canvases).to_have_count(5)
    # Chart.js keeps every chart it drew; wait until each canvas has one.
    page.wait_for_function(
        "() => window.Chart && [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(c => window.Chart.getChart(c))"
    )
    assert errors == []
