"""The writer's "My entries" and the entry's receipt say where each entry went: to the
writer's unit, straight to the city, forwarded by the unit (to the unit above or to the
city), or returned to the writer; in Vietnamese and in English. A draft never sent and
a withdrawn entry say nothing of it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from contest.extensions import db
from contest.models import Edition, Entry, Role, User
from contest.services import entries as service
from judging.grassroots.services.forward import forward_up
from judging.grassroots.services.returns import return_to_writer
from tests.conftest import client_as, page_text


def destinations(page: str) -> list[str]:
    """The "where it went" lines of a page, in their order."""
    return [
        " ".join(text.split())
        for text in re.findall(r"<span data-destination>(.*?)</span>", page, re.S)
    ]


def row_destination(page: str, number: str) -> str:
    """The "where it went" line in the row of the entry numbered `number`."""
    row = re.search(rf"<tr>\s*<td>{number}</td>.*?</tr>", page, re.S)
    assert row, f"no row for {number}"
    found = destinations(row.group(0))
    return found[0] if found else ""


@pytest.fixture
def writer(make_user, unit_tree_ids):
    """A writer of Phường Đội Cấn (under Quận Ba Đình, under the city)."""
    return make_user(Role.WRITER, unit_id=unit_tree_ids.commune_b)


def send_to(app, edition_id: int, rule: str) -> None:
    with app.app_context():
        db.session.get(Edition, edition_id).writers_send_to = rule
        db.session.commit()


def forward(app, make_user, unit_id: int, entry_id: int) -> None:
    """A focal point of `unit_id` forwards the entry one step up."""
    focal = make_user(Role.UNIT, unit_id=unit_id)
    with app.test_request_context():
        moved, _ = forward_up(
            [db.session.get(Entry, entry_id)],
            db.session.get(User, focal.id),
            datetime.now(UTC),
        )
        assert moved == 1
        db.session.commit()


def test_my_entries_says_where_each_entry_went(
    app, writer, make_user, make_entry, edition_id, unit_tree_ids
):
    """One entry in each place, read in Vietnamese then in English."""
    tree = unit_tree_ids
    with_unit = make_entry(owner=writer, title="Ở phường")
    up_one = make_entry(owner=writer, title="Lên quận")
    at_city = make_entry(owner=writer, title="Lên thành phố")
    returned = make_entry(owner=writer, title="Bị trả lại")
    withdrawn = make_entry(owner=writer, title="Đã rút")
    draft = make_entry(owner=writer, title="Nháp", submit=False)
    send_to(app, edition_id, "city")
    direct = make_entry(owner=writer, title="Gửi thẳng")
    forward(app, make_user, tree.commune_b, up_one.id)
    forward(app, make_user, tree.commune_b, at_city.id)
    forward(app, make_user, tree.district, at_city.id)
    with app.test_request_context():
        focal = make_user(Role.UNIT, unit_id=tree.commune_b)
        return_to_writer(
            db.session.get(Entry, returned.id),
            db.session.get(User, focal.id),
            "Thiếu ảnh nhân vật",
        )
        service.withdraw(
            db.session.get(Entry, withdrawn.id), db.session.get(User, writer.id)
        )
        db.session.commit()

    vietnamese = page_text(client_as(app, writer, lang="vi").get("/writer/"))
    expected = {
        with_unit.number: "Đã gửi đơn vị: Phường Đội Cấn",
        direct.number: "Đã gửi thẳng Ban Tổ chức thành phố",
        up_one.number: "Đơn vị đã chuyển lên Quận Ba Đình",
        at_city.number: "Đơn vị đã chuyển lên Ban Tổ chức thành phố",
        returned.number: "Đơn vị đã trả lại bài cho bạn",
        withdrawn.number: "",
    }
    for number, said in expected.items():
        assert row_destination(vietnamese, number) == said, number
    assert "Thiếu ảnh nhân vật" in vietnamese  # the reason of the return
    assert draft.number is None and len(destinations(vietnamese)) == 5

    english = page_text(client_as(app, writer, lang="en").get("/writer/"))
    expected = {
        with_unit.number: "Sent to your unit: Phường Đội Cấn",
        direct.number: "Sent straight to the city's organizing committee",
        up_one.number: "Forwarded by the unit to Quận Ba Đình",
        at_city.number: "Forwarded by the unit to the city's organizing committee",
        returned.number: "Returned to you by the unit",
    }
    for number, said in expected.items():
        assert row_destination(english.replace("&#39;", "'"), number) == said, number


def test_a_writer_with_no_unit_sends_to_the_city(
    app, make_user, make_entry, edition_id
):
    loner = make_user(Role.WRITER)
    entry = make_entry(owner=loner)
    page = page_text(client_as(app, loner, lang="vi").get("/writer/"))
    assert row_destination(page, entry.number) == "Đã gửi Ban Tổ chức thành phố"


def test_the_receipt_says_where_the_entry_went(
    app, writer, make_entry, edition_id, unit_tree_ids
):
    """The entry's own page for the writer (the receipt) names the place too."""
    to_unit = make_entry(owner=writer, title="Ở phường")
    send_to(app, edition_id, "city")
    direct = make_entry(owner=writer, title="Gửi thẳng")
    reader = client_as(app, writer, lang="vi")
    page = page_text(reader.get(f"/writer/entries/{to_unit.id}/receipt"))
    assert "Nơi nhận bài" in page
    assert destinations(page) == ["Đã gửi đơn vị: Phường Đội Cấn"]
    page = page_text(reader.get(f"/writer/entries/{direct.id}/receipt"))
    assert destinations(page) == ["Đã gửi thẳng Ban Tổ chức thành phố"]
    reader.get("/lang/en")
    page = page_text(reader.get(f"/writer/entries/{direct.id}/receipt"))
    assert "Sent to" in page
    assert destinations(page.replace("&#39;", "'")) == [
        "Sent straight to the city's organizing committee"
    ]


def test_the_choice_on_the_review_page_names_the_writers_unit(
    app, writer, make_entry, edition_id, unit_tree_ids
):
    """Before submitting, "to my unit" says which unit that is (tied to the group)."""
    send_to(app, edition_id, "choice")
    draft = make_entry(owner=writer, submit=False)
    page = page_text(
        client_as(app, writer, lang="vi").get(f"/writer/entries/{draft.id}/review")
    )
    group = re.search(r'<fieldset class="mb-3" aria-describedby="send_to-help">', page)
    assert group, "the destination group is not described by its help"
    assert (
        '<div id="send_to-help" class="form-text">Đơn vị của bạn: Phường Đội Cấn'
        in (page)
    )
