"""Genres per edition: organizers list them, entry forms offer them, entries keep theirs."""

import re

from contest.defaults import DEFAULT_GENRES
from contest.extensions import db
from contest.models import Edition, Entry, Role
from contest.services.editions import clone_edition
from tests.conftest import login, page_text, post_form


def set_genres(app, client, edition_id, text: str):
    """The organizer saves the general page with this genres box."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        data = {"title": edition.title, "year": "2026", "code_prefix": "HN"}
    return post_form(
        client, f"/organizer/editions/{edition_id}", data | {"genres_text": text}
    )


def genre_options(html: str) -> list[str]:
    """The values offered by the genre select of an entry form."""
    select = re.search(r'<select[^>]*name="genre".*?</select>', html, re.S).group(0)
    return [v for v in re.findall(r'value="([^"]*)"', select) if v]


def test_new_edition_offers_the_usual_genres(app, edition_id):
    """An edition starts with the contest's usual genres."""
    with app.app_context():
        assert db.session.get(Edition, edition_id).genres == list(DEFAULT_GENRES)


def test_organizer_edits_genres_one_per_line_and_forms_offer_them(
    app, client, login_as, make_user, make_unit, edition_id
):
    """Blank lines, extra spaces and repeats are tidied; writer and unit forms offer
    exactly the new list, and a genre outside it is refused next to the field."""
    login_as(Role.ORGANIZER)
    html = page_text(client.get(f"/organizer/editions/{edition_id}"))
    assert "Phóng sự" in html and 'name="genres_text"' in html
    response = set_genres(app, client, edition_id, "Ký\r\n\r\n  Tùy   bút \nký\n")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Edition, edition_id).genres == ["Ký", "Tùy bút"]
    writer = app.test_client()
    login(writer, make_user(Role.WRITER).email)
    assert genre_options(page_text(writer.get("/writer/entries/new"))) == [
        "Ký",
        "Tùy bút",
    ]
    refused = post_form(
        writer,
        "/writer/entries/new",
        {"key": "k1", "title": "Bài", "track_id": "0", "genre": "Phóng sự"},
    )
    assert refused.status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Entry.id))) == 0
    unit = app.test_client()
    login(unit, make_user(Role.UNIT, unit_id=make_unit()).email)
    assert genre_options(page_text(unit.get("/unit/entries/new"))) == ["Ký", "Tùy bút"]


def test_empty_genre_box_means_the_usual_genres(app, client, login_as, edition_id):
    """Clearing the box does not leave writers without a choice."""
    login_as(Role.ORGANIZER)
    set_genres(app, client, edition_id, "Ký")
    assert set_genres(app, client, edition_id, "  \n").status_code == 302
    with app.app_context():
        assert db.session.get(Edition, edition_id).genres == list(DEFAULT_GENRES)


def test_an_entry_keeps_a_genre_removed_from_the_list(
    app, client, login_as, make_entry, edition_id
):
    """The writer's entry stays "Ký" after "Ký" leaves the list: its form shows it,
    marked, and saving the form keeps it."""
    entry = make_entry(submit=False)
    login_as(Role.ORGANIZER)
    set_genres(app, client, edition_id, "Tùy bút\nPhóng sự")
    writer = app.test_client()
    login(writer, entry.owner.email)
    html = page_text(writer.get(f"/writer/entries/{entry.id}/edit"))
    assert genre_options(html)[-1] == "Ký"
    assert re.search(r'<option selected value="Ký">Ký \(', html)
    with app.app_context():
        row = db.session.get(Entry, entry.id)
        data = {
            "key": row.idempotency_key,
            "title": row.title,
            "track_id": str(row.track_id),
            "field_id": str(row.field_id),
            "genre": "Ký",
            "text": row.draft_text,
            "authors-0-full_name": row.authors[0].full_name,
            "featured-0-name": row.featured[0].name,
        }
    assert (
        post_form(writer, f"/writer/entries/{entry.id}/edit", data).status_code == 302
    )
    with app.app_context():
        assert db.session.get(Entry, entry.id).genre == "Ký"


def test_cloned_edition_keeps_the_genres(app, edition_id):
    """Next year's copy starts with this year's genre list."""
    with app.app_context():
        source = db.session.get(Edition, edition_id)
        source.genres_text = "Ký\nTản văn"
        clone = clone_edition(None, source, year=2027, title="Năm sau")
        db.session.commit()
        assert clone.genres == ["Ký", "Tản văn"]
