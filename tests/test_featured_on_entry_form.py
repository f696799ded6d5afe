"""The featured person on the entry forms: the kind of subject (cá nhân / tập thể / hộ
gia đình), the social group and movement chosen from the edition's lists, the full
address when the edition requires it (refused in Vietnamese, next to the field); a
unit confirms that the entry's people are real (organizers see it); the register
brings the details in; the statistics count groups and movements year on year."""

import re
from datetime import UTC, datetime

import pytest

from contest.extensions import db
from contest.models import Edition, Entry, FeaturedPerson, Role
from contest.services import entries as service
from judging.commendation.models import EntryConfirmation, RegisterPerson
from tests.conftest import STORY, client_as, page_text, post_form

GROUPS = "Công nhân\nNông dân\nCựu chiến binh"
MOVEMENTS = "Toàn dân chung sức xây dựng nông thôn mới\nHọc tập và làm theo Bác"


@pytest.fixture
def organizer(app, make_user):
    return make_user(Role.ORGANIZER)


def set_lists(app, organizer, edition_id, groups=GROUPS, movements=MOVEMENTS):
    """The organizer saves the edition's lists on the register's plan page."""
    client = client_as(app, organizer)
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}/register/plan",
        {"social_groups_text": groups, "movements_text": movements},
    )
    assert response.status_code == 302


def require_locality(app, organizer, edition_id, send_to="unit"):
    """The organizer ticks the rule on the edition's general page."""
    client = client_as(app, organizer)
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}",
        {
            "title": "Cuộc thi viết người tốt, việc tốt",
            "year": "2026",
            "code_prefix": "HN",
            "genres_text": "Ký\nTruyện ngắn",
            "featured_locality_required": "y",
            "writers_send_to": send_to,
        },
    )
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        assert edition.featured_locality_required
        assert edition.writers_send_to == send_to


def entry_form(app, edition_id, **overrides) -> dict:
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        track_id, field_id = edition.tracks[0].id, edition.fields[0].id
    data = {
        "key": "featured-form-1",
        "title": "Bếp cơm yêu thương",
        "track_id": str(track_id),
        "field_id": str(field_id),
        "genre": "Ký",
        "text": STORY,
        "authors-0-full_name": "Lê Thị Dư",
        "featured-0-name": "Nguyễn Thị Hoa",
        "featured-0-summary": "Mười năm nấu cơm miễn phí.",
        "review": "1",
    }
    data.update(overrides)
    return data


def entry_id_from(response) -> int:
    return int(re.search(r"/entries/(\d+)/", response.headers["Location"]).group(1))


def test_the_lists_are_offered_and_the_subject_kind_saved(
    app, client, login_as, organizer, edition_id
):
    """With lists set, the writer's form offers them as select lists; a household,
    its group and movement are saved; a value not in the list is refused."""
    set_lists(app, organizer, edition_id)
    login_as(Role.WRITER)
    page = page_text(client.get("/writer/entries/new"))
    assert 'name="featured-0-social_group"' in page
    assert '<option value="Nông dân">Nông dân</option>' in page
    assert 'name="featured-0-movement"' in page
    assert "Hộ gia đình" in page  # the kinds of subject, in Vietnamese
    refused = post_form(
        client,
        "/writer/entries/new",
        entry_form(app, edition_id, **{"featured-0-social_group": "Thợ săn"}),
    )
    assert refused.status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(Entry)) is None  # nothing half-saved
    response = post_form(
        client,
        "/writer/entries/new",
        entry_form(
            app,
            edition_id,
            **{
                "featured-0-subject_kind": "household",
                "featured-0-social_group": "Nông dân",
                "featured-0-movement": "Học tập và làm theo Bác",
            },
        ),
    )
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        person = db.session.scalar(db.select(FeaturedPerson))
        assert (person.subject_kind, person.social_group, person.movement) == (
            "household",
            "Nông dân",
            "Học tập và làm theo Bác",
        )
        assert person.is_collective  # not one person: no birth year shown
    page = page_text(client.get(f"/writer/entries/{entry_id_from(response)}/edit"))
    assert '<option selected value="household">' in page


def test_without_lists_the_questions_are_not_asked(app, client, login_as, edition_id):
    login_as(Role.WRITER)
    page = page_text(client.get("/writer/entries/new"))
    assert "featured-0-social_group" not in page
    assert "featured-0-movement" not in page
    assert 'name="featured-0-subject_kind"' in page


def test_a_required_locality_is_refused_in_vietnamese_next_to_the_field(
    app, client, login_as, organizer, edition_id
):
    """The edition asks for "địa chỉ cụ thể": going to review without it shows the
    error under the address field (the draft is kept), and submission is refused."""
    require_locality(app, organizer, edition_id)
    login_as(Role.WRITER)  # the default language: Vietnamese
    page = page_text(client.get("/writer/entries/new"))
    assert "Bắt buộc: địa chỉ cụ thể (số nhà" in page
    response = post_form(client, "/writer/entries/new", entry_form(app, edition_id))
    assert response.status_code == 422
    page = page_text(response)
    error = re.search(
        r'id="featured-0-locality-error"[^>]*>(.*?)</div>\s*</div>', page, re.S
    )
    assert error and "Vui lòng ghi địa chỉ cụ thể" in error.group(1)
    assert (
        'aria-describedby="featured-0-locality-help featured-0-locality-error"' in page
    )
    with app.app_context():
        entry = db.session.scalar(db.select(Entry))
        assert entry.title == "Bếp cơm yêu thương"  # what was typed is kept
        entry_id = entry.id
    review = post_form(
        client, f"/writer/entries/{entry_id}/review", {"declaration": "y"}
    )
    assert review.status_code == 200
    assert "Vui lòng ghi địa chỉ cụ thể của từng nhân vật" in page_text(review)
    with app.app_context():
        assert db.session.get(Entry, entry_id).number is None
    response = post_form(
        client,
        f"/writer/entries/{entry_id}/edit",
        entry_form(
            app,
            edition_id,
            **{"featured-0-locality": "Số 12 phố Hàng Bạc, phường Hàng Bạc"},
        ),
    )
    assert response.status_code == 302
    done = post_form(client, f"/writer/entries/{entry_id}/review", {"declaration": "y"})
    assert done.headers["Location"].endswith("/receipt")


def test_the_unit_form_asks_the_same(
    app, client, login_as, organizer, make_unit, edition_id
):
    """A focal point typing a paper entry in gets the same questions and rule."""
    set_lists(app, organizer, edition_id)
    require_locality(app, organizer, edition_id)
    login_as(Role.UNIT, unit_id=make_unit())
    client.get("/lang/en")
    page = page_text(client.get("/unit/entries/new"))
    assert 'name="featured-0-social_group"' in page
    response = post_form(
        client,
        "/unit/entries/new",
        entry_form(app, edition_id, signed_form_confirmed="y"),
    )
    assert response.status_code == 422
    assert "Please give the full address" in page_text(response)


# -- the unit's confirmation ---------------------------------------------------------


def submitted(app, make_entry, unit_id):
    return make_entry(unit_id=unit_id).id


def test_a_focal_point_of_the_unit_or_above_confirms_and_withdraws(
    app, make_user, make_entry, organizer, edition_id, unit_tree_ids
):
    """Đội Cấn's entry: its own focal point or Ba Đình's (above it) may confirm;
    Điện Biên's (a sibling) gets 404. The organizer sees who and when."""
    t = unit_tree_ids
    entry_id = submitted(app, make_entry, t.commune_b)
    sibling = client_as(app, make_user(Role.UNIT, unit_id=t.commune_a))
    assert "confirm_entry_people" not in page_text(
        sibling.get(f"/unit/entries/{entry_id}")
    )
    assert (
        post_form(sibling, f"/unit/entries/{entry_id}/people/confirm", {}).status_code
        == 404
    )
    district = client_as(
        app, make_user(Role.UNIT, unit_id=t.district, full_name="Phạm Văn Quận")
    )
    page = page_text(district.get(f"/unit/entries/{entry_id}"))
    assert "Confirm: the person and the deeds are real" in page
    response = post_form(district, f"/unit/entries/{entry_id}/people/confirm", {})
    assert response.status_code == 302
    page = page_text(district.get(f"/unit/entries/{entry_id}"))
    assert "Confirmed by Quận Ba Đình (Phạm Văn Quận)" in page
    with app.app_context():
        row = db.session.scalar(db.select(EntryConfirmation))
        assert (row.entry_id, row.people) == (entry_id, ["Nguyễn Thị Hoa"])
    boss = client_as(app, organizer)
    page = page_text(boss.get(f"/organizer/entries/{entry_id}"))
    assert re.search(r"Confirmed by the unit:\s*Quận Ba Đình \(Phạm Văn Quận", page)
    own = client_as(app, make_user(Role.UNIT, unit_id=t.commune_b))
    assert (
        post_form(own, f"/unit/entries/{entry_id}/people/unconfirm", {}).status_code
        == 302
    )
    with app.app_context():
        assert db.session.scalar(db.select(EntryConfirmation)) is None
    assert re.search(
        r"Confirmed by the unit:\s*not yet",
        page_text(boss.get(f"/organizer/entries/{entry_id}")),
    )


def test_writers_and_judges_cannot_confirm(
    app, make_user, make_entry, edition_id, unit_tree_ids
):
    entry_id = submitted(app, make_entry, unit_tree_ids.commune_b)
    for role in (Role.WRITER, Role.JUDGE):
        browser = client_as(app, make_user(role))
        response = post_form(browser, f"/unit/entries/{entry_id}/people/confirm", {})
        assert response.status_code in (302, 403, 404)
        assert "/unit/entries" not in response.headers.get("Location", "")
    with app.app_context():
        assert db.session.scalar(db.select(EntryConfirmation)) is None


# -- the register and the statistics ------------------------------------------------


def featured_entry(app, make_user, edition_id, key, **person):
    """A submitted entry about one person with these details."""
    owner = make_user()
    with app.test_request_context():
        from contest.models import User

        user = db.session.get(User, owner.id)
        edition = db.session.get(Edition, edition_id)
        entry = service.start_entry(user, edition, key=key)
        service.save_draft(
            entry,
            user,
            service.EntryData(
                title=f"Bài {key}",
                track_id=edition.tracks[0].id,
                field_id=edition.fields[0].id,
                text=STORY,
                authors=[service.AuthorData(full_name="Lê Thị Dư")],
                featured=[service.FeaturedData(**person)],
            ),
        )
        entry.declaration_accepted = True
        service.submit(entry, user, datetime.now(UTC), notify=False)
        db.session.commit()
        return entry.id


def test_the_register_takes_the_details_of_a_new_person_and_keeps_edits(
    app, make_user, organizer, edition_id
):
    details = {
        "name": "Hợp tác xã Thành Công",
        "subject_kind": "collective",
        "locality": "Xã Đông Dư, huyện Gia Lâm",
        "social_group": "Nông dân",
        "movement": "Toàn dân chung sức xây dựng nông thôn mới",
    }
    featured_entry(app, make_user, edition_id, "a", **details)
    boss = client_as(app, organizer)
    sync = f"/organizer/editions/{edition_id}/register/sync"
    assert post_form(boss, sync, {"sync": "1"}).status_code == 302
    with app.app_context():
        person = db.session.scalar(db.select(RegisterPerson))
        assert (
            person.subject_kind,
            person.locality,
            person.social_group,
            person.movement,
        ) == ("collective", *list(details.values())[2:])
        person.social_group = "Công nhân"  # the organizer's correction
        db.session.commit()
    featured_entry(app, make_user, edition_id, "b", **details)
    assert post_form(boss, sync, {"sync": "1"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(RegisterPerson.social_group)) == "Công nhân"


def test_a_units_confirmation_becomes_the_standings(
    app, make_user, make_entry, organizer, edition_id, unit_tree_ids
):
    entry_id = submitted(app, make_entry, unit_tree_ids.commune_b)
    focal = client_as(app, make_user(Role.UNIT, unit_id=unit_tree_ids.commune_b))
    post_form(focal, f"/unit/entries/{entry_id}/people/confirm", {})
    boss = client_as(app, organizer)
    post_form(boss, f"/organizer/editions/{edition_id}/register/sync", {"sync": "1"})
    page = page_text(boss.get(f"/organizer/register?edition_id={edition_id}"))
    assert "Phường Đội Cấn" in page
    from judging.commendation.models import Commendation

    with app.app_context():
        standing = db.session.scalar(db.select(Commendation))
        assert standing.confirmed_by_unit == "Phường Đội Cấn"
        assert standing.confirmed_at is not None


def test_statistics_count_groups_and_movements_year_on_year(
    app, make_user, make_edition, organizer, edition_id
):
    last_year = make_edition(year=2025, title="Cuộc thi năm trước")
    featured_entry(
        app, make_user, last_year, "old", name="Bà Lan", social_group="Nông dân"
    )
    featured_entry(
        app, make_user, edition_id, "n1", name="Ông Ba", social_group="Nông dân"
    )
    featured_entry(
        app,
        make_user,
        edition_id,
        "n2",
        name="Chị Tư",
        social_group="Cựu chiến binh",
        movement="Học tập và làm theo Bác",
    )
    boss = client_as(app, organizer)
    page = page_text(boss.get(f"/organizer/editions/{edition_id}/statistics"))
    table = re.search(r'id="table-year-group".*?</table>', page, re.S).group(0)
    assert re.search(r">2025</th>\s*<th[^>]*>2026<", table)
    assert re.search(r"Nông dân</th><td[^>]*>1</td><td[^>]*>1</td>", table)
    assert re.search(r"Cựu chiến binh</th><td[^>]*>0</td><td[^>]*>1</td>", table)
    movement = re.search(r'id="table-year-movement".*?</table>', page, re.S).group(0)
    assert "Học tập và làm theo Bác" in movement and "(not given)" in movement
    assert "Featured people by social group in 2026" in page  # the chart's title
    pdf = boss.get(f"/organizer/editions/{edition_id}/statistics.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_statistics_year_on_year_end_with_the_reports_year_and_skip_drafts(
    app, make_user, make_edition, organizer
):
    """The report's year is always the last column (zeros when it has no featured
    people yet), and only the report's edition counts for its year: another edition
    of that year (a draft, an imported archive) and earlier drafts are left out."""
    from contest.models import EditionStatus

    report = make_edition(year=2026, title="Cuộc thi năm nay")
    same_year = make_edition(year=2026, title="Bản lưu nhập về")
    last_year = make_edition(year=2025, title="Cuộc thi năm trước")
    draft = make_edition(year=2024, title="Bản nháp cũ")
    for edition_id, key in ((same_year, "s"), (last_year, "l"), (draft, "d")):
        featured_entry(
            app, make_user, edition_id, key, name="Bà Lan", social_group="Nông dân"
        )
    with app.app_context():
        db.session.get(Edition, same_year).status = EditionStatus.CLOSED
        db.session.get(Edition, draft).status = EditionStatus.DRAFT
        db.session.commit()
    boss = client_as(app, organizer)
    page = page_text(boss.get(f"/organizer/editions/{report}/statistics"))
    table = re.search(r'id="table-year-group".*?</table>', page, re.S).group(0)
    assert re.findall(r">(\d{4})</th>", table) == ["2025", "2026"]
    assert re.search(r"Nông dân</th><td[^>]*>1</td><td[^>]*>0</td>", table)
