"""Scoring through the app: the judge's score form (drafts, autosave, submit, lock),
the organizer's unlock, round results, extra readers and advancement to the next round."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, EntryStatus, Role, User
from judging.assignment.models import Assignment
from judging.plagiarism.models import MatchOrigin, SimilarityMatch
from judging.rounds.models import Criterion, Round
from judging.scoring.models import Score, ScoreStatus
from tests.conftest import client_as, page_text, post_form
from tests.judging_fixtures import (
    XSS,
    active_pairs,
    add_judge,
    shown,
)


@pytest.fixture
def world(app, make_judged_round):
    """Two judges who both read the same two entries in the open sơ khảo round."""
    made = make_judged_round(
        readers=2,
        titles=(f"Bếp cơm {XSS}", "Người lái đò"),
        judge_names=[f"Giám Khảo {i}" for i in (1, 2)],
    )
    edition_id, round_id = made.edition_id, made.round_id
    assert len(active_pairs(app, round_id)) == 4
    with app.app_context():
        criteria = [
            c.id
            for c in db.session.scalars(
                select(Criterion)
                .where(Criterion.edition_id == edition_id)
                .order_by(Criterion.position)
            )
        ]
    return {
        "edition_id": edition_id,
        "round_id": round_id,
        "judges": made.judges,
        "entries": [e.id for e in made.entries],
        "codes": made.codes,
        "criteria": criteria,
    }


def sheet(world, points=(20, 20, 20, 15), **extra) -> dict:
    """Form data of a complete sheet (default rubric: 30/25/25/20 points)."""
    data = {
        f"value-{c}": str(p) for c, p in zip(world["criteria"], points, strict=True)
    }
    data.update(extra)
    return data


def score_url(world, entry_index: int) -> str:
    """The score form URL of one entry (by its round code)."""
    return f"/judge/entries/{world['codes'][world['entries'][entry_index]]}/score"


def stored(app, judge_id: int, entry_id: int) -> Score | None:
    """The judge's score sheet for the entry, detached (plain attribute reads)."""
    with app.app_context():
        score = db.session.scalar(
            select(Score)
            .join(Assignment)
            .where(Assignment.judge_id == judge_id, Assignment.entry_id == entry_id)
        )
        if score is not None:
            db.session.expunge(score)
        return score


def version_on(page: str) -> int:
    """The sheet version carried by the form."""
    marker = 'name="version" value="'
    start = page.index(marker) + len(marker)
    return int(page[start : page.index('"', start)])


# -- the judge's form ---------------------------------------------------------------


def test_form_shows_rubric_beside_blind_text(app, world):
    """The form lists every criterion with its range and description, next to the text."""
    client = client_as(app, world["judges"][0])
    response = client.get(score_url(world, 0))
    assert response.status_code == 200
    page = shown(response)
    assert "Tính chân thực, rõ người rõ việc" in page
    assert "Score (0 to 30, whole points)" in page
    assert "Bà Nguyễn Thị Hoa" in page  # the story's text
    assert "I have a conflict" in page
    assert XSS not in page_text(response)  # the title is escaped
    assert "score_autosave.js" in page


def test_form_without_criteria_opens_without_a_total(app, world):
    """A round whose rubric is still empty: the page opens (no running total),
    instead of an error page."""
    with app.app_context():
        for criterion in db.session.scalars(
            select(Criterion).where(Criterion.edition_id == world["edition_id"])
        ):
            db.session.delete(criterion)
        db.session.commit()
    client = client_as(app, world["judges"][0])
    response = client.get(score_url(world, 0))
    assert response.status_code == 200
    assert "Bà Nguyễn Thị Hoa" in shown(response)
    assert "Total so far:" not in shown(response)


def test_autosave_keeps_a_partial_draft(app, world):
    """Autosave answers JSON; a half-typed sheet (even "7,5") is kept as typed."""
    client = client_as(app, world["judges"][0])
    url = score_url(world, 0)
    data = {f"value-{world['criteria'][0]}": "7,5", "overall_comment": "Hay"}
    response = post_form(
        client, url, data | {"version": "0"}, headers={"X-Autosave": "1"}
    )
    assert response.status_code == 200
    assert response.json["saved"] is True
    assert response.json["version"] == 1
    score = stored(app, world["judges"][0].id, world["entries"][0])
    assert score.status == ScoreStatus.DRAFT
    assert score.values == {str(world["criteria"][0]): "7,5"}
    assert score.overall_comment == "Hay"
    # Reloading the page shows the draft.
    assert 'value="7,5"' in page_text(client.get(url))


def test_stale_autosave_is_refused(app, world):
    """A save made on an older version (another window) is refused, not overwritten."""
    client = client_as(app, world["judges"][0])
    url = score_url(world, 0)
    headers = {"X-Autosave": "1"}
    post_form(client, url, {"overall_comment": "A", "version": "0"}, headers=headers)
    old = post_form(
        client, url, {"overall_comment": "B", "version": "0"}, headers=headers
    )
    assert old.status_code == 409
    assert old.json["reason"] == "stale"
    assert (
        stored(app, world["judges"][0].id, world["entries"][0]).overall_comment == "A"
    )


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (("", 20, 20, 15), "Please give a score."),
        (("abc", 20, 20, 15), "Please enter a number"),
        (("-1", 20, 20, 15), "The score cannot be below 0."),
        (("31", 20, 20, 15), "The score is above the maximum of this criterion."),
        (("7.5", 20, 20, 15), "This criterion is scored in whole points."),
    ],
)
def test_submit_refuses_bad_scores_and_keeps_the_draft(app, world, points, message):
    """A bad score is explained next to its field; nothing is locked, the draft stays."""
    client = client_as(app, world["judges"][0])
    url = score_url(world, 0)
    response = post_form(
        client, url, sheet(world, points, action="submit", version="0")
    )
    assert response.status_code == 422
    assert message in shown(response)
    score = stored(app, world["judges"][0].id, world["entries"][0])
    assert score.status == ScoreStatus.DRAFT
    assert score.values[str(world["criteria"][1])] == "20"


def test_half_points_and_required_comment(app, world):
    """Half points are accepted where allowed; a required comment must be written."""
    with app.app_context():
        first = db.session.get(Criterion, world["criteria"][0])
        first.step, first.comment_required = 0.5, True
        db.session.commit()
    client = client_as(app, world["judges"][0])
    url = score_url(world, 0)
    page = shown(client.get(url))
    assert "whole or half points" in page and "(required)" in page
    refused = post_form(
        client, url, sheet(world, ("7,5", 20, 20, 15), action="submit", version="0")
    )
    assert "A comment is required for this criterion." in shown(refused)
    version = version_on(page_text(refused))
    comment = {f"comment-{world['criteria'][0]}": "Chân thực"}
    done = post_form(
        client,
        url,
        sheet(world, ("7,5", 20, 20, 15), action="submit", version=version) | comment,
    )
    assert done.status_code == 302
    score = stored(app, world["judges"][0].id, world["entries"][0])
    assert score.values[str(world["criteria"][0])] == 7.5
    assert score.comments[str(world["criteria"][0])] == "Chân thực"


def test_submit_locks_the_sheet(app, world):
    """After submitting, the judge sees the total read-only and cannot change it."""
    client = client_as(app, world["judges"][0])
    url = score_url(world, 0)
    done = post_form(client, url, sheet(world, action="submit", version="0"))
    assert done.status_code == 302
    page = shown(client.get(url))
    assert "Total: 75.00 / 100." in page
    assert 'id="score-form"' not in page
    again = post_form(client, url, sheet(world, (1, 1, 1, 1), version="2"))
    assert "can no longer be changed" in shown(client.get(url))
    assert again.status_code == 302
    auto = post_form(
        client,
        url,
        sheet(world, (1, 1, 1, 1), version="2"),
        headers={"X-Autosave": "1"},
    )
    assert auto.status_code == 409 and auto.json["reason"] == "locked"
    score = stored(app, world["judges"][0].id, world["entries"][0])
    assert score.status == ScoreStatus.SUBMITTED
    assert score.values[str(world["criteria"][0])] == 20


def test_copying_suspicion_reaches_the_plagiarism_queue(app, world):
    """Ticking "I suspect copying" needs a note; on submit the organizers get a flag."""
    client = client_as(app, world["judges"][0])
    url = score_url(world, 0)
    refused = post_form(
        client, url, sheet(world, action="submit", version="0", suspected_copying="y")
    )
    assert "Please say briefly why you suspect copying." in shown(refused)
    note = "Giống bài đăng báo Hà Nội Mới 2023"
    post_form(
        client,
        url,
        sheet(
            world,
            action="submit",
            version=version_on(page_text(refused)),
            suspected_copying="y",
            copying_note=note,
        ),
    )
    with app.app_context():
        match = db.session.scalar(select(SimilarityMatch))
        assert match.origin == MatchOrigin.JUDGE
        assert match.a_entry_id == world["entries"][0]
        assert match.report_note == note
        assert match.reported_by_id == world["judges"][0].id


def test_other_judges_and_closed_rounds_get_404(app, world, make_user):
    """A judge without the reading, or after the round closed, gets 404 on the form."""
    stranger = add_judge(app, make_user, world["edition_id"], full_name="Người Khác")
    client = client_as(app, stranger)
    assert client.get(score_url(world, 0)).status_code == 404
    assert post_form(client, score_url(world, 0), sheet(world)).status_code == 404
    with app.app_context():
        db.session.get(Round, world["round_id"]).closed_at = datetime.now(UTC)
        db.session.commit()
    owner = client_as(app, world["judges"][0])
    assert owner.get(score_url(world, 0)).status_code == 404


def test_no_author_on_the_score_page(app, world):
    """The score page never names the entry's author or its number."""
    client = client_as(app, world["judges"][0])
    page = shown(client.get(score_url(world, 0)))
    with app.app_context():
        entry = db.session.get(Entry, world["entries"][0])
        assert entry.number not in page
        for author in entry.authors:
            assert author.full_name not in page


# -- the organizer's side -----------------------------------------------------------


def submit_all(app, world, points_by_judge) -> None:
    """Each judge submits a sheet for every entry: points_by_judge[j][e]."""
    for person, points in zip(world["judges"], points_by_judge, strict=False):
        client = client_as(app, person)
        for e, entry_points in enumerate(points):
            response = post_form(
                client,
                score_url(world, e),
                sheet(world, entry_points, action="submit", version="0"),
            )
            assert response.status_code == 302, shown(response)


def organizer_url(world, tail: str = "") -> str:
    """An organizer scoring URL of the world's round."""
    return (
        f"/organizer/editions/{world['edition_id']}/judging/rounds/"
        f"{world['round_id']}/{tail}"
    )


def test_organizer_unlocks_with_a_reason(app, world, client, login_as):
    """The organizer reopens a submitted sheet with a reason; the judge can edit again."""
    submit_all(app, world, [[(20, 20, 20, 15)] * 2] * 2)
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    score = stored(app, world["judges"][0].id, world["entries"][0])
    url = organizer_url(world, "unlock")
    refused = post_form(
        client, url, {"score_id": score.id, "reason": "  "}, follow_redirects=True
    )
    assert "Please give a reason" in shown(refused)
    assert stored(app, world["judges"][0].id, world["entries"][0]).submitted
    done = post_form(
        client, url, {"score_id": score.id, "reason": "Giám khảo nhập nhầm điểm"}
    )
    assert done.status_code == 302
    score = stored(app, world["judges"][0].id, world["entries"][0])
    assert score.status == ScoreStatus.DRAFT
    assert score.unlock_reason == "Giám khảo nhập nhầm điểm"
    judge = client_as(app, world["judges"][0])
    page = shown(judge.get(score_url(world, 0)))
    assert 'id="score-form"' in page
    assert "Reopened by the organizers: Giám khảo nhập nhầm điểm" in page


def test_results_show_raw_and_calibrated(app, world, client, login_as):
    """Results list each entry's raw and calibrated score; the basis can be switched."""
    submit_all(
        app, world, [[(30, 25, 25, 20), (10, 10, 10, 10)], [(20, 20, 20, 15)] * 2]
    )
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = shown(client.get(organizer_url(world, "results")))
    assert "Raw" in page and "Calibrated" in page
    with app.app_context():
        numbers = [db.session.get(Entry, e).number for e in world["entries"]]
    assert all(n in page for n in numbers)
    assert "87.50" in page  # (100 + 75) / 2
    switched = post_form(
        client, organizer_url(world, "results/basis"), {"basis": "calibrated"}
    )
    assert switched.status_code == 302
    with app.app_context():
        assert db.session.get(Round, world["round_id"]).score_basis == "calibrated"


def test_advance_preview_shows_ties_and_commit_shortlists(app, world, client, login_as):
    """Top 1: a tie at the cut is shown; adding one entry with a reason commits it."""
    submit_all(app, world, [[(20, 20, 20, 15)] * 2] * 2)  # both entries at 75
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    preview = shown(
        client.get(organizer_url(world, "advance") + "?rule=top_round&value=1")
    )
    assert "Tied at the cut" in preview
    first, second = world["entries"]
    refused = post_form(
        client,
        organizer_url(world, "advance"),
        {"rule": "top_round", "value": "1"},
    )
    assert refused.status_code == 422
    assert "Decide the ties at the cut" in shown(refused)
    done = post_form(
        client,
        organizer_url(world, "advance"),
        {
            "rule": "top_round",
            "value": "1",
            f"change-{first}": "add",
            f"reason-{first}": "Nhân vật tiêu biểu hơn",
            f"change-{second}": "remove",
            f"reason-{second}": "Hội đồng thống nhất",
        },
    )
    assert done.status_code == 302, shown(done)
    with app.app_context():
        assert db.session.get(Entry, first).status == EntryStatus.SHORTLISTED
        assert db.session.get(Entry, second).status == EntryStatus.UNDER_REVIEW
        round_ = db.session.get(Round, world["round_id"])
        assert round_.closed_at is not None and round_.advanced_at is not None


def test_exports_readings_and_results(app, world, client, login_as):
    """Organizers download readings (with judge names and comments) and results."""
    submit_all(app, world, [[(20, 20, 20, 15)] * 2] * 2)
    login_as(Role.ORGANIZER)
    readings = client.get(organizer_url(world, "readings.xlsx"))
    assert readings.status_code == 200
    sheet_ = load_workbook(io.BytesIO(readings.data)).active
    rows = list(sheet_.iter_rows(values_only=True))
    assert len(rows) >= 5  # header + 4 readings
    flat = " ".join(str(c) for row in rows for c in row if c is not None)
    assert "Giám Khảo 1" in flat
    results = client.get(organizer_url(world, "results.xlsx"))
    assert results.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(results.data)).active.iter_rows(values_only=True)
    )
    assert any(75 in row or 75.0 in row for row in rows)


def test_progress_and_reminder(app, world, client, login_as, outbox):
    """The progress table counts done/assigned; a reminder emails the judge."""
    submit_all(app, world, [[(20, 20, 20, 15)] * 2, []])
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    page = shown(client.get(organizer_url(world, "results")))
    assert "2 / 2" in page and "0 / 2" in page
    late = world["judges"][1]
    response = post_form(client, organizer_url(world, f"remind/{late.id}"), {})
    assert response.status_code == 302
    with app.app_context():
        email = db.session.get(User, late.id).email
    assert any(m["To"] == email for m in outbox)


def test_score_form_shows_a_running_total_and_vietnamese_numbers(app, world):
    """The form shows the total of what is scored so far (without JavaScript: of the
    saved draft; score_total.js updates it while typing) and, in Vietnamese, every
    score with a decimal comma ("30,00", the submitted "75,00 / 100")."""
    client = client_as(app, world["judges"][0])
    client.get("/lang/vi")
    url = score_url(world, 0)
    page = client.get(url).get_data(as_text=True)
    assert '<output id="running-total"' in page and ">0,00</output> / 100" in page
    assert "score_total.js" in page
    saved = post_form(client, url, sheet(world, ("10,0", 20, "", "7,5"), version="0"))
    assert saved.status_code == 302
    page = client.get(url).get_data(as_text=True)
    # 10 + 20 + (missing) + (7.5 is off the whole-point grid) = 30 of 100 points
    assert ">30,00</output> / 100" in page
    assert 'value="7,5"' in page  # the draft's value, as the judge typed it
    assert 'data-points-scale="' in page
    post_form(client, url, sheet(world, (10, 20, 25, 20), action="submit", version="1"))
    page = shown(client.get(url))
    assert "75,00 / 100" in page and "75.00" not in page


def test_running_total_counts_valid_scores_only():
    """Pure: a missing, non-numeric, off-grid or too high value counts 0."""
    from judging.scoring.core.rubric import Criterion as Crit
    from judging.scoring.core.rubric import Rubric, running_total_100

    rubric = Rubric((Crit("a", 30), Crit("b", 20, step=0.5), Crit("c", 50, 2.0)))
    assert running_total_100(rubric, {}) == 0
    assert running_total_100(rubric, {"a": "15", "b": "7,5"}) == pytest.approx(
        100 * 22.5 / 150
    )
    bad = {"a": "abc", "b": "7.3", "c": 60}
    assert running_total_100(rubric, bad) == 0
    assert running_total_100(rubric, {"c": 50}) == pytest.approx(100 * 100 / 150)
