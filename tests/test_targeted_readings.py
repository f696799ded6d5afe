"""Targeted extra readings on the organizer's results page: the entries nearest the
line are proposed with their chance of being on the other side, the organizer chooses
how many, and the readers come from the same assignment flow as third readings
(conflicts respected, judge emailed, the reason logged)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditLog, Entry, Role, User
from judging.assignment.models import Assignment, Conflict, ConflictSource
from judging.rounds.models import Round
from judging.rounds.services import round_criteria
from judging.scoring.models import Score, ScoreStatus
from tests.conftest import post_form
from tests.judging_fixtures import (
    add_judge,
    commit_round,
    first_round_id,
    set_readers,
    shown,
)

# Twelve entries 5 points apart, best first: with 3 seats the line is at 82.5.
QUALITY = [95, 90, 85, 80, 75, 70, 65, 60, 55, 50, 45, 40]


@pytest.fixture
def scored(app, make_judged_round):
    """A sơ khảo round, k = 2 among four judges, every sheet submitted."""
    made = make_judged_round(
        readers=2,
        titles=[f"Bài {i}" for i in range(len(QUALITY))],
        judge_names=[f"Giám khảo {n}" for n in "ABCD"],
    )
    edition_id, round_id, judges = made.edition_id, made.round_id, made.judges
    entries = [e.id for e in made.entries]
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        criteria = round_criteria(round_)
        rows = db.session.scalars(
            select(Assignment).where(Assignment.round_id == round_id)
        ).all()
        for i, row in enumerate(rows):
            quality = QUALITY[entries.index(row.entry_id)]
            share = (quality + (1 if i % 2 else -1)) / 100  # a little noise
            row.score = Score(
                values={str(c.id): round(share * c.max_points, 1) for c in criteria},
                status=ScoreStatus.SUBMITTED,
            )
        db.session.commit()
    return {
        "edition_id": edition_id,
        "round_id": round_id,
        "entries": entries,
        "judges": judges,
    }


def results_url(world, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return (
        f"/organizer/editions/{world['edition_id']}/judging/rounds/"
        f"{world['round_id']}/results" + (f"?{query}" if query else "")
    )


def readers(app, round_id: int, entry_id: int) -> set[int]:
    with app.app_context():
        return set(
            db.session.scalars(
                select(Assignment.judge_id).where(
                    Assignment.round_id == round_id,
                    Assignment.entry_id == entry_id,
                    Assignment.recused_at.is_(None),
                )
            )
        )


def test_entries_nearest_the_line_are_proposed_with_their_chance(
    app, scored, client, login_as
):
    """With 3 seats and 2 extra readings, the entries at 85 and 80 (either side of
    82.5) are proposed, each with its chance and its side; entries far from the line
    are not; the chosen settings stay in the form."""
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = client.get(results_url(scored, places=3, count=2))
    assert page.status_code == 200
    text = shown(page)
    body = page.get_data(as_text=True)
    e = scored["entries"]
    assert f'id="target-{e[2]}"' in body and f'id="target-{e[3]}"' in body
    for far in (e[0], e[6], e[11]):
        assert f'id="target-{far}"' not in body
    assert "chance of being on the other side of the line" in text
    assert "above the line" in text and "below the line" in text
    assert 'id="count" name="count" value="2"' in body
    assert 'name="places" value="3"' in body
    client.get("/lang/vi")
    body = client.get(results_url(scored, places=3, count=2)).get_data(as_text=True)
    assert "khả năng thật ra nằm ở phía bên kia ngưỡng" in body
    row = body.split(f'id="target-{e[2]}"')[1].split("</tr>")[0]
    assert re.search(r">\d{2},\d{2}<", row)  # Vietnamese decimal comma: 85,00
    assert not re.search(r"\d\.\d", row)


def test_adding_targeted_readers_respects_conflicts_and_is_logged(
    app, scored, client, login_as, outbox
):
    """The organizer adds a reader to the two proposed entries: each gets a judge who
    was not reading it and has no conflict; the judge is emailed; the audit log says
    why; an entry waiting for that reading is no longer proposed."""
    e = scored["entries"]
    near = [e[2], e[3]]
    free = {
        entry: {j.id for j in scored["judges"]}
        - readers(app, scored["round_id"], entry)
        for entry in near
    }
    barred = min(free[e[2]])
    with app.app_context():
        db.session.add(
            Conflict(
                edition_id=scored["edition_id"],
                judge_id=barred,
                entry_id=e[2],
                source=ConflictSource.ORGANIZER,
            )
        )
        db.session.commit()
    login_as(Role.ORGANIZER)
    before = {entry: readers(app, scored["round_id"], entry) for entry in near}
    response = post_form(
        client,
        results_url(scored).replace("/results", "/extra-reader"),
        {"entry_id": near, "reason": "targeted"},
    )
    assert response.status_code == 302
    for entry in near:
        added = readers(app, scored["round_id"], entry) - before[entry]
        assert len(added) == 1
        assert added <= free[entry]
    assert barred not in readers(app, scored["round_id"], e[2])
    with app.app_context():
        log = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "judging.extra_reader")
        ).all()
        assert log[-1].detail["reason"] == "targeted"
        emails = {
            db.session.get(User, j).email
            for entry in near
            for j in readers(app, scored["round_id"], entry) - before[entry]
        }
    assert emails <= {m["To"] for m in outbox}
    body = client.get(results_url(scored, places=3, count=2)).get_data(as_text=True)
    assert f'id="target-{e[2]}"' not in body and f'id="target-{e[3]}"' not in body


def test_bad_settings_say_so_and_use_the_suggested_values(
    app, scored, client, login_as
):
    """Zero seats, a negative count or letters: a clear message, the page still works."""
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    for args in ({"places": 0}, {"count": -3}, {"count": "abc"}):
        page = client.get(results_url(scored, **args))
        assert page.status_code == 200
        assert "Please give whole numbers" in shown(page)
    client.get("/lang/vi")
    assert "Vui lòng nhập số nguyên" in shown(client.get(results_url(scored, places=0)))


def test_no_chance_before_any_entry_has_two_readings(
    app, make_edition, make_user, make_entry, client, login_as
):
    """Before sheets are in, the section says why nothing is proposed yet."""
    edition_id = make_edition()
    round_id = first_round_id(app, edition_id)
    set_readers(app, round_id, 2)
    for n in "AB":
        add_judge(app, make_user, edition_id, full_name=f"Giám khảo {n}")
    make_entry()
    commit_round(app, round_id)
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = client.get(
        f"/organizer/editions/{edition_id}/judging/rounds/{round_id}/results"
    )
    assert page.status_code == 200
    assert 'id="targeted-unavailable"' in page.get_data(as_text=True)


def test_an_entry_nobody_may_read_blocks_no_other(app, scored, client, login_as):
    """Every free judge has a conflict with one proposed entry: the page warns first;
    adding assigns the other entry and names the one left without a reader."""
    e = scored["entries"]
    with app.app_context():
        number = db.session.get(Entry, e[2]).number
        for judge in scored["judges"]:
            if judge.id not in readers(app, scored["round_id"], e[2]):
                db.session.add(
                    Conflict(
                        edition_id=scored["edition_id"],
                        judge_id=judge.id,
                        entry_id=e[2],
                        source=ConflictSource.ORGANIZER,
                    )
                )
        db.session.commit()
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = client.get(results_url(scored, places=3, count=2)).get_data(as_text=True)
    assert 'id="targeted-unplaceable"' in page
    before = readers(app, scored["round_id"], e[2])
    response = post_form(
        client,
        results_url(scored).replace("/results", "/extra-reader"),
        {"entry_id": [e[2], e[3]], "reason": "targeted"},
        follow_redirects=True,
    )
    text = shown(response)
    assert "Extra readings assigned: 1." in text
    assert f"No judge is free to read these entries: {number}." in text
    assert readers(app, scored["round_id"], e[2]) == before
    assert len(readers(app, scored["round_id"], e[3])) == 3
