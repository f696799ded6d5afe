"""From a commune to the city and into the register, in a real browser: a commune's
focal point forwards an entry to its district, the district forwards it to the city,
the organizer makes the city read only forwarded entries, the entry is awarded, and
its featured person is commended and counted against the edition's target."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.models import Entry, EntryStatus, Role, UnitKind, User
from contest.queries import current_edition
from contest.services import entries as service
from contest.services.units import save_unit
from tests.conftest import STORY
from tests.e2e.journey_fixtures import log_in

ORGANIZER = "bantochuc@demo.vn"


def account(email: str, role: Role, unit_id: int | None) -> None:
    user = User(
        email=email,
        full_name="Đầu Mối Thử",
        unit_id=unit_id,
        email_confirmed_at=datetime.now(UTC),
    )
    user.set_password(DEMO_PASSWORD)
    user.set_roles({role})
    db.session.add(user)


def seed(live_app) -> dict:
    """A district with a commune, their focal points, and a commune writer's entry."""
    with live_app.test_request_context():
        district = save_unit(
            None,
            None,
            name="Huyện Thử Nghiệm",
            kind=UnitKind.DISTRICT,
            cluster_name="",
            locality="Hà Nội",
            code="",
        )
        commune = save_unit(
            None,
            None,
            name="Xã Thử Nghiệm",
            kind=UnitKind.COMMUNE,
            cluster_name="",
            locality="Hà Nội",
            code="",
            parent=district,
        )
        account("xa.thunghiem@demo.vn", Role.UNIT, commune.id)
        account("huyen.thunghiem@demo.vn", Role.UNIT, district.id)
        account("tacgia.thunghiem@demo.vn", Role.WRITER, commune.id)
        db.session.flush()
        edition = current_edition()
        writer = db.session.scalar(
            db.select(User).filter_by(email="tacgia.thunghiem@demo.vn")
        )
        entry = service.start_entry(writer, edition, key="grassroots-e2e")
        service.save_draft(
            entry,
            writer,
            service.EntryData(
                title="Người giữ đê làng Thử",
                track_id=edition.tracks[0].id,
                field_id=edition.fields[0].id,
                genre="Ký",
                text=STORY,
                authors=[
                    service.AuthorData(full_name="Tác Giả Thử", phone="0912 000 999")
                ],
                featured=[
                    service.FeaturedData(
                        name="Ông Đỗ Văn Đê",
                        unit_name="Xã Thử Nghiệm",
                        summary="Giữ đê",
                    )
                ],
            ),
        )
        entry.declaration_accepted = True
        service.submit(entry, writer, datetime.now(UTC))
        db.session.commit()
        return {"entry": entry.id, "number": entry.number, "edition": edition.id}


def test_a_commune_entry_climbs_to_the_city_and_its_person_is_commended(
    page: Page, live_app
):
    ids = seed(live_app)
    # 1. The commune forwards the entry to its district.
    log_in(page, "xa.thunghiem@demo.vn", DEMO_PASSWORD)
    page.goto("/unit/")
    page.get_by_label(f"Chọn bài {ids['number']}").check()
    page.get_by_role(
        "button", name="Chuyển các bài đã chọn lên Huyện Thử Nghiệm"
    ).click()
    expect(
        page.get_by_text("Số bài đã chuyển lên Huyện Thử Nghiệm: 1.")
    ).to_be_visible()
    expect(page.get_by_text("Đã chuyển lên: Huyện Thử Nghiệm")).to_be_visible()
    page.context.clear_cookies()
    # 2. The district sees where it comes from and forwards it to the city.
    log_in(page, "huyen.thunghiem@demo.vn", DEMO_PASSWORD)
    page.goto("/unit/")
    expect(page.get_by_text("Từ: Xã Thử Nghiệm")).to_be_visible()
    page.get_by_label(f"Chọn bài {ids['number']}").check()
    page.locator(
        "#forward-form input[type=submit], #forward-form button[type=submit]"
    ).last.click()
    expect(page.get_by_text("Số bài đã gửi lên thành phố: 1.")).to_be_visible()
    page.context.clear_cookies()
    with live_app.app_context():
        assert db.session.get(Entry, ids["entry"]).status == EntryStatus.FORWARDED
    # 3. The organizer lets the city read only what reached it, and sets the targets.
    log_in(page, ORGANIZER, DEMO_PASSWORD)
    page.goto(f"/organizer/editions/{ids['edition']}/grassroots")
    page.get_by_label(
        "Các bài đã được chuyển lên Thành phố (và các bài gửi thẳng Thành phố)"
    ).check()
    page.get_by_role("button", name="Lưu cách tiếp nhận bài").click()
    expect(page.get_by_text("Đã lưu cách tiếp nhận bài.")).to_be_visible()
    page.goto(f"/organizer/editions/{ids['edition']}/register/plan")
    page.get_by_label("Số cá nhân được khen thưởng (ít nhất)").fill("700")
    page.get_by_label(
        "Số gương điển hình giới thiệu Ban Thi đua - Khen thưởng Trung ương và báo chí (ít nhất)"
    ).fill("50")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu kế hoạch khen thưởng.")).to_be_visible()
    # 4. The entry is awarded (the judging and award journeys are tested on their own).
    with live_app.app_context():
        db.session.get(Entry, ids["entry"]).status = EntryStatus.AWARDED
        db.session.commit()
    # 5. Its featured person enters the register, is commended and counted.
    page.goto(f"/organizer/register?edition_id={ids['edition']}")
    page.get_by_role(
        "button", name="Đưa nhân vật của cuộc thi năm này vào sổ điển hình"
    ).click()
    expect(page.get_by_text("Đã cập nhật sổ điển hình")).to_be_visible()
    before = page.locator("#count-individuals").inner_text().split("/")[0].strip()
    page.get_by_role("link", name="Ông Đỗ Văn Đê").click()
    page.get_by_text("Thay đổi tình trạng").first.click()
    page.get_by_label("Trạng thái", exact=True).select_option("commended")
    page.get_by_label("Cấp khen thưởng").select_option("city")
    page.get_by_label("Quyết định (số và cơ quan ban hành)").fill(
        "Quyết định số 125/QĐ-UBND"
    )
    page.get_by_label(
        "Giới thiệu Ban Thi đua - Khen thưởng Trung ương và báo chí"
    ).check()
    page.get_by_role("button", name="Lưu tình trạng").click()
    expect(page.get_by_text("Đã lưu tình trạng.")).to_be_visible()
    page.goto(f"/organizer/register?edition_id={ids['edition']}")
    counted = page.locator("#count-individuals").inner_text().split("/")
    assert int(counted[0]) == int(before) + 1 and counted[1].strip() == "700"
    expect(page.locator("#count-exemplars")).to_contain_text("/ 50")
