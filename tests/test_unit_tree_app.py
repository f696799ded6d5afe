"""The unit tree in the app: a focal point sees and acts for the unit's subtree only,
entries climb the tree one level per forward, and organizers build the tree."""

import io
import re

import pytest

from contest.extensions import db
from contest.models import Entry, EntryStatus, Role, Unit
from judging.grassroots.models import EntryForward
from tests.conftest import STORY, client_as, login, page_text, post_form


@pytest.fixture
def entries(make_entry, make_edition, unit_tree_ids):
    """One submitted entry by a writer of each commune (and one of the district)."""
    make_edition()
    t = unit_tree_ids
    # Three different stories: the same text by the same author is a duplicate,
    # which the unit would be asked to confirm before forwarding.
    return {
        key: make_entry(unit_id=unit, title=title, text=f"{STORY}\n\n{title}.")
        for key, unit, title in (
            ("a", t.commune_a, "Bếp cơm Điện Biên"),
            ("b", t.commune_b, "Ông lái đò Đội Cấn"),
            ("c", t.commune_c, "Cô giáo Dịch Vọng"),
        )
    }


def focal_client(app, make_user, unit_id):
    """A fresh browser logged in as a focal point of the unit, reading English."""
    return client_as(app, make_user(Role.UNIT, unit_id=unit_id))


TITLES = ("Bếp cơm Điện Biên", "Ông lái đò Đội Cấn", "Cô giáo Dịch Vọng")


def listed(client) -> set[str]:
    text = page_text(client.get("/unit/"))
    return {title for title in TITLES if title in text}


def test_a_commune_sees_its_own_entries_never_a_siblings(
    app, make_user, unit_tree_ids, entries
):
    """The commune's focal point lists only the commune's entry; a sibling commune's
    entry page answers 404, as if it did not exist."""
    client = focal_client(app, make_user, unit_tree_ids.commune_a)
    assert listed(client) == {"Bếp cơm Điện Biên"}
    assert client.get(f"/unit/entries/{entries['a'].id}").status_code == 200
    assert client.get(f"/unit/entries/{entries['b'].id}").status_code == 404
    assert client.get(f"/unit/entries/{entries['c'].id}").status_code == 404


def test_a_district_sees_its_communes_entries_not_another_districts(
    app, make_user, unit_tree_ids, entries
):
    client = focal_client(app, make_user, unit_tree_ids.district)
    assert listed(client) == {"Bếp cơm Điện Biên", "Ông lái đò Đội Cấn"}
    page = page_text(client.get("/unit/"))
    assert "From: Phường Điện Biên" in page  # which commune each entry comes from
    assert client.get(f"/unit/entries/{entries['b'].id}").status_code == 200
    assert client.get(f"/unit/entries/{entries['c'].id}").status_code == 404
    # Acting for the subtree: the district verifies a commune's entry.
    response = post_form(client, f"/unit/entries/{entries['b'].id}/verify")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Entry, entries["b"].id).verified_at is not None


def forward(client, *entry_ids):
    return post_form(
        client,
        "/unit/forward",
        {"entry_ids": [str(i) for i in entry_ids]},
        follow_redirects=True,
    )


def state(app, entry_id):
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        return entry.status, entry.holder_unit_id


def test_an_entry_climbs_from_commune_to_district_to_city(
    app, make_user, unit_tree_ids, entries
):
    """The commune forwards to its district (the entry stays "submitted", held by the
    district); the district forwards on to the city; each step is kept."""
    t = unit_tree_ids
    commune = focal_client(app, make_user, t.commune_a)
    page = page_text(commune.get("/unit/"))
    assert "Forward the selected entries to Quận Ba Đình" in page
    text = page_text(forward(commune, entries["a"].id))
    assert "Entries forwarded to Quận Ba Đình: 1." in text
    assert state(app, entries["a"].id) == (EntryStatus.SUBMITTED, t.district)
    assert "Forwarded to: Quận Ba Đình" in page_text(commune.get("/unit/"))
    # Once with the district, the commune can no longer move it.
    text = page_text(forward(commune, entries["a"].id))
    assert "Entries forwarded to Quận Ba Đình: 0." in text

    district = focal_client(app, make_user, t.district)
    # The district's list offers the Forward button "to the city" (no parent).
    assert "Forward the selected entries to the city" in page_text(
        district.get("/unit/")
    )
    # A sibling district's entry in the request is ignored, not forwarded.
    text = page_text(forward(district, entries["a"].id, entries["c"].id))
    assert "Entries forwarded to the city: 1." in text
    assert state(app, entries["a"].id) == (EntryStatus.FORWARDED, None)
    assert state(app, entries["c"].id) == (EntryStatus.SUBMITTED, None)
    with app.app_context():
        steps = db.session.scalars(
            db.select(EntryForward)
            .where(EntryForward.entry_id == entries["a"].id)
            .order_by(EntryForward.id)
        ).all()
        assert [(s.from_unit_id, s.to_unit_id) for s in steps] == [
            (t.commune_a, t.district),
            (t.district, None),
        ]


def test_a_sibling_commune_cannot_forward_anothers_entry(
    app, make_user, unit_tree_ids, entries
):
    client = focal_client(app, make_user, unit_tree_ids.commune_b)
    text = page_text(forward(client, entries["a"].id))
    assert "Please tick the entries to forward." in text
    assert state(app, entries["a"].id) == (EntryStatus.SUBMITTED, None)


@pytest.fixture
def organizer(client, login_as):
    person = login_as(Role.ORGANIZER)
    client.get("/lang/en")
    return person


def test_the_units_page_shows_the_tree(client, organizer, unit_tree_ids):
    page = page_text(client.get("/organizer/units"))
    ids = [int(i) for i in re.findall(r'data-unit-id="(\d+)" data-depth', page)]
    depths = [int(d) for d in re.findall(r'data-depth="(\d+)"', page)]
    t = unit_tree_ids
    assert ids == [t.district, t.commune_a, t.commune_b, t.district2, t.commune_c]
    assert depths == [0, 1, 1, 0, 1]


def upload(client, content: str):
    return post_form(
        client,
        "/organizer/units/import",
        {"file": (io.BytesIO(content.encode("utf-8")), "don-vi.csv")},
        content_type="multipart/form-data",
    )


def tree_of(app) -> dict[str, str | None]:
    with app.app_context():
        return {
            u.name: (u.parent.name if u.parent else None)
            for u in db.session.scalars(db.select(Unit))
        }


def test_units_import_with_parents_in_any_order(app, client, organizer):
    """A commune listed before its district still lands under it; parents may be
    named by code; an unknown parent or a loop is reported row by row."""
    csv = (
        "Tên đơn vị,Loại,Đơn vị cấp trên,Mã,Số cán bộ\n"
        "Xã Bát Tràng,Xã,Huyện Gia Lâm,,\n"
        "Huyện Gia Lâm,Huyện,,GL,\n"
        "Xã Kim Lan,Xã,GL,,\n"
        "Sở Nội vụ,Sở,,SNV,240\n"
        "Xã Lạc Đạo,Xã,Huyện Không Có,,\n"
        "Chi hội A,Hội,Chi hội B,,\n"
        "Chi hội B,Hội,Chi hội A,,\n"
        "Xã Vòng,Xã,Xã Vòng,,\n"
        "Phòng Một,Sở,,,nhiều\n"
    )
    page = page_text(upload(client, csv))
    assert "4 created, 0 updated, 5 rejected." in page
    assert "the parent unit is unknown" in page
    assert "the rows name each other as parents" in page
    assert "cannot be placed under itself" in page
    assert "the number of staff is not a whole number" in page
    tree = tree_of(app)
    assert tree["Xã Bát Tràng"] == "Huyện Gia Lâm"
    assert tree["Xã Kim Lan"] == "Huyện Gia Lâm"
    assert tree["Huyện Gia Lâm"] is None
    assert "Xã Lạc Đạo" not in tree and "Chi hội A" not in tree
    with app.app_context():
        staff = db.session.scalar(db.select(Unit).filter_by(name="Sở Nội vụ"))
        assert staff.staff_count == 240
    # Re-importing the district under a unit below it is refused (a loop).
    page = page_text(
        upload(
            client, "Tên đơn vị,Loại,Đơn vị cấp trên\nHuyện Gia Lâm,Huyện,Xã Kim Lan\n"
        )
    )
    assert "cannot be placed under itself" in page
    assert tree_of(app)["Huyện Gia Lâm"] is None


def test_a_unit_form_sets_the_parent_and_refuses_a_unit_below(
    app, client, organizer, unit_tree_ids
):
    t = unit_tree_ids
    form = {
        "name": "Quận Ba Đình",
        "kind": "district",
        "cluster": "Cụm 1",
        "locality": "Hà Nội",
        "code": "",
        "is_active": "y",
        "staff_count": "",
    }
    page = page_text(client.get(f"/organizer/units/{t.district}"))
    assert f'value="{t.commune_a}"' not in page  # a unit below is not offered
    response = post_form(
        client,
        f"/organizer/units/{t.district}",
        {**form, "parent_id": str(t.commune_a)},
    )
    assert response.status_code == 200  # the form again, with an error
    assert tree_of(app)["Quận Ba Đình"] is None
    response = post_form(
        client,
        f"/organizer/units/{t.commune_c}",
        {
            **form,
            "name": "Phường Dịch Vọng",
            "kind": "commune",
            "parent_id": str(t.district),
        },
    )
    assert response.status_code == 302
    assert tree_of(app)["Phường Dịch Vọng"] == "Quận Ba Đình"


def test_the_head_signs_the_batch_and_the_cover_letter_lists_it(
    app, make_user, unit_tree_ids, entries
):
    """Forwarding makes a batch; the letter needs the head's sign-off, then comes as
    an official letter in Word and PDF naming the sender under its parent, the
    number, the addressee (the district), the entries and the head; a sibling
    commune cannot open either file."""
    from judging.grassroots.models import ForwardBatch
    from tests.document_text import pdf_text, word_text

    t = unit_tree_ids
    commune = focal_client(app, make_user, t.commune_a)
    forward(commune, entries["a"].id)
    with app.app_context():
        batch = db.session.scalars(db.select(ForwardBatch)).one()
        assert (batch.from_unit_id, batch.to_unit_id) == (t.commune_a, t.district)
        batch_id = batch.id
    page = page_text(commune.get("/unit/batches"))
    assert f'data-batch-id="{batch_id}"' in page
    for suffix in ("pdf", "docx"):
        response = commune.get(
            f"/unit/batches/{batch_id}/letter.{suffix}", follow_redirects=True
        )
        assert "The head of the unit must sign the cover letter first." in page_text(
            response
        )
    page = page_text(
        post_form(
            commune, f"/unit/batches/{batch_id}", {"head_name": "", "head_title": ""}
        )
    )
    assert "This field is required." in page
    response = post_form(
        commune,
        f"/unit/batches/{batch_id}",
        {"head_name": "Nguyễn Văn Trưởng", "head_title": "Chủ tịch UBND phường"},
        follow_redirects=True,
    )
    assert "The cover letter is signed." in page_text(response)
    assert f"/unit/batches/{batch_id}/letter.docx" in response.get_data(as_text=True)
    number = f"Số: {batch_id:02d}/CV-ĐV"
    pdf = commune.get(f"/unit/batches/{batch_id}/letter.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    word = commune.get(f"/unit/batches/{batch_id}/letter.docx")
    assert word.status_code == 200 and word.mimetype.endswith("document")
    assert f'filename="cong-van-{batch_id}.docx"' in word.headers["Content-Disposition"]
    for text in (pdf_text(pdf.data), word_text(word.data)):
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "QUẬN BA ĐÌNH" in text and "PHƯỜNG ĐIỆN BIÊN" in text
        assert number in text
        assert "Kính gửi: Quận Ba Đình" in text
        assert entries["a"].number in text and "Bếp cơm Điện Biên" in text
        assert "Nguyễn Văn Trưởng" in text and "CHỦ TỊCH UBND PHƯỜNG" in text
    sibling = focal_client(app, make_user, t.commune_b)
    assert sibling.get(f"/unit/batches/{batch_id}").status_code == 404
    assert sibling.get(f"/unit/batches/{batch_id}/letter.pdf").status_code == 404
    assert sibling.get(f"/unit/batches/{batch_id}/letter.docx").status_code == 404
    district = focal_client(app, make_user, t.district)  # the batch of a commune below
    assert district.get(f"/unit/batches/{batch_id}").status_code == 200


def test_a_unit_returns_an_entry_to_its_writer_with_a_reason(
    app, client, make_user, unit_tree_ids, entries, outbox
):
    """The district returns a commune's entry: it leaves the units' lists, the writer
    is told why (email and "My entries"), and resubmitting brings it back."""
    t = unit_tree_ids
    district = focal_client(app, make_user, t.district)
    sibling = focal_client(app, make_user, t.district2)
    assert sibling.post(f"/unit/entries/{entries['a'].id}/return").status_code in (
        400,
        404,
    )
    assert "Return to the writer" in page_text(
        district.get(f"/unit/entries/{entries['a'].id}")
    )
    page = page_text(
        post_form(
            district,
            f"/unit/entries/{entries['a'].id}/return",
            {"reason": ""},
            follow_redirects=True,
        )
    )
    assert "Please give the writer a reason." in page
    outbox.clear()
    reason = "Bài chưa ghi địa chỉ cụ thể của nhân vật."
    page = page_text(
        post_form(
            district,
            f"/unit/entries/{entries['a'].id}/return",
            {"reason": reason},
            follow_redirects=True,
        )
    )
    assert f"Entry {entries['a'].number} was returned to its writer." in page
    assert "Bếp cơm Điện Biên" not in page  # back with the writer: off the list
    with app.app_context():
        entry = db.session.get(Entry, entries["a"].id)
        assert (entry.status, entry.status_reason) == (EntryStatus.DRAFT, reason)
    assert [m["To"] for m in outbox] == [entries["a"].owner.email]
    assert reason in outbox[0].get_content()
    writer = app.test_client()
    login(writer, entries["a"].owner.email)
    writer.get("/lang/en")
    assert reason in page_text(writer.get("/writer/"))
    with app.test_request_context():
        from datetime import UTC, datetime

        from contest.models import User
        from contest.services import entries as service

        entry = db.session.get(Entry, entries["a"].id)
        service.submit(entry, db.session.get(User, entry.owner_id), datetime.now(UTC))
        db.session.commit()
        assert (entry.status, entry.status_reason) == (EntryStatus.SUBMITTED, "")
    assert "Bếp cơm Điện Biên" in page_text(district.get("/unit/"))


def test_organizers_see_the_entrys_way_up_through_the_units(
    app, client, organizer, make_user, unit_tree_ids, entries
):
    t = unit_tree_ids
    forward(focal_client(app, make_user, t.commune_a), entries["a"].id)
    forward(focal_client(app, make_user, t.district), entries["a"].id)
    page = page_text(client.get(f"/organizer/entries/{entries['a'].id}"))
    steps = page.split('id="forward-steps"', 1)[1].split("</ol>", 1)[0]
    assert "Phường Điện Biên → Quận Ba Đình" in steps
    assert "Quận Ba Đình → City" in steps
