"""From a commune to the city and into the register, in a real browser (issue #17):
the commune reads its entry blind in a round of its own, shortlists it and forwards
it with its head's signed cover letter; the district does the same with its own
judge; the organizer makes the city read only forwarded entries, the city's first
round reads it blind (without the units' scores or shortlist), the organizer sees
the units' readings on the entry page; the entry is awarded, and its featured person
is commended and counted against the edition's target."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.models import Entry, EntryStatus, Role, UnitKind, User
from contest.queries import current_edition
from contest.services import entries as service
from contest.services.units import save_unit
from judging.assignment.models import Assignment, JudgingCode
from tests.conftest import STORY
from tests.e2e.journey_fixtures import (
    DEMO_OVERRIDE,
    ORGANIZER,
    assert_fits_a_phone,
    assert_none_shown,
    assert_unique_ids,
    judge_tab,
    log_in,
    sign_newest_batch,
    unit_round_read,
)

COMMUNE_FOCAL, DISTRICT_FOCAL = "xa.thunghiem@demo.vn", "huyen.thunghiem@demo.vn"
WRITER = "tacgia.thunghiem@demo.vn"
COMMUNE_JUDGE = ("giamkhao.xa@demo.vn", "Lê Thị Xã")
DISTRICT_JUDGE = ("giamkhao.huyen@demo.vn", "Trần Văn Huyện")
# What no judge may see of the author.
AUTHOR = ("Tác Giả Thử", WRITER, "Bút Danh Đê Làng", "0912 000 999")
COMMUNE_ROUND, DISTRICT_ROUND = "Vòng chấm xã Thử Nghiệm", "Vòng chấm huyện Thử"
COMMUNE_COMMENT, DISTRICT_COMMENT = "Nhận xét vòng xã", "Nhận xét vòng huyện"


def account(email: str, role: Role, unit_id: int, name: str = "Đầu Mối Thử") -> None:
    user = User(
        email=email,
        full_name=name,
        unit_id=unit_id,
        email_confirmed_at=datetime.now(UTC),
    )
    user.set_password(DEMO_PASSWORD)
    user.set_roles({role})
    db.session.add(user)


def seed(live_app) -> dict:
    """A district with a commune, their focal points and a person of each (the
    future judges), and a commune writer's entry with a pen name."""
    with live_app.test_request_context():
        district = save_unit(
            None, None, name="Huyện Thử Nghiệm", kind=UnitKind.DISTRICT,
            cluster_name="", locality="Hà Nội", code="",
        )  # fmt: skip
        commune = save_unit(
            None, None, name="Xã Thử Nghiệm", kind=UnitKind.COMMUNE,
            cluster_name="", locality="Hà Nội", code="", parent=district,
        )  # fmt: skip
        account(COMMUNE_FOCAL, Role.UNIT, commune.id)
        account(DISTRICT_FOCAL, Role.UNIT, district.id)
        account(WRITER, Role.WRITER, commune.id, AUTHOR[0])
        account(COMMUNE_JUDGE[0], Role.WRITER, commune.id, COMMUNE_JUDGE[1])
        account(DISTRICT_JUDGE[0], Role.WRITER, district.id, DISTRICT_JUDGE[1])
        db.session.flush()
        edition = current_edition()
        writer = db.session.scalar(select(User).filter_by(email=WRITER))
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
                    service.AuthorData(
                        full_name=AUTHOR[0],
                        email=WRITER,
                        pen_names=AUTHOR[2],
                        phone=AUTHOR[3],
                    )
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


def city_reader(live_app, entry_id: int) -> tuple[str, str]:
    """(email, code) of a city judge the first round gave the entry to."""
    with live_app.app_context():
        entry = db.session.get(Entry, entry_id)
        round_id = entry.edition.rounds[0].id
        judge = db.session.scalar(
            select(User.email)
            .join(Assignment, Assignment.judge_id == User.id)
            .where(Assignment.round_id == round_id, Assignment.entry_id == entry_id)
            .limit(1)
        )
        code = db.session.scalar(
            select(JudgingCode.code).where(
                JudgingCode.round_id == round_id, JudgingCode.entry_id == entry_id
            )
        )
        assert judge and code, "the city's first round does not read the entry"
        return judge, code


def test_a_commune_entry_read_at_every_level_climbs_to_the_city_and_is_commended(
    page: Page, browser: Browser, live_server: str, live_app
):
    ids = seed(live_app)
    number = ids["number"]
    # 1. The commune reads its entry blind, shortlists it, forwards the shortlist
    #    to its district and its head signs the cover letter.
    log_in(page, COMMUNE_FOCAL, DEMO_PASSWORD)
    unit_round_read(
        page, browser, live_server,
        round_name=COMMUNE_ROUND, judge=COMMUNE_JUDGE, comment=COMMUNE_COMMENT,
        hidden=AUTHOR,
    )  # fmt: skip
    page.get_by_label(f"Chọn bài {number}").focus()  # by keyboard
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Hoặc chọn số bài điểm cao nhất")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Số bài được chọn: 1.")).to_be_visible()
    assert_fits_a_phone(page)
    assert_unique_ids(page)
    page.get_by_role("button", name="Gửi danh sách bài được chọn (1 bài)").click()
    expect(
        page.get_by_text("Số bài đã chuyển lên Huyện Thử Nghiệm: 1.")
    ).to_be_visible()
    sign_newest_batch(page, "Chủ tịch UBND xã")
    page.context.clear_cookies()

    # 2. The district, which now holds it, reads it with its own judge, shortlists
    #    the best one, forwards from its list (the shortlist ticked) to the city.
    log_in(page, DISTRICT_FOCAL, DEMO_PASSWORD)
    page.goto("/unit/")
    expect(page.get_by_text("Từ: Xã Thử Nghiệm")).to_be_visible()
    unit_round_read(
        page, browser, live_server,
        round_name=DISTRICT_ROUND, judge=DISTRICT_JUDGE, comment=DISTRICT_COMMENT,
        hidden=(*AUTHOR, COMMUNE_ROUND, COMMUNE_COMMENT),
    )  # fmt: skip
    page.get_by_label("Hoặc chọn số bài điểm cao nhất").fill("1")
    page.get_by_role("button", name="Lưu danh sách bài được chọn").click()
    expect(page.get_by_text("Số bài được chọn: 1.")).to_be_visible()
    page.goto("/unit/")
    expect(page.get_by_label(f"Chọn bài {number}")).to_be_checked()
    page.get_by_role(
        "button", name="Gửi các bài đã chọn lên Ban Tổ chức thành phố"
    ).click()
    expect(page.get_by_text("Số bài đã gửi lên thành phố: 1.")).to_be_visible()
    sign_newest_batch(page, "Chủ tịch UBND huyện")
    page.context.clear_cookies()
    with live_app.app_context():
        entry = db.session.get(Entry, ids["entry"])
        assert entry.status == EntryStatus.FORWARDED and entry.holder_unit_id is None

    # 3. The city reads only what reached it; its first round reads the entry blind,
    #    with nothing of the units' readings; the organizer sees them.
    log_in(page, ORGANIZER, DEMO_PASSWORD)
    page.goto(f"/organizer/editions/{ids['edition']}/grassroots")
    page.get_by_label(
        "Các bài đã được chuyển lên Thành phố (và các bài gửi thẳng Thành phố)"
    ).check()
    page.get_by_role("button", name="Lưu cách tiếp nhận bài").click()
    expect(page.get_by_text("Đã lưu cách tiếp nhận bài.")).to_be_visible()
    with live_app.app_context():
        first_round = db.session.get(Entry, ids["entry"]).edition.rounds[0].id
    page.goto(f"/organizer/editions/{ids['edition']}/judging/rounds/{first_round}")
    page.locator("#preview-assignment").click()
    expect(page.locator("#preview-summary")).to_be_visible()
    page.locator("#override_reason").fill(DEMO_OVERRIDE)
    page.locator("#commit-assignment").click()
    expect(page.locator(".alert-success")).to_be_visible()
    city_judge, code = city_reader(live_app, ids["entry"])
    # The units' readings: their rounds, judges' comments, the district, shortlists.
    units = (COMMUNE_ROUND, DISTRICT_ROUND, COMMUNE_COMMENT, DISTRICT_COMMENT)
    hidden = (*AUTHOR, *units, "Huyện Thử Nghiệm", "Đơn vị đã chọn", "được đơn vị chọn")
    with judge_tab(browser, live_server, city_judge, DEMO_PASSWORD) as tab:
        expect(tab.get_by_role("link", name=code, exact=True)).to_be_visible()
        assert_none_shown(tab, hidden)
        tab.get_by_role("link", name=code, exact=True).click()
        expect(tab.locator("#entry-title")).to_have_text("Người giữ đê làng Thử")
        expect(tab.locator("#previous-score")).to_have_count(0)
        assert_none_shown(tab, hidden)
        tab.goto(f"/judge/entries/{code}/score")
        expect(tab.locator("#score-form")).to_be_visible()
        expect(tab.locator("#previous-score")).to_have_count(0)
        assert_none_shown(tab, hidden)
    page.goto(f"/organizer/entries/{ids['entry']}")
    expect(page.locator("main")).to_contain_text(AUTHOR[0])  # organizers know them
    readings = page.locator("#unit-readings li")
    expect(readings).to_have_count(2)
    for line, (unit, round_name) in zip(
        readings.all(),
        (("Xã Thử Nghiệm", COMMUNE_ROUND), ("Huyện Thử Nghiệm", DISTRICT_ROUND)),
        strict=True,
    ):
        expect(line).to_contain_text(f"{unit} – {round_name}")
        expect(line).to_contain_text("hạng 1/1")
        expect(line).to_contain_text("được đơn vị chọn")
    steps = page.locator("#forward-steps li")
    expect(steps).to_have_count(2)
    expect(steps.first).to_contain_text("Xã Thử Nghiệm → Huyện Thử Nghiệm")
    expect(steps.last).to_contain_text("Huyện Thử Nghiệm → Thành phố")
    expect(steps).to_contain_text(["ký: Nguyễn Văn Trưởng"] * 2)

    # 4. The register's target, and the entry awarded (the award list has its own
    #    journeys).
    page.goto(f"/organizer/editions/{ids['edition']}/register/plan")
    page.get_by_label("Số cá nhân được khen thưởng (ít nhất)").fill("700")
    page.get_by_label(
        "Số gương điển hình giới thiệu Ban Thi đua - Khen thưởng Trung ương và báo chí (ít nhất)"
    ).fill("50")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu kế hoạch khen thưởng.")).to_be_visible()
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
