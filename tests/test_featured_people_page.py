"""The featured-people page (candidates for commendation) and its Excel export, by
behaviour: who is listed, a proposed merge confirmed or rejected, the sheet read back."""

import io
import re

import pytest
from openpyxl import load_workbook

from contest.extensions import db
from contest.models import Entry, EntryStatus, FeaturedPerson, Role
from tests.conftest import page_text, post_form


def feature(app, entry_id, name, unit_name, *, shortlisted=True):
    with app.app_context():
        person = db.session.scalar(
            db.select(FeaturedPerson).filter_by(entry_id=entry_id)
        )
        person.name, person.unit_name = name, unit_name
        if shortlisted:
            db.session.get(Entry, entry_id).status = EntryStatus.SHORTLISTED
        db.session.commit()


@pytest.fixture
def stories(app, make_entry, edition_id):
    """Three shortlisted stories (Bà Hoa twice, with two spellings of her ward; Ông
    Bình once) and one story that did not reach the final round."""
    e1 = make_entry(title="Bếp cơm yêu thương")
    e2 = make_entry(title="Giọt hồng trao đi")
    e3 = make_entry(title="Người lái đò")
    e4 = make_entry(title="Chưa vào chung khảo")
    feature(app, e1.id, "Nguyễn Thị Hoa", "Phường Hàng Bạc")
    feature(app, e2.id, "Bà Nguyễn Thị Hoa", "P. Hàng Bạc")
    feature(app, e3.id, "Trần Văn Bình", "Phường Dịch Vọng")
    feature(app, e4.id, "Lê Văn Cường", "Phường Láng Hạ", shortlisted=False)
    return [e1, e2, e3, e4]


@pytest.fixture
def organizer(client, login_as):
    person = login_as(Role.ORGANIZER)
    client.get("/lang/en")
    return person


def table_names(page: str) -> list[str]:
    body = page.split('id="featured-people"', 1)[1].split("</table>", 1)[0]
    return [
        name.strip()
        for name in re.findall(r'<th scope="row" class="fw-normal">([^<]+)', body)
    ]


def sheet(client, edition_id) -> list[tuple]:
    response = client.get(f"/organizer/editions/{edition_id}/awards/featured.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    return list(
        load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)
    )


def decide(client, edition_id, decision):
    page = page_text(client.get(f"/organizer/editions/{edition_id}/awards/featured"))
    key_a, key_b = re.findall(r'name="key_[ab]" value="([^"]+)"', page)[:2]
    return post_form(
        client,
        f"/organizer/editions/{edition_id}/awards/featured/merge",
        {"key_a": key_a, "key_b": key_b, "decision": decision},
        follow_redirects=True,
    )


def test_the_page_lists_shortlisted_people_and_proposes_a_merge(
    client, organizer, edition_id, stories
):
    page = page_text(client.get(f"/organizer/editions/{edition_id}/awards/featured"))
    assert sorted(table_names(page)) == [
        "Bà Nguyễn Thị Hoa",
        "Nguyễn Thị Hoa",
        "Trần Văn Bình",
    ]
    assert "Lê Văn Cường" not in page  # did not reach the final round
    assert "Possible duplicates to check (1)" in page
    rows = sheet(client, edition_id)
    assert rows[0][:2] == ("STT", "Họ và tên / Tập thể")
    assert sorted(r[1] for r in rows[1:]) == [
        "Bà Nguyễn Thị Hoa",
        "Nguyễn Thị Hoa",
        "Trần Văn Bình",
    ]


def test_confirming_a_merge_makes_one_row_on_the_page_and_in_the_sheet(
    client, organizer, edition_id, stories
):
    page = page_text(decide(client, edition_id, "confirmed"))
    assert "The rows were merged into one person." in page
    assert "Possible duplicates to check (0)" in page
    names = table_names(page)
    assert len(names) == 2 and "Trần Văn Bình" in names
    rows = sheet(client, edition_id)
    hoa = next(r for r in rows[1:] if "Hoa" in r[1])
    assert hoa[6].splitlines() == [
        f"{stories[0].number} – Bếp cơm yêu thương",
        f"{stories[1].number} – Giọt hồng trao đi",
    ]


def test_rejecting_keeps_two_people_and_is_not_proposed_again(
    client, organizer, edition_id, stories
):
    page = page_text(decide(client, edition_id, "rejected"))
    assert "The rows stay separate people." in page
    assert "Possible duplicates to check (0)" in page
    assert len(table_names(page)) == 3
    assert len(sheet(client, edition_id)) == 4


def test_a_stale_merge_is_refused_with_a_message(
    client, organizer, edition_id, stories
):
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}/awards/featured/merge",
        {"key_a": "khong ton tai|x", "key_b": "nguoi khac|y", "decision": "confirmed"},
    )
    assert response.status_code == 409
    assert "cannot be merged: the list has changed" in page_text(response)
