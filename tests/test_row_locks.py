"""Two people changing the same thing at the same moment: the second waits for the first
and then sees its change, on SQLite (one writer, BEGIN IMMEDIATE) and on PostgreSQL
(row locks), instead of silently overwriting it.

Each test runs two real transactions in two threads: the first holds its change open
until the second has started, so without the lock both would read the same old state.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import User
from judging.assignment.models import Assignment
from judging.plagiarism.models import MatchStatus, SimilarityMatch
from judging.plagiarism.services import decisions as plagiarism_decisions
from judging.scoring.models import Score
from judging.scoring.services.sheets import ScoreRefused, SheetInput, save_draft
from tests.judging_fixtures import add_judge, commit_round, first_round_id, set_readers
from tests.lock_fixtures import race
from tests.plagiarism_fixtures import plagiarism_objects


@pytest.fixture
def reading(app, make_edition, make_user, make_entry):
    """One judge's reading of one entry in the open first round: (judge id, row id)."""
    edition_id = make_edition()
    round_id = first_round_id(app, edition_id)
    set_readers(app, round_id, 1)
    judge = add_judge(app, make_user, edition_id)
    make_entry(title="Người lái đò")
    commit_round(app, round_id)
    with app.app_context():
        row = db.session.scalar(
            select(Assignment).where(Assignment.round_id == round_id)
        )
        return judge.id, row.id


def test_two_saves_of_one_sheet_never_lose_an_update(app, reading):
    """Two tabs save the same sheet version at once: one wins, the other is told it is
    stale (reload), and exactly one sheet exists with the winner's text."""
    judge_id, row_id = reading

    def save(comment):
        def work():
            judge = db.session.get(User, judge_id)
            row = db.session.get(Assignment, row_id)
            sheet = SheetInput(values={}, comments={}, overall_comment=comment)
            return save_draft(judge, row, sheet, 0, datetime.now(UTC)).version

        return work

    outcome = race(app, save("Tab thứ nhất"), save("Tab thứ hai"))
    assert outcome["first"] == 1
    assert isinstance(outcome["second"], ScoreRefused)
    assert outcome["second"].args[0] == "stale"
    assert outcome["second_done"] >= outcome["first_done"] - 0.05  # it waited
    with app.app_context():
        sheets = db.session.scalars(
            select(Score).where(Score.assignment_id == row_id)
        ).all()
        assert [s.overall_comment for s in sheets] == ["Tab thứ nhất"]


def test_an_autosave_waits_for_a_recusal_under_way(app, reading):
    """One tab declares a conflict while another autosaves the sheet: the save waits
    for the recusal, then finds the reading ended (no draft on a recused reading)."""
    from judging.assignment.models import JudgingCode
    from judging.assignment.services import moves
    from judging.reading.services import opening
    from judging.scoring.services import drafts

    judge_id, row_id = reading
    with app.app_context():
        row = db.session.get(Assignment, row_id)
        code = db.session.scalar(
            select(JudgingCode.code).where(
                JudgingCode.round_id == row.round_id,
                JudgingCode.entry_id == row.entry_id,
            )
        )

    def recuse():
        judge = db.session.get(User, judge_id)
        moves.recuse(judge, db.session.get(Assignment, row_id), datetime.now(UTC))
        return "recused"

    def autosave():
        judge = db.session.get(User, judge_id)
        found = opening.find_reading(judge, code)
        if found is None:
            return "ended"
        sheet = SheetInput(values={}, comments={}, overall_comment="Tab thứ hai")
        criteria = drafts.criteria_for(found.row, found.first_sheet)
        now = datetime.now(UTC)
        drafts.save_draft_seen(
            judge, found.row, found.score, sheet, None, now, criteria
        )
        return "saved"

    outcome = race(app, recuse, autosave)
    assert outcome["first"] == "recused"
    assert outcome["second"] == "ended"
    with app.app_context():
        assert (
            db.session.scalars(select(Score).where(Score.assignment_id == row_id)).all()
            == []
        )


def test_two_organizers_deciding_one_pair(app, make_edition, make_entry, make_user):
    """The second organizer's decision is refused as "already decided"; the first stands."""
    make_edition()
    entry = make_entry(title="Bếp cơm yêu thương")
    match_id = plagiarism_objects(app, entry.id)["match_id"]
    organizers = [make_user(email=f"btc{i}@example.vn").id for i in (1, 2)]

    def decide(index, decision):
        def work():
            match = db.session.get(SimilarityMatch, match_id)
            actor = db.session.get(User, organizers[index])
            plagiarism_decisions.decide(
                match, actor, decision, "Ghi chú", None, datetime.now(UTC)
            )
            return decision

        return work

    outcome = race(
        app,
        decide(0, MatchStatus.NOT_COPYING),
        decide(1, MatchStatus.NOT_COPYING),
    )
    assert outcome["first"] == MatchStatus.NOT_COPYING
    assert isinstance(outcome["second"], plagiarism_decisions.DecisionRefused)
    with app.app_context():
        match = db.session.get(SimilarityMatch, match_id)
        assert match.decided_by_id == organizers[0]
