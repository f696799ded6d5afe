"""`flask demo-scores`: a demo round gets a submitted, valid sheet for every reading."""

from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from judging.assignment.models import Assignment
from judging.rounds.models import Criterion, Round
from judging.scoring.models import Score, ScoreStatus
from judging.scoring.services.results import round_results


def test_demo_scores_fill_every_reading_once_and_within_the_rubric(
    app, runner, make_judged_round
):
    """Every active reading gets one submitted sheet on the rubric's steps; a second
    run changes nothing, and the round then has results for each entry."""
    made = make_judged_round(
        readers=2,
        titles=[f"Bài {i}" for i in range(4)],
        judge_names=[f"Giám Khảo {i}" for i in range(3)],
    )
    edition_id, round_id, entries = made.edition_id, made.round_id, made.entries

    result = runner.invoke(args=["demo-scores", str(edition_id)])
    assert result.exit_code == 0, result.output
    assert "8 score sheets submitted" in result.output
    again = runner.invoke(args=["demo-scores", str(edition_id)])
    assert "0 score sheets submitted" in again.output

    with app.app_context():
        criteria = {
            c.id: c
            for c in db.session.scalars(
                select(Criterion).where(Criterion.edition_id == edition_id)
            )
        }
        sheets = db.session.scalars(
            select(Score).join(Assignment).where(Assignment.round_id == round_id)
        ).all()
        assert len(sheets) == 8
        for sheet in sheets:
            assert sheet.status == ScoreStatus.SUBMITTED
            for key, value in sheet.values.items():
                criterion = criteria[int(key)]
                assert 0 <= value <= criterion.max_points
                assert (value / (criterion.step or 1.0)).is_integer()
        results = round_results(db.session.get(Round, round_id))
        assert {r.entry.id for r in results.entries} == {e.id for e in entries}
        assert results.pending == 0


def test_demo_scores_refuse_an_edition_without_an_open_round(runner, make_edition):
    """No open round: a clear message, nothing written."""
    edition_id = make_edition()
    result = runner.invoke(args=["demo-scores", str(edition_id)])
    assert result.exit_code != 0
    assert "No judging round of this edition is open" in result.output
