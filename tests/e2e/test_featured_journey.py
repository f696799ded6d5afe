"""The featured person and where an entry goes, in a real browser: the organizer sets
the edition's social groups and movements and requires a featured person's address,
and lets writers choose where to send; a writer of a district, on a phone, picks the
kind of subject, group and movement with the keyboard, forgets the address and reads
the error under the field, then sends the entry straight to the city; the district's
focal point sees it marked as sent directly (nothing to forward or return) and
confirms "người thật, việc thật" on the writer's other entry; the organizer reads the
confirmation; the writer's list says where each entry went."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.models import Entry, Role, Unit, User
from contest.queries import current_edition
from tests.conftest import STORY
from tests.e2e.journey_fixtures import ORGANIZER, log_in

WRITER = "tacgia.hoankiem@demo.vn"
FOCAL_POINT = "donvi.hoankiem@demo.vn"
DISTRICT = "UBND quận Hoàn Kiếm"
GROUPS = ("Công nhân", "Nông dân", "Cựu chiến binh")
MOVEMENTS = ("Toàn dân chung sức xây dựng nông thôn mới", "Học tập và làm theo Bác")
NUMBER = re.compile(r"HN\d{4}-\d{6}")
PHONE = {"width": 390, "height": 844}
TEXT = (
    "Ba mươi năm nay, tổ dân phố số 5 phố Phùng Hưng thay nhau gác chắn tàu cho "
    "trẻ em qua đường đi học.\n\nMỗi sáng, các bác cựu chiến binh trong tổ đứng ở "
    "hai đầu ngõ, cầm cờ đỏ, nhắc từng em dắt xe chờ đoàn tàu đi qua."
)


@pytest.fixture
def district_writer(live_app, live_entry):
    """A writer of Hoàn Kiếm district with one entry already sent to the district;
    returns the demo edition's id and that entry."""
    with live_app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.name == DISTRICT))
        writer = User(
            email=WRITER,
            full_name="Vương Thị Bút",
            unit_id=unit.id,
            phone="0912 345 678",
            email_confirmed_at=datetime.now(UTC),
        )
        writer.set_password(DEMO_PASSWORD)
        writer.set_roles({Role.WRITER})
        db.session.add(writer)
        db.session.commit()
        edition_id = current_edition().id
    other = live_entry(edition_id, WRITER, title="Bà tiên của phố Hàng Bạc", text=STORY)
    return edition_id, other


def test_featured_person_and_direct_to_city_journey(
    page: Page, live_app, district_writer
):
    """Organizer's settings → the writer's phone form, its error and the choice of
    destination → the unit's page → the organizer's entry page."""
    edition_id, other = district_writer
    # 1. The organizer sets the lists, requires the address, lets writers choose.
    log_in(page, ORGANIZER, DEMO_PASSWORD)
    page.goto(f"/organizer/editions/{edition_id}/register/plan")
    page.get_by_label("Đối tượng (mỗi dòng một đối tượng)").fill("\n".join(GROUPS))
    page.get_by_label("Phong trào thi đua (mỗi dòng một phong trào)").fill(
        "\n".join(MOVEMENTS)
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu kế hoạch khen thưởng.")).to_be_visible()
    page.goto(f"/organizer/editions/{edition_id}")
    page.get_by_label(
        "Bắt buộc ghi địa chỉ cụ thể của từng nhân vật trên phiếu dự thi"
    ).check()
    rule = page.get_by_role("group", name="Tác giả thuộc một đơn vị gửi bài")
    rule.get_by_label("về đơn vị hoặc thẳng đến thành phố, tùy tác giả chọn").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    page.context.clear_cookies()

    # 2. The writer, on a phone.
    page.set_viewport_size(PHONE)
    log_in(page, WRITER, DEMO_PASSWORD)
    page.goto("/writer/entries/new")
    page.get_by_label("Tên bài dự thi").fill("Người gác chắn tàu phố Phùng Hưng")
    page.get_by_label("Thể loại").select_option("Ký")
    page.locator("#text").fill(TEXT)
    page.get_by_label("Tên nhân vật hoặc tập thể").fill("Tổ dân phố số 5")
    person = page.locator("#featured")
    # The kind of subject, group and movement, with the keyboard.
    kind = person.get_by_label("Bài viết về")
    kind.focus()
    page.keyboard.press("ArrowDown")
    expect(kind).to_have_value("collective")
    person.get_by_label("Lĩnh vực hoạt động").focus()
    page.keyboard.press("Tab")
    group = person.get_by_label("Đối tượng")
    expect(group).to_be_focused()
    assert group.evaluate("el => el.matches(':focus-visible')")
    assert group.evaluate("el => getComputedStyle(el).boxShadow") != "none"
    page.keyboard.press("ArrowDown")
    expect(group).to_have_value("Công nhân")
    page.keyboard.press("Tab")
    movement = person.get_by_label("Phong trào thi đua")
    expect(movement).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(movement).to_have_value(MOVEMENTS[1])
    page.get_by_role("button", name="Lưu và xem lại trước khi nộp").click()

    # The address was forgotten: the error is under the field, which points to it,
    # and a summary at the top (focused) links there; nothing chosen was lost.
    message = (
        "Vui lòng ghi địa chỉ cụ thể: số nhà, đường phố hoặc thôn, phường hoặc xã."
    )
    person = page.locator("#featured")
    locality = person.get_by_label("Địa bàn (địa chỉ)")
    expect(locality).to_have_attribute("aria-invalid", "true")
    error_id = locality.get_attribute("aria-describedby").split()[-1]
    error = page.locator(f"#{error_id}")
    expect(error).to_have_text(message)
    assert error.evaluate(
        "(el, input) => el.parentElement === input.parentElement",
        locality.element_handle(),
    )
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(message)
    summary.get_by_role("link", name=re.compile("^Địa bàn")).click()
    expect(page).to_have_url(re.compile(r"#featured-0-locality$"))
    expect(person.get_by_label("Bài viết về")).to_have_value("collective")
    expect(person.get_by_label("Đối tượng")).to_have_value("Công nhân")
    expect(person.get_by_label("Phong trào thi đua")).to_have_value(MOVEMENTS[1])
    assert_fits_the_phone(page)

    locality.fill("Số 5 phố Phùng Hưng, phường Hàng Mã, quận Hoàn Kiếm")
    page.get_by_label("Bảng").select_option(index=1)
    page.get_by_label("Lĩnh vực", exact=True).select_option(index=1)
    page.get_by_role("button", name="Lưu và xem lại trước khi nộp").click()

    # Review: the writer sends it straight to the city (arrow keys in the group).
    expect(page.get_by_role("heading", name="Xem lại và nộp bài")).to_be_visible()
    where = page.get_by_role("group", name="Gửi bài dự thi đến đâu?")
    to_unit = where.get_by_label("Gửi đơn vị (đơn vị chuyển tiếp lên trên)")
    to_city = where.get_by_label("Gửi thẳng Ban Tổ chức thành phố")
    expect(to_unit).to_be_checked()
    expect(where).to_have_accessible_description(f"Đơn vị của bạn: {DISTRICT}")
    to_unit.focus()
    page.keyboard.press("ArrowDown")
    expect(to_city).to_be_checked()
    assert_fits_the_phone(page)
    page.get_by_label(re.compile("^Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp bài dự thi").click()
    receipt = page.get_by_text(re.compile(r"Số hiệu bài dự thi của bạn là"))
    expect(receipt).to_be_visible()
    expect(page.locator("[data-destination]")).to_have_text(
        "Đã gửi thẳng Ban Tổ chức thành phố"
    )
    number = NUMBER.search(receipt.inner_text()).group(0)

    # "My entries" says where each entry went.
    page.goto("/writer/")
    direct_row = row_of(page, number)
    expect(direct_row).to_contain_text("Đã gửi thẳng Ban Tổ chức thành phố")
    unit_row = row_of(page, other.number)
    expect(unit_row).to_contain_text(f"Đã gửi đơn vị: {DISTRICT}")
    # On the phone the whole row is on screen, its links included.
    assert_fits_the_phone(page)
    table = page.locator(".table-responsive")
    assert table.evaluate("el => el.scrollWidth <= el.clientWidth")
    receipt_link = direct_row.get_by_role("link", name="Biên nhận")
    box = receipt_link.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"], box
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})

    # 3. The district sees it marked as sent directly: nothing to forward or return.
    log_in(page, FOCAL_POINT, DEMO_PASSWORD)
    page.goto("/unit/")
    row = row_of(page, number)
    expect(row).to_contain_text("Tác giả gửi thẳng Ban Tổ chức thành phố")
    expect(page.get_by_label(f"Chọn bài {number}")).to_have_count(0)
    expect(page.get_by_label(f"Chọn bài {other.number}")).to_have_count(1)
    row.get_by_role("link").first.click()
    expect(page.locator("#sent-direct")).to_have_text(
        "Tác giả gửi thẳng Ban Tổ chức thành phố"
    )
    expect(page.get_by_text("Trả lại tác giả")).to_have_count(0)
    # … and confirms the people of the writer's other entry.
    page.goto("/unit/")
    row_of(page, other.number).get_by_role("link").first.click()
    expect(page.get_by_text("Trả lại tác giả").first).to_be_visible()
    page.get_by_role("button", name="Xác nhận: người thật, việc thật").click()
    expect(
        page.get_by_text(
            f"Đã xác nhận: nhân vật của bài {other.number} và việc làm của họ là có thật."
        )
    ).to_be_visible()
    expect(page.locator("#confirmed-by")).to_contain_text(
        f"{DISTRICT} (Bùi Thị Thanh Hương) đã xác nhận lúc"
    )
    page.context.clear_cookies()

    # 4. The organizer reads the confirmation on the entry's page.
    log_in(page, ORGANIZER, DEMO_PASSWORD)
    page.goto(f"/organizer/entries/{other.id}")
    expect(page.locator("#people-confirmation")).to_contain_text(
        f"Đơn vị xác nhận: {DISTRICT} (Bùi Thị Thanh Hương,"
    )
    with live_app.app_context():
        sent = db.session.scalar(select(Entry).where(Entry.number == number))
        assert sent.direct_to_city and sent.featured[0].subject_kind == "collective"
        assert sent.featured[0].social_group == "Công nhân"
        assert sent.featured[0].movement == MOVEMENTS[1]


def row_of(page: Page, number: str):
    """The table row of the entry numbered `number`."""
    return page.get_by_role("row").filter(
        has=page.get_by_role("cell", name=number, exact=True)
    )


def assert_fits_the_phone(page: Page) -> None:
    """Nothing is wider than the phone's screen (no sideways scrolling)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
