"""A writer who belongs to a unit sends an entry to the unit or straight to the city,
as the edition allows: a direct entry is at the city (the first round reads it under
"forwarded only"), keeps its unit for the statistics, and its unit sees it marked as
sent directly, without forwarding or returning it."""

import re
from datetime import UTC, datetime

import pytest

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, Role, User
from judging.grassroots.services import intake_counts
from judging.grassroots.services.forward import forward_up
from judging.rounds.models import Round
from tests.conftest import STORY, client_as, page_text, post_form
from tests.judging_fixtures import first_round_id


def send_to(app, edition_id, rule):
    with app.app_context():
        db.session.get(Edition, edition_id).writers_send_to = rule
        db.session.commit()


def write_entry(app, client, edition_id, key="direct-1") -> int:
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        track_id, field_id = edition.tracks[0].id, edition.fields[0].id
    response = post_form(
        client,
        "/writer/entries/new",
        {
            "key": key,
            "title": "Người gác cầu",
            "track_id": str(track_id),
            "field_id": str(field_id),
            "genre": "Ký",
            "text": STORY,
            "authors-0-full_name": "Lê Thị Dư",
            "featured-0-name": "Ông Nguyễn Văn Cầu",
            "review": "1",
        },
    )
    assert response.status_code == 302, page_text(response)
    return int(
        re.search(r"/entries/(\d+)/review", response.headers["Location"]).group(1)
    )


@pytest.fixture
def writer(app, make_user, unit_tree_ids):
    """A writer of Phường Đội Cấn (under Quận Ba Đình)."""
    person = make_user(Role.WRITER, unit_id=unit_tree_ids.commune_b)
    return client_as(app, person)


def test_the_writer_chooses_the_city_and_the_round_reads_it(
    app, writer, make_user, edition_id, unit_tree_ids
):
    send_to(app, edition_id, "choice")
    entry_id = write_entry(app, writer, edition_id)
    page = page_text(writer.get(f"/writer/entries/{entry_id}/review"))
    assert 'name="send_to" type="radio" value="unit"' in page
    assert 'name="send_to" type="radio" value="city"' in page
    assert "Straight to the city's organizing committee" in page
    response = post_form(
        writer,
        f"/writer/entries/{entry_id}/review",
        {"declaration": "y", "send_to": "city"},
    )
    assert response.headers["Location"].endswith("/receipt")
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.direct_to_city and entry.status == EntryStatus.SUBMITTED
        assert entry.unit_id == unit_tree_ids.commune_b  # kept for the statistics
        assert entry.holder_unit_id is None
        counts = intake_counts(edition_id)
        assert (counts.direct, counts.with_units) == (1, 0)
    # The first round reads what reached the city: the direct entry is in.
    boss = client_as(app, make_user(Role.ORGANIZER))
    post_form(
        boss,
        f"/organizer/editions/{edition_id}/grassroots",
        {"intake-city_reads": "forwarded", "intake-save_intake": "1"},
    )
    from judging.assignment.services import roster

    with app.test_request_context():
        round_ = db.session.get(Round, first_round_id(app, edition_id))
        assert {e.id for e in roster.round_entries(round_)} == {entry_id}


def test_the_unit_sees_it_marked_and_cannot_forward_or_return_it(
    app, writer, make_user, make_entry, edition_id, unit_tree_ids
):
    other = make_entry(unit_id=unit_tree_ids.commune_b, title="Bài ở phường").id
    send_to(app, edition_id, "city")
    entry_id = write_entry(app, writer, edition_id)
    page = page_text(writer.get(f"/writer/entries/{entry_id}/review"))
    assert "Your entry goes to: Straight to the city" in page
    post_form(writer, f"/writer/entries/{entry_id}/review", {"declaration": "y"})
    focal_user = make_user(Role.UNIT, unit_id=unit_tree_ids.commune_b)
    focal = client_as(app, focal_user)
    page = page_text(focal.get("/unit/"))
    assert "Sent by the writer straight to the city" in page
    assert f'name="entry_ids" value="{entry_id}"' not in page  # no tick box
    assert f'name="entry_ids" value="{other}"' in page
    page = page_text(focal.get(f"/unit/entries/{entry_id}"))
    assert 'id="sent-direct"' in page and 'id="return-entry"' not in page
    refused = post_form(
        focal, f"/unit/entries/{entry_id}/return", {"reason": "Thiếu ảnh"}
    )
    assert refused.status_code == 302
    with app.test_request_context():
        user = db.session.get(User, focal_user.id)
        moved, _ = forward_up(
            [db.session.get(Entry, entry_id), db.session.get(Entry, other)],
            user,
            datetime.now(UTC),
        )
        db.session.commit()
        assert moved == 1  # only the unit's own entry moved up
        entry = db.session.get(Entry, entry_id)
        assert entry.status == EntryStatus.SUBMITTED and entry.holder_unit_id is None


def test_a_choice_the_edition_does_not_allow_is_not_taken(
    app, writer, edition_id, unit_tree_ids
):
    """Under "to the unit only" a forged send_to=city still goes to the unit."""
    entry_id = write_entry(app, writer, edition_id)
    page = page_text(writer.get(f"/writer/entries/{entry_id}/review"))
    assert 'type="radio"' not in page
    post_form(
        writer,
        f"/writer/entries/{entry_id}/review",
        {"declaration": "y", "send_to": "city"},
    )
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.number and not entry.direct_to_city
        assert intake_counts(edition_id).with_units == 1


def test_the_rule_is_set_on_the_editions_page(app, make_user, edition_id):
    boss = client_as(app, make_user(Role.ORGANIZER))
    page = page_text(boss.get(f"/organizer/editions/{edition_id}"))
    assert 'name="writers_send_to"' in page
    form = {
        "title": "Cuộc thi",
        "year": "2026",
        "code_prefix": "HN",
        "genres_text": "Ký",
    }
    bad = post_form(
        boss, f"/organizer/editions/{edition_id}", {**form, "writers_send_to": "moon"}
    )
    assert bad.status_code == 200 and "Not a valid choice" in page_text(bad)
    ok = post_form(
        boss, f"/organizer/editions/{edition_id}", {**form, "writers_send_to": "choice"}
    )
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.get(Edition, edition_id).writers_send_to == "choice"
