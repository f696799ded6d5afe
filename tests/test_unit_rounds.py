"""A unit reads its own entries blind before forwarding: its focal point creates a
round, chooses judges among the unit's people, gives out the entries, opens and
closes the round; the judges read and score on the judges' usual pages; the focal
point shortlists from the ranking and forwards the shortlist; organizers see that
history on the entry page, judges above never do, and the city's rounds, stages and
pages are as if the unit round did not exist."""

from __future__ import annotations

import re

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, EntryStatus, Role, User
from judging.assignment.models import UnitJudge
from judging.grassroots.models import ForwardBatch, UnitShortlist
from judging.reading.services import notes
from judging.rounds import services as rubrics
from judging.rounds.models import Round
from judging.stages.services import edition_facts, edition_stage
from tests.conftest import STORY, client_as, page_text, post_form
from tests.judging_fixtures import add_judge, first_round_id, shown
from tests.unit_round_fixtures import (
    add_judges,
    assign_and_open,
    create_round,
    entry_status,
    full_marks,
    judge_client,
    round_codes,
)


def test_a_unit_selects_then_forwards_its_shortlist(app, unit_world, make_user, outbox):
    """The whole journey, through the pages of the focal point, the judges and the
    organizers."""
    w = unit_world
    focal = client_as(app, w.focal)
    round_id = create_round(focal)
    html = page_text(focal.get(f"/unit/rounds/{round_id}"))
    assert html.count('id="csrf_token"') == 1  # two judge forms, no duplicate id
    page = shown(focal.get(f"/unit/rounds/{round_id}"))
    # It reads what Ba Đình holds: not its commune's entry, not another district's.
    assert "Entries the round reads (those your unit holds): 3." in page
    # Judges: an account of the district and one of a commune below it, and a new
    # account invited by email.
    add_judges(focal, round_id, w.district_person, w.commune_person)
    response = post_form(
        focal,
        f"/unit/rounds/{round_id}/judges/new",
        {"full_name": "Hoàng Văn Mới", "email": "moi.giamkhao@example.vn"},
    )
    assert response.status_code == 302
    with app.app_context():
        invited = db.session.scalar(
            select(User).where(User.email == "moi.giamkhao@example.vn")
        )
        assert invited.unit_id == w.district and invited.has_role(Role.JUDGE)
        judges = db.session.scalars(
            select(UnitJudge.user_id).where(UnitJudge.round_id == round_id)
        ).all()
        assert sorted(judges) == sorted(
            [w.district_person.id, w.commune_person.id, invited.id]
        )
        # Only this round's judges: the city's pool is unchanged.
        assert db.session.get(Edition, w.edition_id).staff == []
    assert any(m["To"] == "moi.giamkhao@example.vn" for m in outbox)
    # The invited judge has no readings yet and can be taken off again.
    response = post_form(
        focal, f"/unit/rounds/{round_id}/judges/remove", {"user_id": str(invited.id)}
    )
    assert response.status_code == 302

    assign_and_open(focal, round_id)
    codes = round_codes(app, round_id)
    assert sorted(codes) == sorted(w.held)
    assert all(code.startswith("CS-") for code in codes.values())
    # The entries stay with the unit (submitted) while it reads them.
    assert {entry_status(app, i)[0] for i in w.held} == {EntryStatus.SUBMITTED}

    # Each judge reads and scores through the judges' usual pages.
    shares = {w.held[0]: 1.0, w.held[1]: 0.5, w.held[2]: 0.8}
    for person in (w.district_person, w.commune_person):
        judge = judge_client(app, person)
        queue = shown(judge.get("/judge/"))
        for entry_id, code in codes.items():
            assert code in queue
            assert judge.get(f"/judge/entries/{code}").status_code == 200
            data = full_marks(app, round_id, shares[entry_id])
            response = post_form(
                judge,
                f"/judge/entries/{code}/score",
                data | {"version": "0", "action": "submit"},
            )
            assert response.status_code == 302
            assert "submitted" in shown(judge.get(response.headers["Location"]))

    # The focal point follows each judge's readings: given, opened, submitted.
    page = page_text(focal.get(f"/unit/rounds/{round_id}"))
    for name in ("Lê Văn Quận", "Phạm Thị Phường"):
        row = re.search(
            rf"{name}</td>\s*<td>[^<]*</td>((?:\s*<td>\d+</td>){{3}})", page
        )
        assert re.findall(r"\d+", row.group(1)) == ["3", "3", "3"], name
    # No ranking while the round is open (nor a shortlist); closing shows it.
    assert "Close the round first" in shown(
        focal.get(f"/unit/rounds/{round_id}/results")
    )
    refused = post_form(focal, f"/unit/rounds/{round_id}/results", {"top": "2"})
    assert refused.status_code == 409
    response = post_form(focal, f"/unit/rounds/{round_id}/state", {"state": "close"})
    assert response.headers["Location"].endswith(f"/unit/rounds/{round_id}/results")
    page = page_text(focal.get(f"/unit/rounds/{round_id}/results"))
    order = [page.index(f'value="{i}"') for i in (w.held[0], w.held[2], w.held[1])]
    assert order == sorted(order), "best score first"
    # The focal point shortlists the best two.
    response = post_form(focal, f"/unit/rounds/{round_id}/results", {"top": "2"})
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(
            select(UnitShortlist).where(UnitShortlist.round_id == round_id)
        ).all()
        assert {(r.entry_id, r.rank) for r in rows} == {(w.held[0], 1), (w.held[2], 2)}
    # The unit's list ticks the shortlist for the forward form.
    dashboard = page_text(focal.get("/unit/"))
    for entry_id in (w.held[0], w.held[2]):
        assert f'value="{entry_id}" id="pick-{entry_id}" checked' in dashboard
    assert f'value="{w.held[1]}" id="pick-{w.held[1]}" checked' not in dashboard
    # Forwarding the shortlist from the results page sends those two up, one batch.
    results = page_text(focal.get(f"/unit/rounds/{round_id}/results"))
    assert 'id="forward-shortlist"' in results
    assert results.count('id="csrf_token"') == 1  # two forms, no duplicate id
    response = post_form(
        focal,
        "/unit/forward",
        {"entry_ids": [str(w.held[0]), str(w.held[2])], "forward": "1"},
    )
    assert response.status_code == 302
    assert entry_status(app, w.held[0])[0] == EntryStatus.FORWARDED
    assert entry_status(app, w.held[2])[0] == EntryStatus.FORWARDED
    assert entry_status(app, w.held[1]) == (EntryStatus.SUBMITTED, None)
    with app.app_context():
        batch = db.session.scalar(select(ForwardBatch))
        assert batch.from_unit_id == w.district and len(batch.steps) == 2
    # The head signs the batch's cover letter (the existing page).
    response = post_form(
        focal,
        f"/unit/batches/{batch.id}",
        {"head_name": "Nguyễn Văn Trưởng", "head_title": "Chủ tịch UBND quận"},
    )
    assert response.status_code == 302

    # Organizers see the lower-level history on the entry page.
    staff = client_as(app, make_user(Role.ORGANIZER))
    page = shown(staff.get(f"/organizer/entries/{w.held[0]}"))
    assert "Vòng chấm quận" in page
    assert "shortlisted by the unit" in page
    assert "rank 1 of 3" in page


def _open_unit_round(app, w) -> tuple[int, dict[int, str]]:
    """Ba Đình's round, read by its two people, assigned and open: (id, codes)."""
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    add_judges(focal, round_id, w.district_person, w.commune_person)
    assign_and_open(focal, round_id)
    return round_id, round_codes(app, round_id)


def test_the_city_never_sees_a_unit_round(app, unit_world, make_user):
    """The edition's rounds, its stage, the city's judges, the organizers' round
    pages and the final round's "previous round" know only the city's rounds."""
    w = unit_world
    city_judge = add_judge(
        app, make_user, w.edition_id, full_name="Giám Khảo Thành Phố"
    )
    with app.app_context():
        stage_before = edition_stage(
            edition_facts(db.session.get(Edition, w.edition_id))
        )
    round_id, codes = _open_unit_round(app, w)
    with app.app_context():
        edition = db.session.get(Edition, w.edition_id)
        assert round_id not in [r.id for r in edition.rounds]
        assert len(edition.rounds) == 2  # sơ khảo and chung khảo, as created
        # An open unit round does not move the edition into its judging stage.
        assert edition_stage(edition_facts(edition)) == stage_before
        unit_round = db.session.get(Round, round_id)
        final = edition.rounds[1]
        final.show_previous_scores = True
        assert rubrics.previous_round(final).id == edition.rounds[0].id
        assert notes.previous_round(final).unit_id is None
        assert rubrics.previous_round(unit_round) is None
        assert rubrics.next_round(unit_round) is None
        db.session.rollback()
    # A city judge's queue has nothing of the unit round; its codes answer 404.
    judge = judge_client(app, city_judge)
    queue = shown(judge.get("/judge/"))
    for code in codes.values():
        assert code not in queue
        assert judge.get(f"/judge/entries/{code}").status_code == 404
        assert judge.get(f"/judge/entries/{code}/score").status_code == 404
    # The organizers' round pages are the city's: a unit round id is not one.
    staff = client_as(app, make_user(Role.ORGANIZER))
    base = f"/organizer/editions/{w.edition_id}"
    for url in (
        f"{base}/judging/rounds/{round_id}",
        f"{base}/rounds/{round_id}/results",
        f"{base}/rounds/{round_id}/rubric",
    ):
        assert staff.get(url).status_code == 404, url
    assert (
        staff.get(
            f"{base}/judging/rounds/{first_round_id(app, w.edition_id)}"
        ).status_code
        == 200
    )
    # The city's first round still reads every entry, as its intake policy says.
    page = shown(staff.get(f"{base}/judging"))
    assert "Vòng chấm quận" not in page


def test_only_the_units_own_people_reach_its_round(app, unit_world, make_user):
    """Another unit's focal point, a city judge, a unit judge of another unit's round
    and a writer are all refused, and nothing they send is written."""
    w = unit_world
    round_id, codes = _open_unit_round(app, w)
    base = f"/unit/rounds/{round_id}"
    # Cầu Giấy's focal point: every page and action of Ba Đình's round is a 404.
    other = client_as(app, w.other_focal)
    for url in (base, f"{base}/results", f"{base}/rubric"):
        assert other.get(url).status_code == 404, url
    for url, data in (
        (f"{base}/judges", {"user_id": str(w.other_focal.id)}),
        (f"{base}/judges/new", {"full_name": "X", "email": "x@example.vn"}),
        (f"{base}/judges/remove", {"user_id": str(w.district_person.id)}),
        (f"{base}/assign", {}),
        (f"{base}/state", {"state": "close"}),
        (f"{base}/rubric/source", {"source": "own"}),
        (f"{base}/results", {"top": "1"}),
    ):
        assert post_form(other, url, data).status_code == 404, url
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert round_.is_open and not round_.criteria
        assert db.session.scalar(select(UnitShortlist)) is None
        assert (
            db.session.scalar(select(User).where(User.email == "x@example.vn")) is None
        )
    # Cầu Giấy's own round and judge: that judge never reaches Ba Đình's codes.
    other_judge = make_user(unit_id=w.other_district, full_name="Giám Khảo Cầu Giấy")
    other_round = create_round(other, name="Vòng Cầu Giấy", readers="1")
    add_judges(other, other_round, other_judge)
    assign_and_open(other, other_round)
    judge = judge_client(app, other_judge)
    queue = shown(judge.get("/judge/"))
    assert round_codes(app, other_round)[w.other_entry] in queue
    for code in codes.values():
        assert code not in queue
        assert judge.get(f"/judge/entries/{code}").status_code == 404
    assert judge.get(base).status_code == 403  # not a focal point
    # A city judge and a writer: no unit pages, no unit codes.
    city_judge = judge_client(app, add_judge(app, make_user, w.edition_id))
    writer = client_as(app, make_user(Role.WRITER, unit_id=w.district))
    for client in (city_judge, writer):
        assert client.get(base).status_code == 403
        assert client.get("/unit/rounds").status_code == 403
        for code in codes.values():
            assert client.get(f"/judge/entries/{code}").status_code in (403, 404)
    # A Ba Đình judge sees only this round (not Cầu Giấy's).
    own_judge = judge_client(app, w.district_person)
    queue = shown(own_judge.get("/judge/"))
    assert round_codes(app, other_round)[w.other_entry] not in queue


def test_a_unit_round_takes_only_the_units_people(app, unit_world, make_user):
    """Accounts outside the unit's subtree are refused as judges (by choice or by
    email); a judge with readings stays; conflicts still apply (an author never
    reads their own entry)."""
    w = unit_world
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    outsider = make_user(unit_id=w.other_district, email="ngoai@example.vn")
    response = post_form(
        focal, f"/unit/rounds/{round_id}/judges", {"user_id": str(outsider.id)}
    )
    assert response.status_code == 422  # not among the unit's accounts offered
    assert "Please choose an account of your unit." in shown(response)
    response = post_form(
        focal,
        f"/unit/rounds/{round_id}/judges/new",
        {"full_name": "Người Ngoài", "email": "ngoai@example.vn"},
        follow_redirects=True,
    )
    assert "an address of an account outside your unit is not added" in shown(response)
    response = post_form(
        focal,
        f"/unit/rounds/{round_id}/judges/new",
        {"full_name": "", "email": "not-an-email"},
    )
    # Refused with the errors beside the fields, nothing saved.
    assert response.status_code == 422
    page = page_text(response)
    assert 'id="email-error"' in page and 'id="full_name-error"' in page
    with app.app_context():
        assert (
            db.session.scalars(
                select(UnitJudge).where(UnitJudge.round_id == round_id)
            ).all()
            == []
        )
        author_id = _owner(w.held[0])
    # The author of an entry the unit holds judges the round: never their own entry.
    author = _person(app, author_id)
    add_judges(focal, round_id, author, w.district_person)
    assign_and_open(focal, round_id)
    with app.app_context():
        from judging.assignment.models import Assignment

        pairs = {
            (a.judge_id, a.entry_id)
            for a in db.session.scalars(
                select(Assignment).where(Assignment.round_id == round_id)
            )
        }
    assert (author_id, w.held[0]) not in pairs
    assert (w.district_person.id, w.held[0]) in pairs
    response = post_form(
        focal,
        f"/unit/rounds/{round_id}/judges/remove",
        {"user_id": str(w.district_person.id)},
        follow_redirects=True,
    )
    assert "stays on the round's record" in shown(response)


def test_entries_are_not_given_out_before_the_round_has_a_judge(app, unit_world):
    """ "Give the entries to the judges" on a round without a judge says to add one
    first; the round is not opened and no entry gets a code."""
    focal = client_as(app, unit_world.focal)
    round_id = create_round(focal)
    response = post_form(focal, f"/unit/rounds/{round_id}/assign")
    assert response.status_code == 302
    page = shown(focal.get(response.headers["Location"]))
    assert "Add at least one judge first" in page
    assert "new readings" not in page
    with app.app_context():
        assert db.session.get(Round, round_id).opened_at is None
    assert round_codes(app, round_id) == {}


def _owner(entry_id: int) -> int:
    from contest.models import Entry

    return db.session.get(Entry, entry_id).owner_id


def _person(app, user_id: int):
    from tests.conftest import PASSWORD, Person

    with app.app_context():
        return Person(user_id, db.session.get(User, user_id).email, PASSWORD)


def test_a_unit_round_scores_on_the_units_own_criteria(app, unit_world):
    """The focal point may give its round criteria of its own; its judges score on
    those, and the city's rubric is unchanged."""
    w = unit_world
    focal = client_as(app, w.focal)
    response = post_form(
        focal, "/unit/rounds", {"name": "Vòng riêng", "own_rubric": "y"}
    )
    round_id = int(response.headers["Location"].split("/")[-2])
    data = {
        "criteria-0-name": "Cảm xúc",
        "criteria-0-max_points": "10",
        "criteria-0-weight": "1",
        "criteria-0-step": "1",
        "submit": "1",
    }
    response = post_form(focal, f"/unit/rounds/{round_id}/rubric", data)
    assert response.status_code == 302
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert [c.name for c in round_.criteria] == ["Cảm xúc"]
        assert len(db.session.get(Edition, w.edition_id).criteria) > 1
    add_judges(focal, round_id, w.district_person)
    assign_and_open(focal, round_id)
    judge = judge_client(app, w.district_person)
    code = round_codes(app, round_id)[w.held[0]]
    assert "Cảm xúc" in shown(judge.get(f"/judge/entries/{code}/score"))


def test_the_city_rubric_read_by_a_unit_round_freezes_once_scored(
    app, unit_world, make_user
):
    """A unit round reading the city's rubric freezes it like a city round does:
    once a unit judge saved a sheet, organizers can no longer change the rubric
    (the judge's sheet would otherwise point at criteria that are gone)."""
    w = unit_world
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    add_judges(focal, round_id, w.district_person)
    assign_and_open(focal, round_id)
    judge = judge_client(app, w.district_person)
    code = next(iter(round_codes(app, round_id).values()))
    response = post_form(
        judge,
        f"/judge/entries/{code}/score",
        full_marks(app, round_id) | {"version": "0", "action": "submit"},
    )
    assert response.status_code == 302
    organizer = client_as(app, make_user(Role.ORGANIZER))
    organizer.get("/lang/en")
    page = post_form(
        organizer,
        f"/organizer/editions/{w.edition_id}/rubric",
        {
            "criteria-0-name": "Khác",
            "criteria-0-max_points": "10",
            "criteria-0-step": "1",
            "submit": "1",
        },
    )
    assert "can no longer change" in shown(page)
    with app.app_context():
        assert len(db.session.get(Edition, w.edition_id).criteria) > 1


def test_returned_entries_are_not_read(app, unit_world):
    """An entry the unit returned to its writer is left out of its round; one
    returned while the round is open leaves the judge's list at once."""
    w = unit_world
    focal = client_as(app, w.focal)
    response = post_form(
        focal, f"/unit/entries/{w.held[2]}/return", {"reason": "Thiếu ảnh"}
    )
    assert response.status_code == 302
    round_id = create_round(focal, readers="1")
    page = shown(focal.get(f"/unit/rounds/{round_id}"))
    assert "Entries the round reads (those your unit holds): 2." in page
    add_judges(focal, round_id, w.district_person)
    assign_and_open(focal, round_id)
    codes = round_codes(app, round_id)
    assert sorted(codes) == sorted(w.held[:2])
    judge = judge_client(app, w.district_person)
    code = codes[w.held[1]]
    assert judge.get(f"/judge/entries/{code}").status_code == 200
    post_form(focal, f"/unit/entries/{w.held[1]}/return", {"reason": "Sai thể loại"})
    assert judge.get(f"/judge/entries/{code}").status_code == 404
    assert code not in shown(judge.get("/judge/"))


def test_identity_findings_hold_a_unit_round_back(
    app, unit_world, make_user, make_entry
):
    """An entry whose text names its author is not given to the unit's judges until
    the organizers hide it (the focal point is told so); nothing is assigned."""
    w = unit_world
    owner = make_user(unit_id=w.district, full_name="Đỗ Thị Lộ Danh")
    make_entry(
        owner=owner,
        title="Bài lộ tên",
        text=f"{STORY}\n\nTác giả: Đỗ Thị Lộ Danh, điện thoại 0912 345 678",
        edition_id=w.edition_id,
    )
    focal = client_as(app, w.focal)
    round_id = create_round(focal, readers="1")
    add_judges(focal, round_id, w.district_person)
    page = shown(focal.get(f"/unit/rounds/{round_id}"))
    assert "entries with identity findings to check" in page
    assert "ask the organizers" in page
    response = post_form(
        focal, f"/unit/rounds/{round_id}/assign", follow_redirects=True
    )
    assert "entries with identity findings to check" in shown(response)
    assert round_codes(app, round_id) == {}
    with app.app_context():
        assert db.session.get(Round, round_id).opened_at is None
