"""Rounds through the app: a large gap gets one automatic third reader, a round's own
rubric reaches judges and results, and advancing leads to the next round's assignment."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, Role, User
from judging.assignment.models import Assignment, Conflict, ConflictSource, JudgeProfile
from judging.rounds.models import Round
from judging.scoring.services.sheets import criteria_of
from tests.conftest import client_as, post_form
from tests.judging_fixtures import (
    add_judge,
    shown,
)


@pytest.fixture
def duo(app, make_judged_round):
    """Judges A and B read three entries (k = 2); the gap allowed is 20 points."""
    made = make_judged_round(
        readers=2, titles=[f"Bài {i}" for i in range(3)], judge_names="AB"
    )
    with app.app_context():
        db.session.get(Round, made.round_id).gap_points = 20.0
        db.session.commit()
    return {
        "edition_id": made.edition_id,
        "round_id": made.round_id,
        "judges": made.judges,
        "entries": [e.id for e in made.entries],
        "codes": made.codes,
    }


def submit(app, world, person, entry_id, share: float):
    """The judge submits a sheet giving ``share`` of every criterion's maximum."""
    with app.app_context():
        round_ = db.session.get(Round, world["round_id"])
        data = {
            f"value-{c.id}": f"{round(c.max_points * share):g}"
            for c in criteria_of(Assignment(round=round_))
        }
    client = client_as(app, person)
    url = f"/judge/entries/{world['codes'][entry_id]}/score"
    response = post_form(client, url, data | {"action": "submit", "version": "0"})
    assert response.status_code == 302, shown(response)


def readers_of(app, round_id: int) -> dict[int, list[int]]:
    """Entry id → judge ids of its active readings."""
    with app.app_context():
        out: dict[int, list[int]] = {}
        for a in db.session.scalars(
            select(Assignment).where(
                Assignment.round_id == round_id, Assignment.recused_at.is_(None)
            )
        ):
            out.setdefault(a.entry_id, []).append(a.judge_id)
        return out


def conflict(app, edition_id: int, judge_id: int, entry_id: int) -> None:
    """An organizer declares that the judge may not read the entry."""
    with app.app_context():
        db.session.add(
            Conflict(
                edition_id=edition_id,
                judge_id=judge_id,
                entry_id=entry_id,
                source=ConflictSource.ORGANIZER,
            )
        )
        db.session.commit()


def organizer_results(client, login_as, duo) -> str:
    """What an organizer (in English) reads on the round's results page."""
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    return shown(
        client.get(
            f"/organizer/editions/{duo['edition_id']}/judging/rounds/"
            f"{duo['round_id']}/results"
        )
    )


def test_large_gap_gets_exactly_one_eligible_extra_reader(
    app, duo, make_user, outbox, client, login_as
):
    """100 vs 40 → one more reader, never the conflicted judge; 75/75 → none;
    re-submitting after an unlock adds nobody."""
    a, b = duo["judges"]
    e0, e1, e2 = duo["entries"]
    free = add_judge(app, make_user, duo["edition_id"], full_name="C Rảnh")
    barred = add_judge(app, make_user, duo["edition_id"], full_name="D Vướng")
    conflict(app, duo["edition_id"], barred.id, e0)
    conflict(app, duo["edition_id"], barred.id, e1)
    for entry_id, (pa, pb) in zip(
        (e0, e1, e2), ((1.0, 0.4), (0.4, 1.0), (0.75, 0.75)), strict=True
    ):
        submit(app, duo, a, entry_id, pa)
        submit(app, duo, b, entry_id, pb)
    readers = readers_of(app, duo["round_id"])
    assert sorted(readers[e0]) == sorted([a.id, b.id, free.id])
    assert sorted(readers[e1]) == sorted([a.id, b.id, free.id])
    assert sorted(readers[e2]) == sorted([a.id, b.id])
    with app.app_context():
        email = db.session.get(User, free.id).email
    assert any(m["To"] == email for m in outbox)
    # The third reader disagrees too: still no 4th reader.
    submit(app, duo, free, e0, 0.1)
    assert len(readers_of(app, duo["round_id"])[e0]) == 3
    # Unlock and re-submit: nobody is added.
    login_as(Role.ORGANIZER)
    with app.app_context():
        score = db.session.scalar(
            select(Assignment).where(
                Assignment.judge_id == b.id, Assignment.entry_id == e0
            )
        ).score
    post_form(
        client,
        f"/organizer/editions/{duo['edition_id']}/judging/rounds/{duo['round_id']}"
        "/unlock",
        {"score_id": score.id, "reason": "Nhập nhầm"},
    )
    with app.app_context():
        row = db.session.get(Assignment, score.assignment_id)
        version = row.score.version
    client_b = client_as(app, b)
    with app.app_context():
        round_ = db.session.get(Round, duo["round_id"])
        data = {
            f"value-{c.id}": f"{round(c.max_points * 0.3):g}"
            for c in criteria_of(Assignment(round=round_))
        }
    done = post_form(
        client_b,
        f"/judge/entries/{duo['codes'][e0]}/score",
        data | {"action": "submit", "version": str(version)},
    )
    assert done.status_code == 302
    assert len(readers_of(app, duo["round_id"])[e0]) == 3
    client.get("/lang/en")
    page = shown(
        client.get(
            f"/organizer/editions/{duo['edition_id']}/judging/"
            f"rounds/{duo['round_id']}/results"
        )
    )
    assert "Extra reader assigned (3 readers)" in page


def test_small_gaps_add_nobody(app, duo, make_user):
    """Markings within the allowed gap: no extra reading is assigned."""
    add_judge(app, make_user, duo["edition_id"], full_name="C Rảnh")
    a, b = duo["judges"]
    for entry_id, share in zip(duo["entries"], (0.5, 0.7, 0.9), strict=True):
        submit(app, duo, a, entry_id, share)
        submit(app, duo, b, entry_id, share - 0.05)
    assert all(len(r) == 2 for r in readers_of(app, duo["round_id"]).values())


def test_no_eligible_judge_is_said_on_the_results_page(
    app, duo, make_user, client, login_as
):
    """Only a conflicted judge is left: nothing is added and the page says so."""
    barred = add_judge(app, make_user, duo["edition_id"], full_name="D Vướng")
    e0 = duo["entries"][0]
    conflict(app, duo["edition_id"], barred.id, e0)
    a, b = duo["judges"]
    submit(app, duo, a, e0, 1.0)
    submit(app, duo, b, e0, 0.3)
    assert len(readers_of(app, duo["round_id"])[e0]) == 2
    page = organizer_results(client, login_as, duo)
    assert "No judge is free to read it" in page
    assert "Allowed gap: 20 points on 100" in page


def test_spread_gap_waits_for_enough_paired_entries(
    app, duo, make_user, client, login_as
):
    """With the default (spread) gap and few entries, nothing is automatic yet."""
    add_judge(app, make_user, duo["edition_id"], full_name="C Rảnh")
    with app.app_context():
        db.session.get(Round, duo["round_id"]).gap_points = None
        db.session.commit()
    a, b = duo["judges"]
    for entry_id, (pa, pb) in zip(
        duo["entries"], ((1.0, 0.2), (0.6, 0.6), (0.5, 0.5)), strict=True
    ):
        submit(app, duo, a, entry_id, pa)
        submit(app, duo, b, entry_id, pb)
    assert all(len(r) == 2 for r in readers_of(app, duo["round_id"]).values())
    page = organizer_results(client, login_as, duo)
    assert "Automatic third readings start once 30 entries have two readings" in page


# -- a round's own rubric --------------------------------------------------------------


def rubric_url(world, round_id: int, tail: str = "") -> str:
    """The organizer's rubric page of a round."""
    return f"/organizer/editions/{world['edition_id']}/rounds/{round_id}/rubric{tail}"


def test_round_rubric_reaches_judges_and_results(app, duo, client, login_as):
    """A round given its own one-criterion rubric: judges score it, results use it."""
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    rid = duo["round_id"]
    own = post_form(client, rubric_url(duo, rid, "/source"), {"source": "own"})
    assert own.status_code == 302
    saved = post_form(
        client,
        rubric_url(duo, rid),
        {
            "criteria-0-name": "Sức lan tỏa",
            "criteria-0-max_points": "10",
            "criteria-0-weight": "1",
            "criteria-0-step": "1",
            "submit": "1",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        round_ = db.session.get(Round, rid)
        assert [c.name for c in criteria_of(Assignment(round=round_))] == [
            "Sức lan tỏa"
        ]
        assert len(db.session.get(Edition, duo["edition_id"]).criteria) == 4
    a, b = duo["judges"]
    judge = client_as(app, a)
    form = shown(judge.get(f"/judge/entries/{duo['codes'][duo['entries'][0]]}/score"))
    assert "Sức lan tỏa" in form and "Score (0 to 10, whole points)" in form
    submit(app, duo, a, duo["entries"][0], 0.9)
    submit(app, duo, b, duo["entries"][0], 0.8)
    page = shown(
        client.get(
            f"/organizer/editions/{duo['edition_id']}/judging/rounds/{rid}/results"
        )
    )
    assert "85.00" in page


def test_rubric_is_frozen_once_a_sheet_is_saved(app, duo, client, login_as):
    """After a sheet is saved, neither the round's nor the edition's rubric changes."""
    a, _b = duo["judges"]
    submit(app, duo, a, duo["entries"][0], 0.5)
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    refused = post_form(
        client,
        rubric_url(duo, duo["round_id"], "/source"),
        {"source": "own"},
        follow_redirects=True,
    )
    assert "can no longer change" in shown(refused)
    edition_page = post_form(
        client,
        f"/organizer/editions/{duo['edition_id']}/rubric",
        {
            "criteria-0-name": "Khác",
            "criteria-0-max_points": "10",
            "criteria-0-step": "1",
            "submit": "1",
        },
    )
    assert "can no longer change" in shown(edition_page)
    with app.app_context():
        assert not db.session.get(Round, duo["round_id"]).criteria
        assert len(db.session.get(Edition, duo["edition_id"]).criteria) == 4


def test_final_round_copies_the_previous_rubric(app, duo, client, login_as):
    """Chung khảo can copy sơ khảo's rubric, then go back to the edition's."""
    login_as(Role.ORGANIZER)
    with app.app_context():
        first, final = db.session.get(Edition, duo["edition_id"]).rounds
        first.criteria = []
        final_id = final.id
    url = rubric_url(duo, final_id, "/source")
    assert post_form(client, url, {"source": "previous"}).status_code == 302
    with app.app_context():
        final = db.session.get(Round, final_id)
        edition = db.session.get(Edition, duo["edition_id"])
        assert [c.name for c in final.criteria] == [c.name for c in edition.criteria]
        assert {c.id for c in final.criteria}.isdisjoint(c.id for c in edition.criteria)
    assert post_form(client, url, {"source": "edition"}).status_code == 302
    with app.app_context():
        assert not db.session.get(Round, final_id).criteria


# -- advancing, then the next round ------------------------------------------------------


def advance(client, world, **extra):
    """Commit "everyone at or above 0" on the first round."""
    return post_form(
        client,
        f"/organizer/editions/{world['edition_id']}/judging/rounds/"
        f"{world['round_id']}/advance",
        {"rule": "above", "value": "0"} | extra,
        follow_redirects=True,
    )


def scored(app, world):
    """Both judges submit every entry with agreeing marks."""
    a, b = world["judges"]
    for entry_id in world["entries"]:
        submit(app, world, a, entry_id, 0.7)
        submit(app, world, b, entry_id, 0.7)


def test_after_advancing_the_results_link_the_next_preview(app, duo, client, login_as):
    """Committing shows a link to chung khảo's assignment preview; nothing is run."""
    scored(app, duo)
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = advance(client, duo)
    with app.app_context():
        final_id = db.session.get(Edition, duo["edition_id"]).rounds[1].id
        assert not db.session.scalars(
            select(Assignment).where(Assignment.round_id == final_id)
        ).all()
    assert f"/judging/rounds/{final_id}/preview" in page.get_data(as_text=True)
    assert "Next step: preview the assignment of Chung khảo" in shown(page)


def test_advancing_can_run_the_next_assignment_at_once(app, duo, client, login_as):
    """Ticked: chung khảo's judges get the shortlisted entries at once."""
    scored(app, duo)
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = advance(client, duo, run_next="1")
    assert "Assignment of Chung khảo saved: 6 new readings." in shown(page)
    with app.app_context():
        final_id = db.session.get(Edition, duo["edition_id"]).rounds[1].id
        rows = db.session.scalars(
            select(Assignment).where(Assignment.round_id == final_id)
        ).all()
        assert {r.entry_id for r in rows} == set(duo["entries"])
        assert all(r.entry.status == EntryStatus.SHORTLISTED for r in rows)


def test_an_impossible_next_assignment_is_explained(app, duo, client, login_as):
    """Two readers wanted in chung khảo but one judge there: the advancement stays,
    the refusal is explained."""
    scored(app, duo)
    with app.app_context():
        final = db.session.get(Edition, duo["edition_id"]).rounds[1]
        final.readers_per_entry = 2
        profile = db.session.scalar(
            select(JudgeProfile).where(JudgeProfile.user_id == duo["judges"][1].id)
        )
        profile.rounds = [r for r in profile.rounds if r.id != final.id]
        db.session.commit()
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = advance(client, duo, run_next="1")
    assert "The assignment of Chung khảo could not be run:" in shown(page)
    with app.app_context():
        assert db.session.get(Round, duo["round_id"]).advanced_at is not None
        assert db.session.get(Entry, duo["entries"][0]).status == (
            EntryStatus.SHORTLISTED
        )
