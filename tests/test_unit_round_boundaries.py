"""The edges of a unit's own round: it reads only what the unit holds (never an
entry its writer sent straight to the city), its focal point never judges its own
blind round, inviting a judge by email tells nothing about other units' accounts,
a submitted sheet can be unlocked by the unit with a reason, the identity check looks
only at the round's entries, and the shortlist form refuses two choices at once."""

from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, Role, User
from judging.assignment.models import Assignment, UnitJudge
from judging.grassroots.models import UnitShortlist
from judging.scoring.models import Score, ScoreStatus
from tests.conftest import client_as, page_text, post_form
from tests.judging_fixtures import shown
from tests.unit_round_fixtures import (
    add_judges,
    assign_and_open,
    create_round,
    full_marks,
    judge_client,
    round_codes,
)


def test_an_entry_sent_straight_to_the_city_is_not_read_by_the_unit(app, unit_world):
    """The writer of one of Ba Đình's entries sent it past the unit: the unit's round
    neither counts it nor gives it to the unit's judges."""
    w = unit_world
    with app.app_context():
        db.session.get(Entry, w.held[0]).direct_to_city = True
        db.session.commit()
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    page = shown(focal.get(f"/unit/rounds/{round_id}"))
    assert "Entries the round reads (those your unit holds): 2." in page
    add_judges(focal, round_id, w.district_person)
    assign_and_open(focal, round_id)
    assert sorted(round_codes(app, round_id)) == sorted(w.held[1:])


def _sheet(app, round_id: int) -> tuple[int, str]:
    """(id, status) of the round's one score sheet."""
    with app.app_context():
        score = db.session.scalar(
            select(Score).join(Assignment).where(Assignment.round_id == round_id)
        )
        return score.id, str(score.status)


def test_the_focal_point_reopens_a_submitted_sheet_with_a_reason(app, unit_world):
    """A judge submits a sheet by mistake: the focal point reopens it on the round's
    page (a reason is required, shown beside the field); another unit cannot."""
    w = unit_world
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    add_judges(focal, round_id, w.district_person)
    assign_and_open(focal, round_id)
    code = round_codes(app, round_id)[w.held[0]]
    judge = judge_client(app, w.district_person)
    data = full_marks(app, round_id) | {"version": "0", "action": "submit"}
    assert post_form(judge, f"/judge/entries/{code}/score", data).status_code == 302
    score_id, status = _sheet(app, round_id)
    assert status == ScoreStatus.SUBMITTED
    page = shown(focal.get(f"/unit/rounds/{round_id}"))
    assert f"Lê Văn Quận: {code}" in page
    url = f"/unit/rounds/{round_id}/sheets/unlock"
    other = client_as(app, w.other_focal)
    form = {"score_id": str(score_id), "reason": "Chấm nhầm tiêu chí"}
    assert post_form(other, url, form).status_code == 404
    response = post_form(focal, url, {"score_id": str(score_id), "reason": " "})
    assert response.status_code == 422 and 'id="reason-error"' in page_text(response)
    assert _sheet(app, round_id)[1] == ScoreStatus.SUBMITTED
    response = post_form(focal, url, form, follow_redirects=True)
    assert "The score sheet was reopened for its judge." in shown(response)
    assert _sheet(app, round_id)[1] == ScoreStatus.DRAFT
    # Nothing left to reopen: the form is gone from the page.
    assert "Reopen a submitted score sheet" not in shown(
        focal.get(f"/unit/rounds/{round_id}")
    )


def test_the_identity_check_of_a_unit_round_reads_only_its_entries(
    app, unit_world, monkeypatch
):
    """Opening the unit round's page checks the texts of the entries the unit holds,
    not every entry of the edition."""
    from judging.identity import services as identity

    w = unit_world
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    scanned: list[int] = []
    real_scan = identity.scan_entry

    def recording_scan(entry):
        scanned.append(entry.id)
        return real_scan(entry)

    monkeypatch.setattr(identity, "scan_entry", recording_scan)
    assert focal.get(f"/unit/rounds/{round_id}").status_code == 200
    assert scanned and set(scanned) == set(w.held)


def _judges(app, round_id: int) -> list[int]:
    with app.app_context():
        return db.session.scalars(
            select(UnitJudge.user_id).where(UnitJudge.round_id == round_id)
        ).all()


def test_a_focal_point_never_judges_its_own_round(app, unit_world, make_user):
    """Neither the focal point nor another focal point of the unit is offered as a
    judge, and adding one (by choice or by email) is refused with the reason."""
    w = unit_world
    colleague = make_user(Role.UNIT, unit_id=w.district, full_name="Đầu Mối Hai")
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    page = shown(focal.get(f"/unit/rounds/{round_id}"))
    assert "Lê Văn Quận" in page  # an ordinary account of the unit is offered
    assert f'value="{w.focal.id}"' not in page
    assert f'value="{colleague.id}"' not in page
    url = f"/unit/rounds/{round_id}/judges"
    for person in (w.focal, colleague):
        response = post_form(focal, url, {"user_id": str(person.id)})
        assert response.status_code == 422
    response = post_form(
        focal,
        f"{url}/new",
        {"full_name": "Đầu Mối Hai", "email": colleague.email},
        follow_redirects=True,
    )
    assert "A focal point of the unit cannot judge its own round" in shown(response)
    assert _judges(app, round_id) == []


def _invite(client, round_id: int, email: str) -> str:
    response = post_form(
        client,
        f"/unit/rounds/{round_id}/judges/new",
        {"full_name": "Giám Khảo", "email": email},
        follow_redirects=True,
    )
    assert response.status_code == 200
    return shown(response)


def _flash(page: str, email: str) -> str:
    """The message about ``email``, with the address itself taken out."""
    start = page.index(f"{email}: ")
    return page[start + len(email) : page.index(".", start + len(email)) + 1]


def test_inviting_by_email_never_tells_whether_an_address_has_an_account(
    app, unit_world, make_user
):
    """A new address and the address of another unit's account get the same answer;
    only the new one becomes a judge (the list of judges shows it)."""
    w = unit_world
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    outsider = make_user(unit_id=w.other_district, email="ngoai.don.vi@example.vn")
    taken = _invite(focal, round_id, outsider.email)
    new = _invite(focal, round_id, "moi.hoan.toan@example.vn")
    assert _flash(taken, outsider.email) == _flash(new, "moi.hoan.toan@example.vn")
    assert "belongs to another unit" not in taken
    with app.app_context():
        invited = db.session.scalar(
            select(User.id).where(User.email == "moi.hoan.toan@example.vn")
        )
    assert _judges(app, round_id) == [invited]


def test_inviting_by_email_is_rate_limited(app, unit_world):
    """A focal point cannot try addresses without end."""
    w = unit_world
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    url = f"/unit/rounds/{round_id}/judges/new"
    for _ in range(20):
        assert post_form(focal, url, {"full_name": "", "email": ""}).status_code == 422
    assert post_form(focal, url, {"full_name": "", "email": ""}).status_code == 429


def _closed_round(app, w) -> int:
    """Ba Đình's round, every held entry scored by one judge, then closed."""
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    add_judges(focal, round_id, w.district_person)
    assign_and_open(focal, round_id)
    judge = judge_client(app, w.district_person)
    shares = dict(zip(w.held, (1.0, 0.5, 0.8), strict=True))  # held[0] ranks first
    for entry_id, code in round_codes(app, round_id).items():
        data = full_marks(app, round_id, shares[entry_id])
        data |= {"version": "0", "action": "submit"}
        assert post_form(judge, f"/judge/entries/{code}/score", data).status_code == 302
    closed = post_form(focal, f"/unit/rounds/{round_id}/state", {"state": "close"})
    assert closed.status_code == 302
    return round_id


def _shortlist(app, round_id: int) -> set[int]:
    with app.app_context():
        return set(
            db.session.scalars(
                select(UnitShortlist.entry_id).where(UnitShortlist.round_id == round_id)
            )
        )


def test_the_shortlist_form_refuses_ticks_and_a_number_at_once(app, unit_world):
    """Ticked entries and "the best N" together are refused beside the number field,
    nothing saved; the saved ticks left as they are do not stand in the way of N."""
    w = unit_world
    round_id = _closed_round(app, w)
    focal = client_as(app, w.focal)
    url = f"/unit/rounds/{round_id}/results"
    response = post_form(focal, url, {"entry_ids": [str(w.held[1])], "top": "2"})
    assert response.status_code == 422
    page = page_text(response)
    assert 'id="top-error"' in page
    assert "Either tick entries or give a number of best entries, not both." in page
    assert _shortlist(app, round_id) == set()
    assert post_form(focal, url, {"entry_ids": [str(w.held[1])]}).status_code == 302
    assert _shortlist(app, round_id) == {w.held[1]}
    # The page ticks the saved shortlist: sending it back with a number takes the best.
    response = post_form(focal, url, {"entry_ids": [str(w.held[1])], "top": "1"})
    assert response.status_code == 302
    assert _shortlist(app, round_id) == {w.held[0]}
