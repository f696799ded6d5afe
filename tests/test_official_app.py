"""Organizers issue the official documents of an edition: settings, prize money,
the register (numbers never repeat, files kept as issued), downloads read back."""

from __future__ import annotations

import io
import re
import subprocess

import docx
import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import IssuedDocument, PrizeAmount, Role
from judging.awards.models.lists import AwardStage
from tests.conftest import page_text, post_form
from tests.judging_fixtures import shown
from tests.official_fixtures import WINNERS, approved_awards, set_amounts


def pdf_text(data: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"\s+", " ", out)


def base(world) -> str:
    return f"/organizer/editions/{world['edition_id']}/official-documents"


def issue(client, world, kind: str):
    return post_form(client, base(world) + "/issue", {"kind": kind})


def register(app, world) -> list[IssuedDocument]:
    with app.app_context():
        rows = db.session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.edition_id == world["edition_id"])
            .order_by(IssuedDocument.first_seq)
        ).all()
        for row in rows:
            db.session.expunge(row)
        return rows


@pytest.fixture
def world(app, make_user, make_entry, make_edition):
    return approved_awards(app, make_user, make_entry, make_edition)


@pytest.fixture
def organizer(client, login_as, world):
    person = login_as(Role.ORGANIZER, full_name="Trần Thị Minh Thư")
    client.get("/lang/vi")
    return person


def test_nothing_is_issued_before_approval(
    app, client, login_as, make_user, make_entry, make_edition
):
    """A draft list: the page says why, the button refuses, no number is taken."""
    world = approved_awards(
        app, make_user, make_entry, make_edition, stage=AwardStage.DRAFT
    )
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    response = issue(client, world, "award_decision")
    assert response.status_code == 303
    page = shown(client.get(base(world)))
    assert "must be approved by the council chair" in page
    assert register(app, world) == []


def test_decision_certificates_and_payment_are_numbered_once(
    app, client, organizer, world
):
    """Decision 01, certificates 02–05 (one number each), the payment list refused
    until amounts are set, then 06; issuing again takes new numbers."""
    assert issue(client, world, "award_decision").status_code == 302
    assert issue(client, world, "certificates").status_code == 302
    refused = issue(client, world, "payment_list")
    assert refused.status_code == 303
    assert "Đặt tiền thưởng cho từng giải trước" in shown(client.get(base(world)))
    assert len(register(app, world)) == 2  # the refusal took no number
    set_amounts(app, world["edition_id"])
    assert issue(client, world, "payment_list").status_code == 302
    assert issue(client, world, "award_decision").status_code == 302
    rows = register(app, world)
    assert [(r.kind, r.first_seq, r.last_seq) for r in rows] == [
        ("award_decision", 1, 1),
        ("certificates", 2, 5),
        ("payment_list", 6, 6),
        ("award_decision", 7, 7),
    ]
    assert [r.number for r in rows] == [
        "01/QĐ-BTC",
        "02–05/GCN-BTC",
        "06/DS-BTC",
        "07/QĐ-BTC",
    ]
    assert all(r.signer_name == "Lê Hồng Sơn" for r in rows)
    page = shown(client.get(base(world)))
    assert "01/QĐ-BTC" in page and "07/QĐ-BTC" in page


def test_issued_files_read_back_and_stay_as_issued(app, client, organizer, world):
    """The Word decision names the winners in rank order with the amounts; changing
    the settings later does not change what was issued."""
    set_amounts(app, world["edition_id"])
    issue(client, world, "award_decision")
    first = register(app, world)[0]
    url = f"{base(world)}/{first.id}"
    word = client.get(url + "/docx")
    assert word.status_code == 200
    assert word.headers["Content-Disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(word.data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Số: 01/QĐ-BTC" in cells and "Hà Nội, ngày 05 tháng 10 năm 2026" in cells
    assert "Lê Hồng Sơn" in cells
    assert "Tổng số tiền thưởng: 47.000.000 đồng" in text
    assert "Bốn mươi bảy triệu đồng chẵn" in text
    names = [w[0] for w in WINNERS]
    positions = [cells.index(name) for name in names[:3]]
    assert positions == sorted(positions)  # Dư, Dương, Ánh: the jury's order
    pdf = client.get(url + "/pdf")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert "Lý Văn Mạnh" in pdf_text(pdf.data)

    settings = shown(client.get(base(world)))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', settings)
    assert token
    data = {
        "parent_body": "UBND THÀNH PHỐ HÀ NỘI",
        "issuer_name": "BAN TỔ CHỨC CUỘC THI",
        "short_name": "Ban Tổ chức Cuộc thi",
        "symbol": "BTC",
        "place": "Hà Nội",
        "authority_title": "TRƯỞNG BAN TỔ CHỨC CUỘC THI",
        "signer_authority": "KT. TRƯỞNG BAN",
        "signer_position": "PHÓ TRƯỞNG BAN",
        "signer_name": "Nguyễn Văn Phó",
        "grounds": "Căn cứ Thể lệ Cuộc thi;",
        "recipients": "",
        "certificate_kind": "giay_khen",
        "offset_x_mm": "2.5",
        "offset_y_mm": "-1",
        "preparer_name": "",
        "accountant_name": "",
    }
    bad = post_form(client, base(world), data | {"symbol": "btc!"})
    assert bad.status_code == 422 and "BTC" in shown(bad)
    assert post_form(client, base(world), data).status_code == 302
    assert client.get(url + "/docx").data == word.data  # kept as issued
    issue(client, world, "award_decision")
    again = register(app, world)[-1]
    text = pdf_text(client.get(f"{base(world)}/{again.id}/pdf").data)
    assert "Nguyễn Văn Phó" in text and "KT. TRƯỞNG BAN" in text
    issue(client, world, "certificates")
    certificates = register(app, world)[-1]
    blanks = client.get(f"{base(world)}/{certificates.id}/blanks")
    assert blanks.status_code == 200 and "Đặng Thị Ánh" in pdf_text(blanks.data)
    assert "GIẤY KHEN" in pdf_text(
        client.get(f"{base(world)}/{certificates.id}/pdf").data
    )
    calibration = client.get(base(world) + "/calibration.pdf")
    assert "+2.5 mm" in pdf_text(calibration.data)


def test_a_document_of_another_edition_is_not_found(
    app, client, organizer, world, make_edition
):
    issue(client, world, "award_decision")
    document = register(app, world)[0]
    other = make_edition(title="Cuộc thi khác", year=2027)
    response = client.get(
        f"/organizer/editions/{other}/official-documents/{document.id}/pdf"
    )
    assert response.status_code == 404
    assert client.get(f"{base(world)}/{document.id}/exe").status_code == 404


def test_a_lost_file_is_a_clear_not_found(app, client, organizer, world):
    """A stored file lost from the server (a move that left uploads behind): the
    download says so with a 404 page, not a server error, and logs no download."""
    from contest.models import AuditLog
    from contest.storage import path_of

    issue(client, world, "award_decision")
    document = register(app, world)[0]
    with app.app_context():
        path_of(document.pdf_key).unlink()
        downloads_before = len(
            db.session.scalars(
                select(AuditLog).where(AuditLog.action.like("documents.download%"))
            ).all()
        )
    response = client.get(f"{base(world)}/{document.id}/pdf")
    assert response.status_code == 404
    assert "không còn trong kho lưu trữ" in shown(response)
    with app.app_context():
        assert downloads_before == len(
            db.session.scalars(
                select(AuditLog).where(AuditLog.action.like("documents.download%"))
            ).all()
        )


def test_prize_money_is_set_per_track_and_tier(app, client, organizer, world):
    """Amounts typed with dots are kept; a wrong one is shown with a message and
    nothing typed is lost; the total is written in words."""
    url = f"/organizer/editions/{world['edition_id']}/prizes"
    page = page_text(client.get(url))
    names = re.findall(r'name="(amount-\d+-[a-z_]+)"', page)
    assert len(names) == 10  # two tracks × five tiers
    data = {name: "" for name in names}
    data[names[0]] = "20.000.000"
    data[names[1]] = "mười triệu"
    bad = post_form(client, url, data)
    assert bad.status_code == 422
    assert "Nhập số tiền" in shown(bad) and 'value="20.000.000"' in page_text(bad)
    data[names[1]] = "10 000 000"
    assert post_form(client, url, data).status_code == 302
    with app.app_context():
        amounts = sorted(a.amount for a in db.session.scalars(select(PrizeAmount)))
    assert amounts[-2:] == [10_000_000, 20_000_000]
    assert "đồng chẵn" in shown(client.get(url))


def test_set_up_documents_from_the_edition_and_its_people(
    app, client, organizer, world, make_user, make_unit
):
    """The plan, the committee and jury decisions (from the edition's people and
    roles) and the reminder to units without entries, numbered on from the award
    documents; the jury is refused while it has nobody."""
    from contest.models import Edition, EditionStaff, Entry, StaffRole, Unit

    client.get("/lang/en")
    assert issue(client, world, "jury_decision").status_code == 303
    assert "Nobody has this role" in shown(client.get(base(world)))
    taking_part = make_unit("UBND quận Ba Đình", "Cụm 1")
    make_unit("UBND huyện Sóc Sơn", "Cụm 2")
    people = [
        (make_user(Role.ORGANIZER, full_name="Nguyễn Văn Trưởng"), StaffRole.ORGANIZER),
        (make_user(Role.ORGANIZER, full_name="Bùi Thị Thư Ký"), StaffRole.ORGANIZER),
        (make_user(Role.JUDGE, full_name="Phạm Giám Khảo"), StaffRole.JUDGE),
        (make_user(Role.CHAIR, full_name="Lê Hồng Sơn"), StaffRole.CHAIR),
    ]
    with app.app_context():
        for person, role in people:
            db.session.add(
                EditionStaff(
                    edition_id=world["edition_id"], user_id=person.id, role=role
                )
            )
        db.session.get(Entry, world["entries"][0]).unit_id = taking_part
        edition = db.session.get(Edition, world["edition_id"])
        edition.unit_deadline_at = edition.submission_closes_at
        active = db.session.scalars(select(Unit).where(Unit.is_active.is_(True))).all()
        db.session.commit()
        lagging = [u.name for u in active if u.id != taking_part]
    page = shown(client.get(base(world)))
    assert "Launch plan, with the rules" in page
    form = dict(
        re.findall(r'name="([a-z_]+)" (?:required )?type="text" value="([^"]*)"', page)
    )
    form["signer_name"] = "Nguyễn Văn Trưởng"
    form.update(
        {
            "certificate_kind": "gcn",
            "offset_x_mm": "0",
            "offset_y_mm": "0",
            "grounds": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "recipients": "",
        }
    )
    assert post_form(client, base(world), form).status_code == 302
    for kind in ("plan", "committee_decision", "jury_decision", "reminder_letter"):
        assert issue(client, world, kind).status_code == 302, kind
    rows = {r.kind: r for r in register(app, world)}
    assert rows["plan"].number == "01/KH-BTC"
    assert rows["reminder_letter"].number == "04/BTC"

    def document(kind: str):
        data = client.get(f"{base(world)}/{rows[kind].id}/docx").data
        return docx.Document(io.BytesIO(data))

    def word(kind: str) -> str:
        found = document(kind)
        return "\n".join(
            [p.text for p in found.paragraphs]
            + [c.text for t in found.tables for r in t.rows for c in r.cells]
        )

    def members(kind: str) -> list[list[str]]:
        table = document(kind).tables[-1]
        return [[c.text for c in row.cells][1:] for row in table.rows[1:]]

    plan = word("plan")
    assert "Thể lệ: viết về người thật, việc thật." in plan and "Bài viết" in plan
    assert members("committee_decision") == [
        ["Nguyễn Văn Trưởng", "", "Trưởng ban"],
        ["Bùi Thị Thư Ký", "", "Thành viên"],
    ]
    assert members("jury_decision") == [
        ["Lê Hồng Sơn", "", "Chủ tịch Hội đồng"],
        ["Phạm Giám Khảo", "", "Ủy viên"],
    ]
    assert "Về việc thành lập Hội đồng Giám khảo" in word("jury_decision")
    reminder = word("reminder_letter")
    assert "Thực hiện Kế hoạch số 01/KH-BTC" in reminder
    assert all(name in reminder for name in lagging)
    assert "UBND quận Ba Đình" not in reminder


def test_final_report_compares_with_the_previous_year(
    app, client, organizer, world, make_edition
):
    """The report counts this edition's entries beside the 2025 edition's."""
    make_edition(title="Cuộc thi năm trước", year=2025)
    assert issue(client, world, "final_report").status_code == 302
    report = register(app, world)[-1]
    assert report.number == "01/BC-BTC"
    data = client.get(f"{base(world)}/{report.id}/docx").data
    document = docx.Document(io.BytesIO(data))
    rows = [[c.text for c in r.cells] for r in document.tables[1].rows]
    assert rows[0][1:3] == ["Năm 2025", "Năm 2026"]
    assert rows[1] == ["Tác phẩm dự thi", "0", "4", "+4"]
    assert document.inline_shapes
    text = pdf_text(client.get(f"{base(world)}/{report.id}/pdf").data)
    assert "Tổng kết" in text and "Bài viết" in text


def test_two_organizers_issuing_at_once_get_different_numbers(app, world):
    """Two writing requests issue a decision at the same moment: the second waits for
    the first (edition row lock on PostgreSQL, BEGIN IMMEDIATE on SQLite) and takes
    the next number; nothing fails."""
    from contest.models import Edition
    from judging.official.services.award_issue import issue_award_decision
    from tests.lock_fixtures import race

    def work():
        edition = db.session.get(Edition, world["edition_id"])
        return issue_award_decision(None, edition).number

    outcome = race(app, work, work)
    assert sorted([outcome["first"], outcome["second"]]) == ["01/QĐ-BTC", "02/QĐ-BTC"]
    assert [r.first_seq for r in register(app, world)] == [1, 2]
