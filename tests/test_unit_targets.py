"""Targets per kind of unit: set-up, progress on the participation page, reminder
emails to units below target through the outbox (preview, send, per-unit log)."""

import pytest

from contest.extensions import db
from contest.models import OutboxMessage, Role, Unit, UnitKind
from judging.grassroots.models import UnitReminder
from tests.conftest import page_text, post_form


@pytest.fixture
def department(app, make_unit):
    unit_id = make_unit("Sở Nội vụ", kind=UnitKind.DEPARTMENT)
    with app.app_context():
        db.session.get(Unit, unit_id).staff_count = 100
        db.session.commit()
    return unit_id


@pytest.fixture
def organizer(client, login_as):
    person = login_as(Role.ORGANIZER)
    client.get("/lang/en")
    return person


def set_targets(client, edition_id, **values):
    data = {"targets-save_targets": "1"}
    data |= {f"targets-{key}": str(value) for key, value in values.items()}
    return post_form(
        client,
        f"/organizer/editions/{edition_id}/grassroots",
        data,
        follow_redirects=True,
    )


@pytest.fixture
def targeted(client, organizer, make_entry, edition_id, unit_tree_ids, department):
    """Districts ≥ 2, communes ≥ 1, departments ≥ 5% of staff; the same person is
    featured by both communes of Ba Đình (make_entry features Nguyễn Thị Hoa)."""
    t = unit_tree_ids
    make_entry(unit_id=t.commune_a, title="Bài của Điện Biên")
    make_entry(unit_id=t.commune_b, title="Bài của Đội Cấn")
    page = page_text(
        set_targets(
            client,
            edition_id,
            min_district=2,
            min_commune=1,
            min_department=0,
            pct_department=5,
        )
    )
    assert "The targets have been saved." in page
    return t


def progress_rows(page: str) -> dict[str, tuple[str, str]]:
    import re

    rows = re.findall(
        r"<td>([^<]+)</td>\s*<td>[^<]*</td>\s*<td class=\"text-end\">(\d+)</td>\s*"
        r"<td class=\"text-end\">(\d+)",
        page,
    )
    return {name: (count, target) for name, count, target in rows}


def test_progress_counts_people_in_the_subtree_once(
    client, edition_id, targeted, department
):
    page = page_text(client.get(f"/organizer/editions/{edition_id}/targets"))
    assert progress_rows(page) == {
        "Sở Nội vụ": ("0", "5"),  # 5% of 100 staff
        "Quận Ba Đình": ("1", "2"),  # one person, featured by two communes
        "Quận Cầu Giấy": ("0", "2"),
        "Phường Dịch Vọng": ("0", "1"),
        "Phường Điện Biên": ("1", "1"),
        "Phường Đội Cấn": ("1", "1"),
    }
    page = page_text(client.get(f"/organizer/editions/{edition_id}/participation"))
    assert "Units meeting their target: 2 of 6." in page


def test_a_bad_target_is_refused_with_a_message(client, organizer, edition_id):
    page = page_text(
        set_targets(client, edition_id, min_district="mười", pct_department=150)
    )
    assert "Not a valid integer value." in page
    assert "Number must be between 0 and 100." in page
    page = page_text(client.get(f"/organizer/editions/{edition_id}/targets"))
    assert "No target is set for this edition." in page


def test_reminders_preview_send_and_log(
    app, client, make_user, outbox, edition_id, targeted
):
    """The district's focal point gets the reminder through the outbox; a unit with
    no focal point is named; a unit that met its target is not written to."""
    t = targeted
    focal = make_user(Role.UNIT, unit_id=t.district, full_name="Lê Văn Đầu Mối")
    make_user(Role.UNIT, unit_id=t.commune_a)  # met its target: no reminder
    outbox.clear()  # the entries' receipts
    preview = page_text(
        client.get(f"/organizer/editions/{edition_id}/targets/{t.district}/preview")
    )
    assert focal.email in preview
    # In the recipient's language (Vietnamese by default), as it will be sent.
    assert "Nhắc nhở: Quận Ba Đình chưa đạt chỉ tiêu" in preview
    assert "viết về 1 nhân vật; chỉ tiêu của đơn vị là 2, nên cần thêm 1" in preview
    assert len(outbox) == 0  # a preview sends nothing
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}/targets/remind",
        {"unit_ids": [str(t.district), str(t.commune_c), str(t.commune_a)]},
        follow_redirects=True,
    )
    page = page_text(response)
    assert "Reminders queued in the outbox: 1." in page
    assert "no focal point account to write to: Phường Dịch Vọng" in page
    assert [m["To"] for m in outbox] == [focal.email]
    assert "Quận Ba Đình" in outbox[0]["Subject"]
    with app.app_context():
        logged = db.session.scalars(db.select(UnitReminder)).all()
        assert [(r.unit_id, r.to_address, r.progress, r.target) for r in logged] == [
            (t.district, focal.email, 1, 2)
        ]
        assert (
            db.session.get(OutboxMessage, logged[0].outbox_id).to_address == focal.email
        )
    page = page_text(client.get(f"/organizer/editions/{edition_id}/targets"))
    assert f"{focal.email} (1/2)" in page


def test_sending_with_nothing_ticked_says_so(client, edition_id, targeted, outbox):
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}/targets/remind",
        follow_redirects=True,
    )
    assert "Please tick the units to remind." in page_text(response)
    assert outbox == []


def test_the_reminder_is_written_in_the_focal_points_language(
    app, client, make_user, outbox, edition_id, targeted
):
    focal = make_user(Role.UNIT, unit_id=targeted.district)
    outbox.clear()  # the entries' receipts
    post_form(
        client,
        f"/organizer/editions/{edition_id}/targets/remind",
        {"unit_ids": [str(targeted.district)]},
    )
    assert len(outbox) == 1 and outbox[0]["To"] == focal.email
    body = outbox[0].get_content()
    assert "chỉ tiêu" in outbox[0]["Subject"]
    assert "Quận Ba Đình" in body
