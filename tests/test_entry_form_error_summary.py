"""The entry form, refused, opens with a summary of what needs attention: on a phone
the field in error may be screens below the top of the page, where the browser lands
after saving. Each line links to its field (the error itself stays under the field);
the summary takes the focus. The writer's and the unit's forms share it."""

from __future__ import annotations

import re

from contest.extensions import db
from contest.models import Edition, Role
from tests.conftest import STORY, page_text, post_form


def require_locality(app, edition_id: int) -> None:
    with app.app_context():
        db.session.get(Edition, edition_id).featured_locality_required = True
        db.session.commit()


def entry_form(app, edition_id: int, **overrides) -> dict:
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        track_id, field_id = edition.tracks[0].id, edition.fields[0].id
    return {
        "key": "summary-form-1",
        "title": "Người gác chắn tàu",
        "track_id": str(track_id),
        "field_id": str(field_id),
        "genre": "Ký",
        "text": STORY,
        "authors-0-full_name": "Lê Thị Dư",
        "featured-0-name": "Tổ dân phố số 5",
        "review": "1",
        **overrides,
    }


def summary_of(page: str) -> str:
    found = re.search(
        r'<div class="alert alert-danger" id="error-summary"(.*?)</div>', page, re.S
    )
    assert found, "no error summary"
    return found.group(0)


def test_the_writer_reads_a_summary_linking_to_the_address_field(
    app, client, login_as, edition_id
):
    require_locality(app, edition_id)
    login_as(Role.WRITER)  # Vietnamese, the default
    assert 'id="error-summary"' not in page_text(client.get("/writer/entries/new"))
    response = post_form(client, "/writer/entries/new", entry_form(app, edition_id))
    assert response.status_code == 422
    page = page_text(response)
    summary = summary_of(page)
    assert 'role="alert"' in summary and "autofocus" in summary
    assert "Một số mục cần bạn kiểm tra lại." in summary
    link = re.search(r'<a href="#featured-0-locality">(.*?)</a>', summary, re.S)
    assert link and link.group(1) == (
        "Địa bàn (địa chỉ): Vui lòng ghi địa chỉ cụ thể: số nhà, đường phố hoặc thôn, "
        "phường hoặc xã."
    )
    assert 'id="featured-0-locality"' in page  # the link's target exists
    assert 'id="featured-0-locality-error"' in page  # and the error stays by it


def test_a_value_outside_the_lists_is_summed_up_too(app, client, login_as, edition_id):
    login_as(Role.WRITER)
    client.get("/lang/en")
    response = post_form(
        client,
        "/writer/entries/new",
        entry_form(app, edition_id, **{"featured-0-subject_kind": "village"}),
    )
    summary = summary_of(page_text(response))
    assert (
        '<a href="#featured-0-subject_kind">The story is about: Not a valid choice'
        in (summary)
    )


def test_the_units_paper_entry_form_has_it(
    app, client, login_as, make_unit, edition_id
):
    require_locality(app, edition_id)
    login_as(Role.UNIT, unit_id=make_unit())
    client.get("/lang/en")
    response = post_form(
        client,
        "/unit/entries/new",
        entry_form(app, edition_id, signed_form_confirmed="y"),
    )
    assert response.status_code == 422
    summary = summary_of(page_text(response))
    assert "Some fields need your attention." in summary
    assert (
        '<a href="#featured-0-locality">Locality (address): Please give the full address'
        in (summary)
    )
