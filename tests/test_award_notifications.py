"""Winner notifications (organizers): templates with checked placeholders, a preview
for a real winner, one send (one outbox email per winner and per unit focal point),
no second send without confirmation, and the send log with each email's state."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import (
    Edition,
    EditionStatus,
    Entry,
    OutboxMessage,
    OutboxStatus,
    Role,
)
from judging.awards.models.lists import AwardStage
from judging.awards.models.notices import AwardNoticeDelivery
from tests.award_fixtures import award_list
from tests.conftest import post_form
from tests.judging_fixtures import shown


@pytest.fixture
def winners(app, make_edition, make_user, make_unit, make_entry):
    """A published list: two entries of one unit win; the unit has one focal point."""
    edition_id = make_edition()
    unit_id = make_unit(name="UBND quận Hoàn Kiếm")
    make_user(
        Role.UNIT, email="donvi@example.vn", full_name="Phạm Đầu Mối", unit_id=unit_id
    )
    first = make_entry(
        title="Bếp cơm yêu thương",
        owner=make_user(full_name="Trần Thị Thu", email="thu@example.vn"),
    )
    second = make_entry(
        title="Người lái đò",
        owner=make_user(full_name="Đặng Văn Dương", email="duong@example.vn"),
    )
    with app.app_context():
        for sample in (first, second):
            db.session.get(Entry, sample.id).unit_id = unit_id
        db.session.commit()
    list_id = award_list(app, edition_id, [(first.id, "nhat"), (second.id, "nhi")])
    return {"edition": edition_id, "list": list_id, "entries": (first, second)}


def page_url(edition_id: int, tail: str = "") -> str:
    """The notifications page of an edition, or one of its form targets."""
    return f"/organizer/editions/{edition_id}/awards/notifications{tail}"


def outbox_rows(app) -> list[OutboxMessage]:
    """The award notices in the outbox (not the receipts of the submitted entries)."""
    with app.app_context():
        rows = db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.template == "award_notice")
            .order_by(OutboxMessage.id)
        ).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def send(client, edition_id: int, audience: str, again: bool = False):
    """Press "Send" for an audience (with "send again" ticked when ``again``)."""
    data = {f"send-{audience}-again": "y"} if again else {}
    return post_form(client, page_url(edition_id, f"/{audience}/send"), data)


@pytest.fixture
def organizer(login_as):
    """The test client logged in as an organizer."""
    return login_as(Role.ORGANIZER)


def test_page_says_nothing_was_sent_and_previews_a_real_winner(
    client, winners, organizer
):
    """Default texts, filled for the first winner, and "nothing sent yet"."""
    text = shown(client.get(page_url(winners["edition"])))
    assert "Chưa gửi thư nào." in text
    assert "Xem trước thư gửi Trần Thị Thu" in text
    assert (
        "bài dự thi «Bếp cơm yêu thương» của bạn đạt Giải Nhất – Bảng Bài viết" in text
    )
    assert "- Giải Nhì – Bảng Bài viết: «Người lái đò» (Đặng Văn Dương)" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "Kính gửi {ten_nguoi}", "Không có chỗ điền {ten_nguoi}."),
        ("subject", "Kết quả {giai", "Có dấu ngoặc chưa đóng"),
        ("body", "", "This field is required."),
    ],
)
def test_placeholder_problems_are_shown_next_to_the_field(
    app, client, winners, organizer, field, value, message
):
    """An unknown placeholder or an open brace: nothing saved, the message by the field."""
    data = {"winner-subject": "Kết quả {cuoc_thi}", "winner-body": "Chúc mừng"}
    data[f"winner-{field}"] = value
    data["winner-save"] = "y"
    response = post_form(client, page_url(winners["edition"], "/winner"), data)
    assert response.status_code == 422
    page = shown(response)
    error = page.index(f'id="winner-{field}-error"')
    if message != "This field is required.":
        assert message in page[error : error + 300]
    assert "Kết quả {cuoc_thi}" in page  # what was typed is kept
    with app.app_context():
        from judging.awards.models.notices import AwardNoticeTemplate

        assert db.session.scalars(select(AwardNoticeTemplate)).all() == []


def test_preview_of_an_unsaved_text_then_save(app, client, winners, organizer):
    """ "Preview" fills the typed text for a real winner without saving; "Save" keeps it."""
    data = {
        "winner-subject": "Chúc mừng {ten_tac_gia}",
        "winner-body": "Bài «{ten_bai}» đạt {giai}.",
        "winner-preview": "y",
    }
    response = post_form(client, page_url(winners["edition"], "/winner"), data)
    assert response.status_code == 200
    text = shown(response)
    assert (
        "Chúc mừng Trần Thị Thu" in text
        and "Bài «Bếp cơm yêu thương» đạt Giải Nhất." in text
    )
    data.pop("winner-preview")
    response = post_form(
        client, page_url(winners["edition"], "/winner"), {**data, "winner-save": "y"}
    )
    assert response.status_code == 302
    assert "Chúc mừng {ten_tac_gia}" in shown(client.get(page_url(winners["edition"])))


def test_send_writes_one_email_per_winner_and_per_focal_point_once(
    app, client, winners, organizer, outbox
):
    """Send → one outbox row per author; a second send is refused until confirmed."""
    response = send(client, winners["edition"], "winner")
    assert response.status_code == 302
    rows = outbox_rows(app)
    assert sorted(r.to_address for r in rows) == ["duong@example.vn", "thu@example.vn"]
    thu = next(r for r in rows if r.to_address == "thu@example.vn")
    assert thu.subject.startswith("Thông báo kết quả Cuộc thi viết")
    assert "Kính gửi Trần Thị Thu" in thu.body and "Giải Nhất" in thu.body
    delivered = [m for m in outbox if m["Subject"] == thu.subject]
    assert len(delivered) == 2  # handed to the mail server after commit

    again = send(client, winners["edition"], "winner")
    assert again.status_code == 409
    page = shown(again)
    assert (
        "Thông báo này đã được gửi."
        in page[page.index('id="send-winner-again-error"') :]
    )
    assert len(outbox_rows(app)) == 2

    assert send(client, winners["edition"], "winner", again=True).status_code == 302
    assert len(outbox_rows(app)) == 4

    assert send(client, winners["edition"], "unit").status_code == 302
    unit_rows = [r for r in outbox_rows(app) if r.to_address == "donvi@example.vn"]
    assert len(unit_rows) == 1
    assert "UBND quận Hoàn Kiếm" in unit_rows[0].body
    assert "«Người lái đò»" in unit_rows[0].body


def test_log_shows_the_state_of_each_email(app, client, winners, organizer):
    """Pending, sent and failed per recipient, with the way to the outbox's resend."""
    app.config["OUTBOX_DELIVERY"] = "worker"  # nothing is sent during the test
    assert send(client, winners["edition"], "winner").status_code == 302
    with app.app_context():
        deliveries = db.session.scalars(select(AwardNoticeDelivery)).all()
        by_address = {d.to_address: d.outbox for d in deliveries}
        by_address["thu@example.vn"].status = OutboxStatus.FAILED
        by_address["thu@example.vn"].last_error = "SMTPRecipientsRefused"
        db.session.commit()
    page = client.get(page_url(winners["edition"]))
    text = shown(page)
    log = text[text.index('id="send-log"') :]
    assert "Trần Thị Thu" in log and "Đặng Văn Dương" in log
    assert 'data-status="failed"' in log and 'data-status="pending"' in log
    assert "/organizer/outbox?status=failed" in log
    assert "Đã gửi 1 lần" in text


def test_nothing_can_be_sent_before_publication(app, client, winners, organizer):
    """An approved (not yet published) list: the page says so; a send is refused."""
    with app.app_context():
        from judging.awards.models.lists import AwardList

        db.session.get(AwardList, winners["list"]).stage = AwardStage.APPROVED
        db.session.commit()
    text = shown(client.get(page_url(winners["edition"])))
    assert "Danh sách giải chưa được công bố." in text
    assert "Xem trước thư gửi" not in text
    response = send(client, winners["edition"], "winner")
    assert response.status_code == 409
    assert "Danh sách giải chưa được công bố: chưa gửi thư nào." in shown(response)
    assert outbox_rows(app) == []


def test_a_closed_edition_is_read_only(app, client, winners, organizer):
    """Sending on a closed edition is refused by the edition guard."""
    with app.app_context():
        db.session.get(Edition, winners["edition"]).status = EditionStatus.CLOSED
        db.session.commit()
    assert "trang chỉ để xem" in shown(client.get(page_url(winners["edition"])))
    assert send(client, winners["edition"], "winner").status_code == 409
    assert outbox_rows(app) == []


def test_unknown_audience_is_not_found(client, winners, organizer):
    """Only "winner" and "unit" exist."""
    assert send(client, winners["edition"], "judges").status_code == 404


def test_judges_and_writers_cannot_open_the_page(client, winners, login_as):
    """The organizer area only."""
    login_as(Role.JUDGE)
    assert client.get(page_url(winners["edition"])).status_code == 403
