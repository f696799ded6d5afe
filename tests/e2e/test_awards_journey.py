"""The award list in a real browser: the organizer proposes the list of a scored
edition and submits it, the council chair approves it, the organizer publishes it and
downloads the Excel award list."""

from __future__ import annotations

from datetime import UTC, datetime

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from contest.demo import DEMO_PASSWORD, DEMO_TITLE
from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, User
from judging.assignment.models import Assignment
from judging.awards.models.lists import AwardList
from judging.scoring.models import Score, ScoreStatus
from tests.e2e.test_journeys import log_in

ORGANIZER = "bantochuc@demo.vn"
CHAIR = "chutich@demo.vn"
JUDGE = "giamkhao2@demo.vn"
SCORES = (95, 90, 85)  # distinct: no tie to decide


def score_final_round(app) -> tuple[int, list[int], list[str]]:
    """Three entries of the first track scored in the final round; 1 prize per tier.

    Returns the edition id, and the ids and titles of the three entries, best first.
    """
    with app.app_context():
        edition = db.session.scalar(select(Edition).where(Edition.title == DEMO_TITLE))
        db.session.execute(delete(AwardList).where(AwardList.edition_id == edition.id))
        final, track = edition.rounds[-1], edition.tracks[0]
        for tier in track.tiers:
            tier.count = 1 if tier.code in ("nhat", "nhi", "ba") else 0
        judge = db.session.scalar(select(User).where(User.email == JUDGE))
        read = select(Assignment.entry_id).where(Assignment.round_id == final.id)
        entries = db.session.scalars(
            select(Entry)
            .where(
                Entry.edition_id == edition.id,
                Entry.track_id == track.id,
                Entry.status.not_in([EntryStatus.DRAFT, EntryStatus.WITHDRAWN]),
                Entry.status != EntryStatus.NOT_ELIGIBLE,
                Entry.id.not_in(read),
            )
            .order_by(Entry.id)
            .limit(len(SCORES))
        ).all()
        assert len(entries) == len(SCORES), "the demo has too few entries"
        criteria = list(edition.criteria)
        for entry, score in zip(entries, SCORES, strict=True):
            reading = Assignment(
                round_id=final.id, judge_id=judge.id, entry_id=entry.id
            )
            db.session.add(reading)
            db.session.flush()
            db.session.add(
                Score(
                    assignment_id=reading.id,
                    values={str(c.id): c.max_points * score / 100 for c in criteria},
                    status=ScoreStatus.SUBMITTED,
                    submitted_at=datetime.now(UTC),
                )
            )
        db.session.commit()
        return edition.id, [e.id for e in entries], [e.title for e in entries]


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
