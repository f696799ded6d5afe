"""The edges of a unit's own round: it reads only what the unit holds (never an
entry its writer sent straight to the city), its focal point never judges its own
blind round, inviting a judge by email tells nothing about other units' accounts,
a submitted sheet can be unlocked by the unit with a reason, the identity check looks
only at the round's entries, and the shortlist form refuses two choices at once."""

from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry
from judging.assignment.models import Assignment
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
