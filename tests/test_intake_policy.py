"""The intake policy: what the city's first round reads (entries forwarded to the city,
or all), shown with counts on the round page; conflicts that follow the unit tree."""

from datetime import UTC, datetime

import pytest

from contest.extensions import db
from contest.models import Edition, Entry, Role, User
from judging.assignment.services import pool as services
from judging.assignment.services import roster
from judging.assignment.services.conflicts import conflict_map
from judging.grassroots.services.forward import forward_up
from judging.rounds.models import Round
from tests.conftest import page_text, post_form
from tests.judging_fixtures import add_judge, first_round_id


@pytest.fixture
def placed(app, make_user, make_entry, edition_id, unit_tree_ids):
    """Four entries: one held by its district, one forwarded to the city, one still
    with its commune, one sent straight to the city by a writer with no unit."""
    t = unit_tree_ids
    held = make_entry(unit_id=t.commune_a, title="Giữ ở quận")
    city = make_entry(unit_id=t.commune_b, title="Đã lên thành phố")
    stay = make_entry(unit_id=t.commune_c, title="Còn ở phường")
    direct = make_entry(title="Gửi thẳng thành phố")
    commune_a = make_user(Role.UNIT, unit_id=t.commune_a)
    commune_b = make_user(Role.UNIT, unit_id=t.commune_b)
    district = make_user(Role.UNIT, unit_id=t.district)
    with app.test_request_context():
        now = datetime.now(UTC)
        get = lambda i: db.session.get(Entry, i)  # noqa: E731
        forward_up([get(held.id)], db.session.get(User, commune_a.id), now)
        forward_up([get(city.id)], db.session.get(User, commune_b.id), now)
        forward_up([get(city.id)], db.session.get(User, district.id), now)
        db.session.commit()
    return {"held": held.id, "city": city.id, "stay": stay.id, "direct": direct.id}


def read_by_round(app, edition_id) -> set[int]:
    with app.test_request_context():
        round_ = db.session.get(Round, first_round_id(app, edition_id))
        return {e.id for e in roster.round_entries(round_)}


@pytest.fixture
def organizer(client, login_as):
    person = login_as(Role.ORGANIZER)
    client.get("/lang/en")
    return person


def test_by_default_the_first_round_reads_every_submitted_entry(
    app, client, organizer, edition_id, placed
):
    """As before the tree existed: the round page says so, with the counts."""
    assert read_by_round(app, edition_id) == set(placed.values())
    url = f"/organizer/editions/{edition_id}/judging/rounds/{first_round_id(app, edition_id)}"
    page = page_text(client.get(url))
    assert "This round reads: All submitted entries, forwarded or not." in page
    assert "Sent straight to the city: 1" in page
    assert "Forwarded to the city: 1" in page
    assert "Still with units: 2" in page
    assert "Read under this policy: 4" in page


def test_reading_only_what_reached_the_city(app, client, organizer, edition_id, placed):
    """Once the organizer chooses "forwarded", entries still with a commune or a
    district stay out of the city's first round; direct entries stay in."""
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}/grassroots",
        {"intake-city_reads": "forwarded", "intake-save_intake": "1"},
        follow_redirects=True,
    )
    assert "The intake policy has been saved." in page_text(response)
    assert read_by_round(app, edition_id) == {placed["city"], placed["direct"]}
    url = f"/organizer/editions/{edition_id}/judging/rounds/{first_round_id(app, edition_id)}"
    page = page_text(client.get(url))
    assert "Read under this policy: 2" in page
    assert "Entries in this round: 2." in page


def test_a_bad_policy_value_is_refused_and_changes_nothing(
    app, client, organizer, edition_id, placed
):
    response = post_form(
        client,
        f"/organizer/editions/{edition_id}/grassroots",
        {"intake-city_reads": "everything", "intake-save_intake": "1"},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in page_text(response)
    assert read_by_round(app, edition_id) == set(placed.values())


def conflicts(app, edition_id, judge_id):
    with app.test_request_context():
        edition = db.session.get(Edition, edition_id)
        profiles = services.judge_pool(edition)
        entries = db.session.scalars(db.select(Entry)).all()
        found = conflict_map(edition, profiles, entries)
        return {entry for (judge, entry), _why in found.items() if judge == judge_id}


def test_conflicts_follow_the_tree_where_the_edition_says_so(
    app, client, organizer, make_user, edition_id, unit_tree_ids, placed
):
    """A judge from Ba Đình district: by default only the district's own entries
    conflict; with the setting on, its communes' entries do too."""
    judge = add_judge(app, make_user, edition_id, unit_id=unit_tree_ids.district)
    assert conflicts(app, edition_id, judge.id) == set()
    post_form(
        client,
        f"/organizer/editions/{edition_id}/grassroots",
        {
            "intake-city_reads": "all",
            "intake-conflicts_follow_tree": "y",
            "intake-save_intake": "1",
        },
    )
    assert conflicts(app, edition_id, judge.id) == {placed["held"], placed["city"]}
