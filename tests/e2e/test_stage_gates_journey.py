"""An edition run in order in a real browser, trying each step too early first.

Each out-of-order step (opening sơ khảo with an identity finding pending, submitting
the award list while entries are accepted and while the final round is open,
reopening a judge's sheet after publication) is refused with its reason on the page;
once the blocker is cleared from the page it links to, the same step goes through.
The journey runs on an edition of its own (an earlier year, beside the demo's
edition), so the round and the award list hold just its two entries.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import partial

from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.models import Edition, EditionStatus, Entry, EntryStatus, Role, User
from contest.services import entries as entry_service
from contest.services.editions import create_edition
from judging.assignment.models import Assignment
from judging.assignment.services import pool as judging_services
from judging.scoring.models import Score, ScoreStatus
from tests.e2e.journey_fixtures import log_in

ORGANIZER = "bantochuc@demo.vn"
CHAIR = "chutich@demo.vn"
STORY = (
    "Ông Tư gác cầu phao ở bến Chèm suốt hai mươi năm, đêm nào cũng thức.\n\n"
    "Ông đã cứu sáu người rơi xuống sông mà chưa bao giờ nhận một lời cảm ơn."
)


def _user(email: str, name: str, *roles: Role) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, full_name=name, email_confirmed_at=datetime.now(UTC))
        user.set_password(DEMO_PASSWORD)
        user.set_roles(set(roles))
        db.session.add(user)
        db.session.flush()
    return user


FEATURED = entry_service.FeaturedData(
    name="Ông Tư", unit_name="Phường Đông Ngạc", summary="Gác cầu"
)


def set_up(app, live_entry) -> dict:
    """An open edition of 2020 with two entries (one signs with the writer's name and
    phone) and two judges in both rounds."""
    with app.test_request_context():
        now = datetime.now(UTC)
        edition = create_edition(None, title="Cuộc thi thử các bước", year=2020)
        edition.status = EditionStatus.PUBLISHED
        edition.submission_opens_at = now - timedelta(days=10)
        edition.submission_closes_at = now + timedelta(days=20)
        _user("gates.writer1@demo.vn", "Đoàn Văn Hậu", Role.WRITER)
        _user("gates.writer2@demo.vn", "Phí Thị Mai", Role.WRITER)
        db.session.commit()
        edition_id = edition.id
    entry = partial(live_entry, edition_id, phone="0987 654 321", featured=FEATURED)
    clean = entry("gates.writer1@demo.vn", title="Người gác cầu phao", text=STORY)
    leaky = entry(
        "gates.writer2@demo.vn",
        title="Bến Chèm",
        text=STORY + "\n\nTác giả: Phí Thị Mai, điện thoại 0987 654 321",
    )
    with app.test_request_context():
        now = datetime.now(UTC)
        edition = db.session.get(Edition, edition_id)
        judges = []
        for n in (1, 2):
            judge = _user(f"gates.judge{n}@demo.vn", f"Giám Khảo Cổng {n}", Role.JUDGE)
            judging_services.save_profile(
                None,
                edition,
                judge,
                locality="",
                field_ids=[],
                max_load=None,
                round_ids=[r.id for r in edition.rounds],
            )
            judging_services.sign_declaration(judge, edition, now)
            judges.append(judge.id)
        db.session.commit()
        return {
            "edition_id": edition.id,
            "prelim_id": edition.rounds[0].id,
            "final_id": edition.rounds[-1].id,
            "entries": [clean.id, leaky.id],
            "leaky_number": leaky.number,
            "judges": judges,
        }


def final_round_scored(app, world) -> None:
    """What the judges do meanwhile: sơ khảo read and both entries advance; in chung
    khảo one judge scores both (90 and 80) and the round is still open."""
    with app.app_context():
        edition = db.session.get(Edition, world["edition_id"])
        prelim, final = edition.rounds[0], edition.rounds[-1]
        now = datetime.now(UTC)
        prelim.closed_at = prelim.advanced_at = now
        final.opened_at = now
        for entry_id, points in zip(world["entries"], (90, 80), strict=True):
            db.session.get(Entry, entry_id).status = EntryStatus.SHORTLISTED
            reading = Assignment(
                round_id=final.id, judge_id=world["judges"][0], entry_id=entry_id
            )
            db.session.add(reading)
            db.session.flush()
            db.session.add(
                Score(
                    assignment_id=reading.id,
                    values={
                        str(c.id): c.max_points * points / 100 for c in edition.criteria
                    },
                    status=ScoreStatus.SUBMITTED,
                    submitted_at=now,
                )
            )
        for tier in edition.tracks[0].tiers:
            tier.count = 1 if tier.code in ("nhat", "nhi") else 0
        db.session.commit()


def entries_close(app, world) -> None:
    """Time passes: the entry deadline is behind us."""
    with app.app_context():
        edition = db.session.get(Edition, world["edition_id"])
        edition.submission_closes_at = datetime.now(UTC) - timedelta(minutes=5)
        db.session.commit()


def flash(page: Page):
    return page.locator(".alert").filter(has_not=page.locator("form"))


def test_an_edition_runs_in_order_and_early_steps_say_why(
    page: Page, browser, live_server, live_app, live_entry
):
    world = set_up(live_app, live_entry)
    base = f"/organizer/editions/{world['edition_id']}"
    log_in(page, ORGANIZER, DEMO_PASSWORD)

    # 1. Sơ khảo: the identity finding blocks, with a link to the review.
    page.goto(f"{base}/judging/rounds/{world['prelim_id']}")
    blockers = page.locator("#stage-blockers")
    expect(blockers).to_contain_text("1 bài còn dấu hiệu lộ danh tính cần kiểm tra.")
    expect(page.get_by_role("button", name="Mở vòng chấm cho giám khảo")).to_have_count(
        0
    )
    page.get_by_role("button", name="Xem trước phân công").click()
    expect(page.locator("#no-field-reader")).to_contain_text("2 trên 2 bài")
    expect(page.locator("#draw-number")).to_contain_text("Số bốc thăm")
    page.get_by_role("button", name=re.compile("^Lưu phân công này")).click()
    expect(page.locator("body")).to_contain_text("Phân công chưa được lưu")
    expect(page.locator("body")).to_contain_text("lộ danh tính cần kiểm tra")

    # Cleared from the page the blocker links to; then the same step goes through.
    page.locator("#stage-blockers").get_by_role(
        "link", name="Kiểm tra danh tính"
    ).click()
    page.get_by_role("button", name="Che với giám khảo").first.click()
    page.goto(f"{base}/judging/rounds/{world['prelim_id']}")
    expect(page.locator("#stage-blockers")).to_have_count(0)
    page.get_by_role("button", name="Xem trước phân công").click()
    page.get_by_role("button", name=re.compile("^Lưu phân công này")).click()
    expect(page.locator("body")).to_contain_text("Vòng chấm đã mở cho giám khảo")
    expect(page.get_by_role("button", name="Mở vòng chấm cho giám khảo")).to_have_count(
        0
    )
    expect(page.get_by_role("button", name="Kết thúc vòng chấm")).to_be_visible()

    # 2. The award list: too early while entries are accepted, then while chung
    # khảo is open; the page says which and links to where to act.
    final_round_scored(live_app, world)
    page.goto(f"{base}/awards/")
    page.get_by_role("button", name="Đề xuất danh sách giải").click()
    expect(page.locator("#signoff-blockers")).to_contain_text("vẫn đang nhận bài")
    page.get_by_role("button", name="Trình Chủ tịch Hội đồng").click()
    expect(page.locator("body")).to_contain_text("Cuộc thi vẫn đang nhận bài")
    expect(page.locator("#award-stage")).to_have_text("Bản nháp")

    entries_close(live_app, world)
    page.goto(f"{base}/awards/")
    expect(page.locator("#signoff-blockers")).to_contain_text(
        "vòng chấm cuối chưa đóng"
    )
    page.get_by_role("button", name="Trình Chủ tịch Hội đồng").click()
    expect(page.locator("body")).to_contain_text("Còn vòng chấm đang mở")
    page.locator("#signoff-blockers").get_by_role("link", name="Chấm thi").click()
    page.goto(f"{base}/judging/rounds/{world['final_id']}")
    page.get_by_role("button", name="Kết thúc vòng chấm").click()
    expect(page.locator("body")).to_contain_text("Vòng chấm đã đóng.")
    page.goto(f"{base}/awards/")
    expect(page.locator("#signoff-blockers")).to_have_count(0)
    page.get_by_role("button", name="Trình Chủ tịch Hội đồng").click()
    expect(page.locator("#award-stage")).to_have_text("Chờ Chủ tịch Hội đồng duyệt")

    # 3. The chair finds the list on their home page, and approves it.
    chair_context = browser.new_context(base_url=live_server, locale="vi-VN")
    chair = chair_context.new_page()
    chair.set_default_timeout(10_000)
    log_in(chair, CHAIR, DEMO_PASSWORD)
    chair.goto("/account/")
    waiting = chair.locator("#awaiting-approval")
    waiting.get_by_role("link", name=re.compile("Cuộc thi thử các bước")).click()
    expect(chair.locator("#return-form")).to_contain_text("Lý do")
    chair.get_by_role("button", name="Duyệt danh sách giải").click()
    expect(chair.locator("#award-stage")).to_have_text("Đã duyệt")
    chair_context.close()

    page.goto(f"{base}/awards/")
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.locator("#award-stage")).to_have_text("Đã công bố")

    # 4. After publication a judge's sheet cannot be reopened, and the page says why.
    readings = f"{base}/judging/rounds/{world['final_id']}/readings"
    page.goto(readings)
    expect(page.locator("#stage-blockers")).to_contain_text("Kết quả đã công bố")
    page.get_by_placeholder("Lý do").first.fill("Giám khảo xin chấm lại")
    page.get_by_role("button", name="Mở lại").first.click()
    expect(page.locator("body")).to_contain_text("Phiếu chấm chưa được mở lại")

    # Reopened with a reason: the public page says the results are being corrected,
    # and the sheet can be reopened.
    page.goto(f"{base}/awards/")
    signoff = page.locator("#signoff")
    signoff.get_by_label("Lý do").fill("Giám khảo báo nhầm điểm một bài")
    signoff.get_by_role("button", name="Mở lại danh sách").click()
    expect(page.locator("#award-stage")).to_have_text("Bản nháp")
    page.goto(f"/editions/{world['edition_id']}/results")
    expect(page.locator("#results-corrected")).to_contain_text(
        "Kết quả đang được đính chính"
    )
    page.goto(readings)
    expect(page.locator("#stage-blockers")).to_have_count(0)
    page.get_by_placeholder("Lý do").first.fill("Giám khảo xin chấm lại")
    page.get_by_role("button", name="Mở lại").first.click()
    expect(page.locator("body")).to_contain_text("Đã mở lại phiếu chấm cho giám khảo.")
