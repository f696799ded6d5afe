"""A unit's own award list: the focal point defines prize levels, awards the entries
its unit holds or held, the unit's head signs (the list locks), reopening takes a
reason that is logged; the certificates name the unit as issuer and its head as
signer (read back with pdftotext and python-docx), the sheet reads back in a
spreadsheet. A focal
point reaches only their own unit's list; organizers read every list; judges see
nothing of it and the city's award list is untouched."""

import io
import unicodedata
from datetime import date

import pytest
from openpyxl import load_workbook

from contest.extensions import db
from contest.models import Entry, Role
from judging.awards.models.lists import AwardPlacement
from judging.grassroots.models import UnitAwardList
from tests.conftest import STORY, client_as, post_form
from tests.document_text import pdf_text, word_text
from tests.unit_award_fixtures import (
    HEAD,
    add_level,
    award,
    award_entries,
    awards_of,
    focal,
    level_id,
    shown,
    sign,
    url,
)


@pytest.fixture
def entries(make_entry, make_edition, unit_tree_ids):
    """A submitted entry by a writer of each commune (two of Ba Đình, one of Cầu Giấy)."""
    return award_entries(make_entry, make_edition, unit_tree_ids)


def test_a_commune_awards_signs_and_reopens_its_list(
    app, make_user, unit_tree_ids, entries
):
    """Levels are the unit's own; an entry of another district is refused; the signed
    list is locked with a clear message; reopening needs a reason and is logged."""
    t, edition = unit_tree_ids, entries["edition"]
    client = focal(app, make_user, t.commune_a)
    page = shown(client.get(url(edition)))
    assert "Bếp cơm Điện Biên" in page
    assert "Ông lái đò Đội Cấn" not in page and "Cô giáo Dịch Vọng" not in page

    assert "Prize level Giải A added." in add_level(client, edition, "Giải A")
    add_level(client, edition, "Khuyến khích")
    page = add_level(client, edition, "giải a")
    assert "The list already has a prize level of that name." in page
    page = shown(post_form(client, url(edition, "/levels"), {"name": ""}))
    assert 'id="name-error"' in page  # the error stands next to the field

    giai_a = level_id(app, t.commune_a, "Giải A")
    page = award(client, edition, entries["a"].id, giai_a)
    assert f"Entry {entries['a'].number}: Giải A." in page
    page = award(client, edition, entries["c"].id, giai_a)
    assert "Only a submitted entry your unit holds or held" in page
    assert awards_of(app, t.commune_a) == {"Bếp cơm Điện Biên": "Giải A"}
    page = shown(
        post_form(
            client,
            url(edition, "/levels/remove"),
            {"level_id": giai_a},
            follow_redirects=True,
        )
    )
    assert "Entries hold this prize level" in page

    page = shown(post_form(client, url(edition, "/sign"), {**HEAD, "head_name": ""}))
    assert 'id="head_name-error"' in page
    page = sign(client, edition, **HEAD)
    assert "The award list is signed and locked." in page
    assert (
        "Signed by Nguyễn Văn Trưởng, Chủ tịch UBND phường, dated 05/10/2026." in page
    )

    # Locked: every change is refused with the way out, and nothing is written.
    page = award(client, edition, entries["a"].id, None)
    assert "The award list is signed and locked: reopen it, with a reason" in page
    page = add_level(client, edition, "Giải B")
    assert "The award list is signed and locked" in page
    assert awards_of(app, t.commune_a) == {"Bếp cơm Điện Biên": "Giải A"}
    assert level_id(app, t.commune_a, "Giải B") is None

    page = shown(post_form(client, url(edition, "/reopen"), {"reason": " "}))
    assert 'id="reason-error"' in page
    page = shown(
        post_form(
            client,
            url(edition, "/reopen"),
            {"reason": "Sai tên mức giải, cần sửa"},
            follow_redirects=True,
        )
    )
    assert "The award list is open for changes" in page
    assert "Sai tên mức giải, cần sửa" in page  # the reopening is on the page
    khuyen_khich = level_id(app, t.commune_a, "Khuyến khích")
    award(client, edition, entries["a"].id, khuyen_khich)
    assert awards_of(app, t.commune_a) == {"Bếp cơm Điện Biên": "Khuyến khích"}
    with app.app_context():
        assert db.session.scalar(db.select(UnitAwardList.signed_at)) is None


def test_certificates_name_the_unit_as_issuer_and_its_head_as_signer(
    app, make_user, unit_tree_ids, entries
):
    """No certificates before the head signs; then one page per author, issued by
    the commune under its district, signed by its head, with Vietnamese intact."""
    t, edition = unit_tree_ids, entries["edition"]
    client = focal(app, make_user, t.commune_a)
    add_level(client, edition, "Giải A")
    award(client, edition, entries["a"].id, level_id(app, t.commune_a, "Giải A"))
    response = client.get(url(edition, "/certificates.pdf"), follow_redirects=True)
    assert "The head of the unit must sign the award list first." in shown(response)

    sign(client, edition, **HEAD)
    response = client.get(url(edition, "/certificates.pdf"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "QUẬN BA ĐÌNH" in text and "PHƯỜNG ĐIỆN BIÊN" in text
    assert "PHƯỜNG ĐIỆN BIÊN chứng nhận:" in text
    assert "CHỦ TỊCH UBND PHƯỜNG" in text and "Nguyễn Văn Trưởng" in text
    assert "Hà Nội, ngày 05 tháng 10 năm 2026" in text
    assert "Trần Thị Tác Giả" in text and "Đạt giải A" in text
    assert "“Bếp cơm Điện Biên”" in text and "Số: 01/GCN" in text
    assert "BAN TỔ CHỨC" not in text  # the city's committee does not issue these

    sheet = client.get(url(edition, "/list.xlsx"))
    rows = list(
        load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True)
    )
    assert rows[0][:4] == ("STT", "Giải", "Số hiệu", "Tên tác phẩm")
    assert rows[1][:4] == (1, "Giải A", entries["a"].number, "Bếp cơm Điện Biên")


def test_word_certificates_name_the_unit_and_keep_the_vietnamese(
    app, make_user, unit_tree_ids, entries
):
    """Beside the PDF, the signed list's certificates come as an editable Word file:
    issued by the commune under its district, signed by its head, the prize and the
    work in NFC Vietnamese; before the head signs it is refused like the PDF."""
    t, edition = unit_tree_ids, entries["edition"]
    client = focal(app, make_user, t.commune_a)
    add_level(client, edition, "Giải A")
    award(client, edition, entries["a"].id, level_id(app, t.commune_a, "Giải A"))
    response = client.get(url(edition, "/certificates.docx"), follow_redirects=True)
    assert "The head of the unit must sign the award list first." in shown(response)
    page = shown(client.get(url(edition)))
    assert f"/unit/editions/{edition}/awards/certificates.docx" not in page

    page = sign(client, edition, **HEAD)
    assert f'href="/unit/editions/{edition}/awards/certificates.docx"' in page
    assert "Download the certificates (Word)" in page
    response = client.get(url(edition, "/certificates.docx"))
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert ".docx" in response.headers["Content-Disposition"]
    text = word_text(response.data)
    assert unicodedata.is_normalized("NFC", text)
    assert "QUẬN BA ĐÌNH" in text and "PHƯỜNG ĐIỆN BIÊN" in text
    assert "PHƯỜNG ĐIỆN BIÊN chứng nhận:" in text
    assert "CHỦ TỊCH UBND PHƯỜNG" in text and "Nguyễn Văn Trưởng" in text
    assert "Trần Thị Tác Giả" in text and "Đạt giải A" in text
    assert "“Bếp cơm Điện Biên”" in text and "Số: 01/GCN" in text
    assert "ngày 05 tháng 10 năm 2026" in text
    assert "BAN TỔ CHỨC" not in text
    # A sibling commune, with no signed list, gets no Word file of Điện Biên's.
    sibling = focal(app, make_user, t.commune_b)
    response = sibling.get(url(edition, "/certificates.docx"), follow_redirects=True)
    assert response.mimetype == "text/html"
    assert "Nguyễn Văn Trưởng" not in shown(response)


def test_a_forwarded_entry_stays_on_the_commune_and_reaches_the_district(
    app, make_user, unit_tree_ids, entries
):
    """The commune forwards its entry up: it may still award it (it held it), and so
    may the district that holds it now; the two lists are apart."""
    t, edition = unit_tree_ids, entries["edition"]
    commune = focal(app, make_user, t.commune_a)
    post_form(commune, "/unit/forward", {"entry_ids": [entries["a"].id]})
    with app.app_context():
        assert db.session.get(Entry, entries["a"].id).holder_unit_id == t.district
    district = focal(app, make_user, t.district)
    add_level(commune, edition, "Giải Nhất xã")
    add_level(district, edition, "Giải A quận")
    award(commune, edition, entries["a"].id, level_id(app, t.commune_a, "Giải Nhất xã"))
    page = award(
        district, edition, entries["a"].id, level_id(app, t.district, "Giải A quận")
    )
    assert "Giải A quận." in page
    assert awards_of(app, t.commune_a) == {"Bếp cơm Điện Biên": "Giải Nhất xã"}
    assert awards_of(app, t.district) == {"Bếp cơm Điện Biên": "Giải A quận"}
    # The district's page lists both of its communes' entries, not Cầu Giấy's.
    page = shown(district.get(url(edition)))
    assert "Ông lái đò Đội Cấn" in page and "Cô giáo Dịch Vọng" not in page


def test_only_the_units_own_list_and_organizers_read_them(
    app, make_user, unit_tree_ids, entries
):
    """A sibling commune sees none of Điện Biên's list and cannot award its entry
    (nor use another list's level); writers and judges are refused; organizers
    read every list, without a form; the city's award list is untouched."""
    t, edition = unit_tree_ids, entries["edition"]
    mine = focal(app, make_user, t.commune_a)
    add_level(mine, edition, "Giải A")
    giai_a = level_id(app, t.commune_a, "Giải A")
    award(mine, edition, entries["a"].id, giai_a)
    sign(mine, edition, **HEAD)

    sibling = focal(app, make_user, t.commune_b)
    page = shown(sibling.get(url(edition)))
    assert "Bếp cơm Điện Biên" not in page and "Nguyễn Văn Trưởng" not in page
    add_level(sibling, edition, "Giải B")
    page = award(
        sibling, edition, entries["a"].id, level_id(app, t.commune_b, "Giải B")
    )
    assert "Only a submitted entry your unit holds or held" in page
    page = award(sibling, edition, entries["b"].id, giai_a)
    assert "This prize level is not on your unit's list." in page
    assert awards_of(app, t.commune_b) == {}
    response = sibling.get(url(edition, "/certificates.pdf"), follow_redirects=True)
    assert "The head of the unit must sign the award list first." in shown(response)

    for role in (Role.WRITER, Role.JUDGE):
        other = client_as(app, make_user(role))
        assert other.get(url(edition)).status_code == 403
        assert other.get(url(edition, "/certificates.pdf")).status_code == 403
        assert other.get(f"/organizer/editions/{edition}/unit-awards").status_code in (
            403,
            404,
        )

    organizer = client_as(app, make_user(Role.ORGANIZER))
    page = shown(organizer.get(f"/organizer/editions/{edition}/unit-awards"))
    assert "Phường Điện Biên" in page and "Nguyễn Văn Trưởng" in page
    page = shown(
        organizer.get(f"/organizer/editions/{edition}/unit-awards/{t.commune_a}")
    )
    assert "Bếp cơm Điện Biên" in page and "Giải A" in page
    assert "<form" not in page.split("<main", 1)[-1]  # read only
    assert organizer.get(url(edition)).status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AwardPlacement.id))) == 0


def test_judges_never_see_a_units_prizes(
    app, make_user, make_judged_round, unit_tree_ids
):
    """An entry a commune awarded and signed is read by a judge: the queue, the
    reading and the score pages carry neither the unit's prize, nor its signer, nor
    the section of unit prizes the organizer's page of the same entry shows."""
    from contest.services.unit_tree import forget_tree
    from judging.grassroots.services import unit_awards

    judged = make_judged_round(
        readers=1, titles=["Bếp cơm Điện Biên"], judge_names=("Giám Khảo Một",)
    )
    (entry,) = judged.entries
    with app.test_request_context():
        forget_tree()
        row = db.session.get(Entry, entry.id)
        row.unit_id = unit_tree_ids.commune_a
        edition = row.edition
        award_list = unit_awards.start_list(edition, unit_tree_ids.commune_a)
        level = unit_awards.add_level(award_list, "Giải Riêng Phường", None)
        unit_awards.set_award(award_list, entry.id, level.id, row.owner)
        unit_awards.sign(
            award_list, "Thủ Trưởng Canary", "Chủ tịch", date(2026, 10, 5), row.owner
        )
        db.session.commit()
    judge = client_as(app, judged.judges[0])
    code = judged.codes[entry.id]
    for path in ("/judge/", f"/judge/entries/{code}", f"/judge/entries/{code}/score"):
        response = judge.get(path)
        assert response.status_code == 200, path
        text = shown(response)
        assert "Giải Riêng Phường" not in text and "Thủ Trưởng Canary" not in text
        assert "Prizes of the units" not in text and "unit-prizes" not in text
    # The canary is real: the organizer's page of the entry carries the prize.
    organizer = client_as(app, make_user(Role.ORGANIZER))
    page = shown(organizer.get(f"/organizer/entries/{entry.id}"))
    assert "Giải Riêng Phường — Phường Điện Biên (signed)" in page


@pytest.mark.parametrize("status", ["withdrawn", "not_eligible", "draft"])
def test_a_prize_whose_entry_no_longer_stands_is_void(
    app, make_user, make_entry, unit_tree_ids, entries, status
):
    """An awarded entry later withdrawn, found not eligible or returned to its writer
    gets no certificate and no line in the award sheet; the unit's page and the
    organizers' page show its prize as void."""
    t, edition = unit_tree_ids, entries["edition"]
    gone = make_entry(
        unit_id=t.commune_a,
        title="Bài đã rút",
        text=f"{STORY}\n\nRút.",
        edition_id=edition,
    )
    client = focal(app, make_user, t.commune_a)
    add_level(client, edition, "Giải A")
    giai_a = level_id(app, t.commune_a, "Giải A")
    award(client, edition, entries["a"].id, giai_a)
    award(client, edition, gone.id, giai_a)
    with app.app_context():
        db.session.get(Entry, gone.id).status = status
        db.session.commit()
    sign(client, edition, **HEAD)
    text = pdf_text(client.get(url(edition, "/certificates.pdf")).data)
    assert "Bếp cơm Điện Biên" in text and "Bài đã rút" not in text
    sheet = client.get(url(edition, "/list.xlsx"))
    rows = list(
        load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True)
    )
    assert [r[3] for r in rows[1:]] == ["Bếp cơm Điện Biên"]
    page = shown(client.get(url(edition)))
    assert "These prizes are void" in page and "Giải A: " in page
    assert "Bài đã rút" in page.split("These prizes are void")[1]
    staff = client_as(app, make_user(Role.ORGANIZER))
    page = shown(staff.get(f"/organizer/editions/{edition}/unit-awards/{t.commune_a}"))
    assert page.count("void: the entry no longer stands") == 1
