"""The commendation register: featured people across editions, deduplicated with
the organizers' merge decisions, a standing per edition, counts against targets,
the unit's confirmation, and the dossier (XLSX, PDF profiles) read back."""

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from contest.extensions import db
from contest.models import Edition, FeaturedPerson, Role
from judging.commendation.models import Commendation, RegisterPerson
from judging.featured.core.merges import pair
from judging.featured.core.names import person_key
from judging.featured.models import FeaturedMerge, MergeDecision
from tests.conftest import login, page_text, post_form


def feature(app, entry_id, name, unit_name, locality=""):
    """Change who the entry is about (as the writer typed it)."""
    with app.app_context():
        person = db.session.scalar(
            db.select(FeaturedPerson).filter_by(entry_id=entry_id)
        )
        person.name, person.unit_name, person.locality = name, unit_name, locality
        db.session.commit()


@pytest.fixture
def years(app, make_edition, make_entry, unit_tree_ids):
    """2025: two stories about Bà Hoa (two spellings of her ward, merged by an
    organizer) and one about Ông Bình; 2026: one more story about Bà Hoa."""
    t = unit_tree_ids
    old = make_edition(year=2025, title="Cuộc thi 2025")
    new = make_edition(year=2026, title="Cuộc thi 2026")
    e1 = make_entry(edition_id=old, unit_id=t.commune_a, title="Bếp cơm")
    e2 = make_entry(edition_id=old, unit_id=t.commune_a, title="Nồi canh")
    e3 = make_entry(edition_id=old, unit_id=t.commune_c, title="Người lái đò")
    e4 = make_entry(edition_id=new, unit_id=t.commune_a, title="Mười năm bếp lửa")
    feature(app, e1.id, "Nguyễn Thị Hoa", "Phường Hàng Bạc")
    feature(app, e2.id, "Bà Nguyễn Thị Hoa", "P. Hàng Bạc")
    feature(app, e3.id, "Trần Văn Bình", "Phường Dịch Vọng")
    feature(app, e4.id, "Nguyễn Thị Hoa", "Phường Hàng Bạc")
    with app.app_context():
        a = person_key("Nguyễn Thị Hoa", "Phường Hàng Bạc")
        b = person_key("Bà Nguyễn Thị Hoa", "P. Hàng Bạc")
        key_a, key_b = pair(a, b)
        db.session.add(
            FeaturedMerge(
                edition_id=old,
                key_a=key_a,
                key_b=key_b,
                decision=MergeDecision.CONFIRMED,
            )
        )
        db.session.commit()
    return {"old": old, "new": new}


@pytest.fixture
def organizer(client, login_as):
    person = login_as(Role.ORGANIZER)
    client.get("/lang/en")
    return person


def sync(client, edition_id):
    return page_text(
        post_form(
            client,
            f"/organizer/editions/{edition_id}/register/sync",
            follow_redirects=True,
        )
    )


def person_id(app, name):
    with app.app_context():
        return db.session.scalar(db.select(RegisterPerson.id).filter_by(name=name))


def test_one_person_across_spellings_and_years(app, client, organizer, years):
    page = sync(client, years["old"])
    assert "Register updated: 2 new people, 0 already known, 2 added" in page
    page = sync(client, years["new"])
    assert "0 new people, 1 already known, 1 added" in page
    assert "0 new people, 1 already known, 0 added" in sync(client, years["new"])
    hoa = person_id(app, "Nguyễn Thị Hoa")
    page = page_text(client.get(f"/organizer/register/people/{hoa}"))
    assert re.findall(r'data-year="(\d+)"', page) == ["2025", "2026"]
    # Both 2025 stories (the two spellings) are hers; 2026 has its own.
    assert "Bếp cơm" in page and "Nồi canh" in page and "Mười năm bếp lửa" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(RegisterPerson.id))) == 2


# Nguyễn Thị Hoa's standing once the city commended her (an exemplar).
HOA_COMMENDED = {
    "status": "commended",
    "level": "city",
    "decision": "Quyết định số 125/QĐ-UBND",
    "decided_on": "2025-10-10",
    "exemplar": "y",
}


def save_standing(client, standing_id, **values):
    data = {f"s{standing_id}-{k}": v for k, v in values.items()}
    return page_text(
        post_form(
            client,
            f"/organizer/register/standings/{standing_id}",
            data,
            follow_redirects=True,
        )
    )


def standing_id(app, name, year):
    with app.app_context():
        return db.session.scalar(
            db.select(Commendation.id)
            .join(RegisterPerson)
            .where(RegisterPerson.name == name, Commendation.year == year)
        )


def test_commendation_needs_its_decision_and_counts_against_the_targets(
    app, client, organizer, years
):
    sync(client, years["old"])
    page = page_text(
        post_form(
            client,
            f"/organizer/editions/{years['old']}/register/plan",
            {
                "individuals_target": "700",
                "exemplars_target": "50",
                "title_name": "Công dân Thủ đô ưu tú",
            },
            follow_redirects=True,
        )
    )
    assert "The commendation plan has been saved." in page
    hoa = standing_id(app, "Nguyễn Thị Hoa", 2025)
    page = save_standing(client, hoa, status="commended", level="city", decision="")
    assert "A commendation needs its level and its decision." in page
    with app.app_context():
        assert db.session.get(Commendation, hoa).status == "introduced"
    page = save_standing(client, hoa, **HOA_COMMENDED)
    assert "The standing has been saved." in page
    binh = standing_id(app, "Trần Văn Bình", 2025)
    save_standing(
        client, binh, status="title_nominated", level="city", decision="QĐ 126/QĐ-UBND"
    )
    page = page_text(client.get(f"/organizer/register?edition_id={years['old']}"))
    individuals = re.search(r'id="count-individuals">([^<]+)<', page).group(1)
    assert individuals.split() == ["2", "/", "700"]
    assert re.search(r'id="count-exemplars">([^<]+)<', page).group(1).split() == [
        "1",
        "/",
        "50",
    ]
    assert re.search(r'id="count-title">(\d+)<', page).group(1) == "1"
    assert "Công dân Thủ đô ưu tú" in page
    # A household is commended too, but does not count among the individuals.
    bid = person_id(app, "Trần Văn Bình")
    post_form(
        client,
        f"/organizer/register/people/{bid}",
        {"name": "Trần Văn Bình", "subject_kind": "household", "save_person": "1"},
    )
    page = page_text(client.get(f"/organizer/register?edition_id={years['old']}"))
    assert (
        re.search(r'id="count-individuals">([^<]+)<', page).group(1).split()[0] == "1"
    )


def test_lists_and_required_locality_per_edition(app, client, organizer, years):
    sync(client, years["old"])
    post_form(
        client,
        f"/organizer/editions/{years['old']}/register/plan",
        {
            "social_groups_text": "Công nhân\nNông dân\nLực lượng vũ trang\nNông dân",
            "movements_text": "Toàn dân chung sức xây dựng nông thôn mới",
        },
    )
    with (
        app.app_context()
    ):  # the edition's rule (its set-up page, tests/test_featured_form.py)
        db.session.get(Edition, years["old"]).featured_locality_required = True
        db.session.commit()
    hoa = person_id(app, "Nguyễn Thị Hoa")
    form = {"name": "Nguyễn Thị Hoa", "subject_kind": "individual", "save_person": "1"}
    page = page_text(
        post_form(
            client,
            f"/organizer/register/people/{hoa}",
            {**form, "social_group": "Thợ săn"},
        )
    )
    assert "Not a valid choice" in page
    page = page_text(
        post_form(
            client,
            f"/organizer/register/people/{hoa}",
            {**form, "social_group": "Nông dân", "locality": ""},
        )
    )
    assert "The locality is required in this edition." in page
    response = post_form(
        client,
        f"/organizer/register/people/{hoa}",
        {
            **form,
            "social_group": "Nông dân",
            "movement": "Toàn dân chung sức xây dựng nông thôn mới",
            "locality": "Quận Hoàn Kiếm",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(RegisterPerson, hoa)
        assert (person.social_group, person.locality) == ("Nông dân", "Quận Hoàn Kiếm")


def test_a_unit_confirms_the_people_of_its_subtree_only(
    app, client, organizer, make_user, years, unit_tree_ids
):
    sync(client, years["old"])
    t = unit_tree_ids
    hoa = standing_id(app, "Nguyễn Thị Hoa", 2025)
    district = make_user(Role.UNIT, unit_id=t.district, full_name="Đầu Mối Ba Đình")
    other = make_user(Role.UNIT, unit_id=t.district2)
    with app.app_context():  # the edition the unit works in: the 2025 one
        from contest.models import Edition, EditionStatus

        db.session.get(Edition, years["new"]).status = EditionStatus.DRAFT
        db.session.commit()
    sibling = app.test_client()
    login(sibling, other.email)
    sibling.get("/lang/en")
    assert "Nguyễn Thị Hoa" not in page_text(sibling.get("/unit/register"))
    assert post_form(sibling, f"/unit/register/{hoa}/confirm").status_code == 404
    mine = app.test_client()
    login(mine, district.email)
    mine.get("/lang/en")
    assert "Nguyễn Thị Hoa" in page_text(mine.get("/unit/register"))
    page = page_text(
        post_form(mine, f"/unit/register/{hoa}/confirm", follow_redirects=True)
    )
    assert "Confirmed: Nguyễn Thị Hoa and the deeds are real." in page
    with app.app_context():
        row = db.session.get(Commendation, hoa)
        assert row.confirmed_by_unit == "Quận Ba Đình"
        assert row.confirmed_by_id == district.id and row.confirmed_at is not None
    page = page_text(
        client.get(f"/organizer/register/people/{person_id(app, 'Nguyễn Thị Hoa')}")
    )
    assert "Quận Ba Đình (Đầu Mối Ba Đình" in page


def test_the_dossier_sheet_and_profiles_read_back(app, client, organizer, years):
    sync(client, years["old"])
    sync(client, years["new"])
    hoa = standing_id(app, "Nguyễn Thị Hoa", 2025)
    save_standing(client, hoa, **HOA_COMMENDED)
    response = client.get(f"/organizer/editions/{years['old']}/register/dossier.xlsx")
    assert response.status_code == 200
    assert "ho-so-dien-hinh-2025.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Họ và tên / Tập thể", "Loại")
    assert len(rows) == 2  # the exemplar only
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["Họ và tên / Tập thể"] == "Nguyễn Thị Hoa"
    assert line["Loại"] == "Cá nhân"
    assert line["Tình trạng"] == "Đã khen thưởng"
    assert line["Cấp khen thưởng"] == "Cấp Thành phố"
    assert line["Quyết định"] == "Quyết định số 125/QĐ-UBND"
    assert line["Ngày quyết định"] == "10/10/2025"
    assert line["Điển hình giới thiệu Trung ương, báo chí"] == "Có"
    assert "Bếp cơm" in line["Bài viết về nhân vật"]
    everyone = client.get(
        f"/organizer/editions/{years['old']}/register/dossier.xlsx?all=1"
    )
    assert len(list(load_workbook(io.BytesIO(everyone.data)).active.iter_rows())) == 3
    pdf = client.get(f"/organizer/editions/{years['old']}/register/profiles.pdf")
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Nguyễn Thị Hoa" in text and "Quyết định số 125/QĐ-UBND" in text
    profile = client.get(
        f"/organizer/register/people/{person_id(app, 'Nguyễn Thị Hoa')}/profile.pdf"
    )
    reader = PdfReader(io.BytesIO(profile.data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "2025" in text and "2026" in text  # her history across years


def test_statistics_year_on_year_by_group_and_level(app, client, organizer, years):
    sync(client, years["old"])
    sync(client, years["new"])
    post_form(
        client,
        f"/organizer/editions/{years['old']}/register/plan",
        {"social_groups_text": "Nông dân\nCông nhân"},
    )
    hoa = person_id(app, "Nguyễn Thị Hoa")
    post_form(
        client,
        f"/organizer/register/people/{hoa}",
        {
            "name": "Nguyễn Thị Hoa",
            "subject_kind": "individual",
            "social_group": "Nông dân",
            "save_person": "1",
        },
    )
    save_standing(
        client,
        standing_id(app, "Nguyễn Thị Hoa", 2026),
        status="commended",
        level="district",
        decision="QĐ 9/QĐ-UBND quận",
    )
    page = page_text(client.get("/organizer/register/statistics"))
    group = page.split('id="stats-group"', 1)[1].split("</table>", 1)[0]
    farmers = group.split("Nông dân", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'data-year="(\d+)">([^<]+)<', farmers) == [
        ("2025", "1 / 0"),
        ("2026", "1 / 1"),
    ]
    level = page.split('id="stats-level"', 1)[1].split("</table>", 1)[0]
    assert "District level" in level


def add_photo(app, entry_id, image: bytes) -> None:
    """The writer adds a photo of the featured person to the entry (clean copy kept)."""
    from contest.models import Entry
    from contest.services import entry_files

    with app.test_request_context():
        entry = db.session.get(Entry, entry_id)
        entry_files.add_photo(entry, entry.owner, image, "nhan-vat.png")
        db.session.commit()


def entry_id_titled(app, title):
    from contest.models import Entry

    with app.app_context():
        return db.session.scalar(db.select(Entry.id).filter_by(title=title))


def placed_images(data: bytes, tmp_path) -> list[list[str]]:
    """The images of a PDF as ``pdfimages -list`` lists them (page, size, ppi…)."""
    path = tmp_path / "profile.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return [line.split() for line in out.splitlines()[2:]]


def test_a_profile_shows_the_persons_photo_from_a_story(
    app, client, organizer, years, tmp_path
):
    """Bà Hoa's 2025 story came with her photo (portrait, 300×400): her profile shows
    it, aspect kept, from the clean copy; Ông Bình sent none and his profile is text."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (30, 120, 200)).save(buffer, "PNG")
    add_photo(app, entry_id_titled(app, "Nồi canh"), buffer.getvalue())
    sync(client, years["old"])
    sync(client, years["new"])  # her latest year (2026) has no photo: 2025's is used

    profile = client.get(
        f"/organizer/register/people/{person_id(app, 'Nguyễn Thị Hoa')}/profile.pdf"
    )
    reader = PdfReader(io.BytesIO(profile.data))
    assert len(reader.pages) == 1
    (image,) = placed_images(profile.data, tmp_path)
    page, _num, _type, width, height = image[:5]
    x_ppi, y_ppi = image[12:14]
    assert (page, width, height) == ("1", "300", "400")
    assert x_ppi == y_ppi  # scaled by one factor: the 3:4 portrait is not squashed
    text = reader.pages[0].extract_text()
    assert "Nguyễn Thị Hoa" in text and "2025" in text and "2026" in text

    save_standing(client, standing_id(app, "Nguyễn Thị Hoa", 2025), **HOA_COMMENDED)
    dossier = client.get(f"/organizer/editions/{years['old']}/register/profiles.pdf")
    assert len(PdfReader(io.BytesIO(dossier.data)).pages[0].images) == 1

    binh = client.get(
        f"/organizer/register/people/{person_id(app, 'Trần Văn Bình')}/profile.pdf"
    )
    assert binh.status_code == 200
    page = PdfReader(io.BytesIO(binh.data)).pages[0]
    assert len(page.images) == 0 and "Trần Văn Bình" in page.extract_text()
