"""The official documents in a real browser: the organizer sets the prize money, the
award list is signed off and published, then the organizer issues the decision, the
certificates and the payment list, and downloads them (Word and PDF) from the
register; the files are read back."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.models import Edition, Entry
from judging.assignment.models import Assignment
from judging.awards.models.lists import AwardList
from judging.official.core.context import contest_name
from judging.scoring.models import Score
from tests.e2e import test_awards_journey as awards_journey
from tests.e2e.test_awards_journey import CHAIR, ORGANIZER
from tests.e2e.test_journeys import log_in

# Set SCREENSHOT_DIR (e.g. docs/screenshots) to keep the screenshots of the journey.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode())


def sign_off(page: Page, browser, live_server, edition_id: int) -> None:
    """Propose and submit (organizer), approve (chair), publish (organizer)."""
    awards = f"/organizer/editions/{edition_id}/awards/"
    page.goto(awards)
    page.get_by_role("button", name="Đề xuất danh sách giải").click()
    page.get_by_role("button", name="Trình Chủ tịch Hội đồng").click()
    expect(page.locator("#award-stage")).to_have_text("Chờ Chủ tịch Hội đồng duyệt")
    context = browser.new_context(base_url=live_server, locale="vi-VN")
    chair = context.new_page()
    chair.set_default_timeout(10_000)
    log_in(chair, CHAIR, DEMO_PASSWORD)
    chair.goto(awards)
    chair.get_by_role("button", name="Duyệt danh sách giải").click()
    expect(chair.locator("#award-stage")).to_have_text("Đã duyệt")
    context.close()
    page.goto(awards)
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.locator("#award-stage")).to_have_text("Đã công bố")


@pytest.fixture
def scored(live_app, monkeypatch):
    """Three entries scored in the final round above any other journey's scores (no
    tie with what those leave behind); afterwards their readings and the award list
    are removed, so the other award journeys start from a clean list."""
    monkeypatch.setattr(awards_journey, "SCORES", (99, 98, 97))
    edition_id, entry_ids, titles = awards_journey.score_final_round(live_app)
    with live_app.app_context():
        statuses = {i: db.session.get(Entry, i).status for i in entry_ids}
    yield edition_id, titles
    with live_app.app_context():
        readings = select(Assignment.id).where(Assignment.entry_id.in_(entry_ids))
        db.session.execute(delete(Score).where(Score.assignment_id.in_(readings)))
        db.session.execute(delete(Assignment).where(Assignment.entry_id.in_(entry_ids)))
        db.session.execute(delete(AwardList).where(AwardList.edition_id == edition_id))
        for entry_id, status in statuses.items():  # as before the journey
            db.session.get(Entry, entry_id).status = status
        db.session.commit()


def test_decision_set_issued_and_downloaded_after_publication(
    page: Page, browser, live_server, live_app, tmp_path, scored, demo_judging_done
):
    edition_id, titles = scored
    with live_app.app_context():
        edition = db.session.get(Edition, edition_id)
        track, name = edition.tracks[0], contest_name(edition.title, edition.year)
        fields = {t.code: f"amount-{track.id}-{t.code}" for t in track.tiers}

    log_in(page, ORGANIZER, DEMO_PASSWORD)
    page.goto(f"/organizer/editions/{edition_id}")
    page.get_by_role("link", name="Tiền thưởng").click()
    page.locator(f"[name={fields['nhat']}]").fill("10.000.000")
    page.locator(f"[name={fields['nhi']}]").fill("7 000 000")
    page.locator(f"[name={fields['ba']}]").fill("năm triệu")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Nhập số tiền")
    expect(page.locator(f"[name={fields['nhat']}]")).to_have_value("10.000.000")
    page.locator(f"[name={fields['ba']}]").fill("5.000.000")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu")

    sign_off(page, browser, live_server, edition_id)

    page.get_by_role("link", name="Văn bản ban hành").first.click()
    page.get_by_label(re.compile("^Họ tên người ký")).fill("Lê Hồng Sơn")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu")
    page.get_by_role("button", name="Quyết định trao giải, kèm Phụ lục").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Đã ban hành, số 01/QĐ-BTC"
    )
    page.get_by_role("button", name="Giấy chứng nhận cho tác giả đoạt giải").click()
    page.get_by_role("button", name="Danh sách chi trả tiền thưởng").click()
    expect(page.get_by_role("status").first).to_contain_text("/DS-BTC")

    row = page.locator("tr", has_text="01/QĐ-BTC")
    with page.expect_download() as word_download:
        row.get_by_role("link", name="Word").click()
    word = tmp_path / "quyet-dinh.docx"
    word_download.value.save_as(word)
    document = docx.Document(str(word))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Số: 01/QĐ-BTC" in cells and "Lê Hồng Sơn" in cells
    assert f"Về việc trao giải {name}" in paragraphs
    assert all(title in cells for title in titles)
    assert "Hai mươi hai triệu đồng chẵn" in paragraphs  # 10 + 7 + 5 million

    payment = page.locator("tr", has_text="/DS-BTC")
    with page.expect_download() as pdf_download:
        payment.get_by_role("link", name="PDF").click()
    pdf = tmp_path / "chi-tra.pdf"
    pdf_download.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "22.000.000" in text and "Hai mươi hai triệu đồng chẵn" in text

    folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#h-register").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "official-documents-page.png"))

    certificates = page.locator("tr", has_text="/GCN-BTC")
    with page.expect_download() as blank_download:
        certificates.get_by_role("link", name="In lên phôi").click()
    blanks = tmp_path / "phoi.pdf"
    blank_download.value.save_as(blanks)
    assert titles[0] in pdf_text(blanks)

    read_public_record(browser, live_server, edition_id, folder)


def read_public_record(browser, live_server, edition_id: int, folder: Path) -> None:
    """A visitor on a phone opens the list of past editions and the edition's page:
    winners, rules, an Open Graph preview, nothing wider than the screen."""
    context = browser.new_context(
        base_url=live_server, locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto("/")
    phone.get_by_role("link", name="Các năm trước").click()
    phone.locator(f'a[href="/editions/{edition_id}"]').click()
    expect(phone.get_by_role("heading", name="Tác phẩm đoạt giải")).to_be_visible()
    expect(phone.get_by_role("link", name="EPUB")).to_be_visible()
    og_image = phone.locator('meta[property="og:image"]').get_attribute("content")
    assert og_image.startswith("http")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.screenshot(path=str(folder / "public-edition-phone.png"))
    context.close()
