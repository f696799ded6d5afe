"""The stage model as a table: (stage, action) -> allowed, or refused with a reason.

Pure: no app, no database. Each row is what an organizer meets: e.g. an award list
submitted while entries are still accepted is refused because "entries open".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from judging.stages.core import (
    EDITION_TABLE,
    ROUND_TABLE,
    Blocker,
    EditionAction,
    EditionFacts,
    EditionStage,
    RoundAction,
    RoundFacts,
    RoundStage,
    check_edition,
    check_round,
    edition_stage,
    overridden,
    round_stage,
)

NOW = datetime(2026, 9, 1, tzinfo=UTC)
PAST, FUTURE = NOW - timedelta(days=1), NOW + timedelta(days=1)
A, S = EditionAction, EditionStage
B = Blocker

FIRST_CLOSED = RoundFacts(1, readings=4, opened=True, closed=True)
FINAL_OPEN = RoundFacts(2, readings=4, opened=True)
FINAL_CLOSED = RoundFacts(2, readings=4, opened=True, closed=True)


def facts(**kw) -> EditionFacts:
    base = dict(published=True, archived=False, entries_close_at=PAST, now=NOW)
    return EditionFacts(**{**base, **kw})


# One edition per stage, built from facts as the service would gather them.
STAGE_FACTS = {
    S.SETUP: facts(published=False),
    S.OPEN: facts(entries_close_at=FUTURE),
    S.ENTRIES_CLOSED: facts(rounds=(RoundFacts(1), RoundFacts(2))),
    S.ROUNDS: facts(rounds=(FIRST_CLOSED, FINAL_OPEN)),
    S.AWARD_LIST: facts(rounds=(FIRST_CLOSED, FINAL_CLOSED), award_stage="draft"),
    S.SIGN_OFF: facts(rounds=(FIRST_CLOSED, FINAL_CLOSED), award_stage="approved"),
    S.PUBLISHED: facts(rounds=(FIRST_CLOSED, FINAL_CLOSED), award_stage="published"),
    S.ARCHIVED: facts(archived=True, award_stage="published"),
}


@pytest.mark.parametrize("stage", list(EditionStage))
def test_each_stage_is_derived_from_its_facts(stage):
    """The facts of each stage give that stage back (later stages win)."""
    assert edition_stage(STAGE_FACTS[stage]) == stage


# (stage, action) -> None (allowed) or the blocker: the whole edition table.
EDITION_CASES = [
    (S.SETUP, A.OPEN_ROUND, B.EDITION_DRAFT),
    (S.SETUP, A.SUBMIT_AWARDS, B.EDITION_DRAFT),
    (S.SETUP, A.CHANGE_RESULTS, None),
    (S.OPEN, A.OPEN_ROUND, None),
    (S.OPEN, A.SUBMIT_AWARDS, B.ENTRIES_OPEN),
    (S.OPEN, A.APPROVE_AWARDS, B.ENTRIES_OPEN),
    (S.OPEN, A.PUBLISH_AWARDS, B.ENTRIES_OPEN),
    (S.OPEN, A.CHANGE_RESULTS, None),
    (S.ENTRIES_CLOSED, A.OPEN_ROUND, None),
    (S.ENTRIES_CLOSED, A.SUBMIT_AWARDS, B.ROUNDS_NOT_CLOSED),
    (S.ROUNDS, A.OPEN_ROUND, None),
    (S.ROUNDS, A.SUBMIT_AWARDS, B.ROUNDS_NOT_CLOSED),
    (S.ROUNDS, A.PUBLISH_AWARDS, B.ROUNDS_NOT_CLOSED),
    (S.ROUNDS, A.CHANGE_RESULTS, None),
    (S.AWARD_LIST, A.SUBMIT_AWARDS, None),
    (S.AWARD_LIST, A.APPROVE_AWARDS, None),
    (S.AWARD_LIST, A.PUBLISH_AWARDS, None),
    (S.AWARD_LIST, A.CHANGE_RESULTS, None),
    (S.AWARD_LIST, A.OPEN_ROUND, None),
    (S.SIGN_OFF, A.CHANGE_RESULTS, B.AWARDS_SIGNING),
    (S.SIGN_OFF, A.OPEN_ROUND, B.AWARDS_SIGNING),
    (S.SIGN_OFF, A.APPROVE_AWARDS, None),
    (S.SIGN_OFF, A.PUBLISH_AWARDS, None),
    (S.PUBLISHED, A.CHANGE_RESULTS, B.RESULTS_PUBLISHED),
    (S.PUBLISHED, A.OPEN_ROUND, B.RESULTS_PUBLISHED),
    (S.PUBLISHED, A.SUBMIT_AWARDS, B.RESULTS_PUBLISHED),
    (S.PUBLISHED, A.REOPEN_AWARDS, None),
    (S.ARCHIVED, A.CHANGE_RESULTS, B.ARCHIVED),
    (S.ARCHIVED, A.REOPEN_AWARDS, B.ARCHIVED),
    (S.ARCHIVED, A.OPEN_ROUND, B.ARCHIVED),
]


@pytest.mark.parametrize(("stage", "action", "blocker"), EDITION_CASES)
def test_edition_table(stage, action, blocker):
    """Each (stage, action) is allowed, or refused with exactly its reason."""
    verdict = check_edition(STAGE_FACTS[stage], action)
    assert verdict.allowed is (blocker is None)
    assert verdict.codes() == ((blocker,) if blocker else ())


def test_every_cell_of_the_tables_is_written():
    """No (stage, action) is left to chance."""
    for stage in EditionStage:
        assert set(EDITION_TABLE[stage]) == set(EditionAction)
    for stage in RoundStage:
        assert set(ROUND_TABLE[stage]) == set(RoundAction)


def test_award_list_waits_for_the_last_deadline_not_only_the_writers():
    """No deadline set counts as open; the units' later deadline keeps it open."""
    assert check_edition(facts(entries_close_at=None), A.SUBMIT_AWARDS).codes() == (
        B.ENTRIES_OPEN,
    )


def test_a_submitted_list_freezes_results_like_an_approved_one():
    """Once the list is with the chair, sheets, readings and rounds wait until it is
    returned to draft: a decision may already be drafted from it."""
    submitted = facts(rounds=(FIRST_CLOSED, FINAL_CLOSED), award_stage="submitted")
    assert edition_stage(submitted) == S.SIGN_OFF
    assert check_edition(submitted, A.CHANGE_RESULTS).codes() == (B.AWARDS_SIGNING,)
    returned = facts(rounds=(FIRST_CLOSED, FINAL_CLOSED), award_stage="draft")
    assert check_edition(returned, A.CHANGE_RESULTS).allowed


def test_ranking_round_must_be_closed():
    """The list ranks on a round that is still open: refused, even if others closed."""
    rounds = (RoundFacts(1, readings=2, opened=True), FINAL_CLOSED)
    assert edition_stage(facts(rounds=rounds, ranking_round=1)) == S.ROUNDS
    never_opened = (FIRST_CLOSED, RoundFacts(2))
    assert edition_stage(facts(rounds=never_opened)) == S.ROUNDS


R = RoundAction
RS = RoundStage
ROUND_STAGE_FACTS = {
    RS.DRAFT: RoundFacts(1),
    RS.ASSIGNED: RoundFacts(1, readings=3),
    RS.OPEN: RoundFacts(1, readings=3, opened=True),
    RS.CLOSED: RoundFacts(1, readings=3, opened=True, closed=True),
}
ROUND_CASES = [
    (RS.DRAFT, R.ASSIGN, None),
    (RS.DRAFT, R.OPEN, B.NOT_ASSIGNED),
    (RS.DRAFT, R.CLOSE, B.ROUND_NOT_OPEN),
    (RS.ASSIGNED, R.ASSIGN, None),
    (RS.ASSIGNED, R.OPEN, None),
    (RS.ASSIGNED, R.CLOSE, B.ROUND_NOT_OPEN),
    (RS.OPEN, R.ASSIGN, None),
    (RS.OPEN, R.OPEN, B.ROUND_ALREADY_OPEN),
    (RS.OPEN, R.CLOSE, None),
    (RS.CLOSED, R.ASSIGN, B.ROUND_CLOSED),
    (RS.CLOSED, R.OPEN, None),
    (RS.CLOSED, R.CLOSE, B.ROUND_CLOSED),
]


@pytest.mark.parametrize(("stage", "action", "blocker"), ROUND_CASES)
def test_round_table(stage, action, blocker):
    """The round table, in an edition where rounds may run."""
    plain = ROUND_STAGE_FACTS[stage]
    assert round_stage(plain) == stage
    edition = facts(rounds=(plain,))
    verdict = check_round(edition, plain, action)
    assert verdict.codes() == ((blocker,) if blocker else ())


def test_round_cannot_open_with_identity_or_plagiarism_pending():
    """Both counts block, both may be overridden with a reason, not without one."""
    plain = RoundFacts(1, readings=3, identity_pending=15, plagiarism_pending=2)
    verdict = check_round(facts(rounds=(plain,)), plain, R.ASSIGN)
    assert verdict.codes() == (B.IDENTITY_PENDING, B.PLAGIARISM_PENDING)
    assert [b.count for b in verdict.blocks] == [15, 2]
    assert verdict.overridable
    assert overridden(verdict, "Đã kiểm tra bằng mắt, không lộ danh tính")
    assert not overridden(verdict, "   ")


def test_override_never_passes_a_stage_refusal():
    """Published results plus identity findings: the reason does not let it through."""
    plain = RoundFacts(2, readings=3, identity_pending=1)
    edition = STAGE_FACTS[S.PUBLISHED]
    verdict = check_round(edition, plain, R.OPEN)
    assert B.RESULTS_PUBLISHED in verdict.codes()
    assert not verdict.overridable
    assert not overridden(verdict, "lý do")


def test_final_round_waits_for_advancement_and_scans_only_warn():
    """The round before must commit who advances; untyped scans are a warning."""
    plain = RoundFacts(2, previous_pending=True, untyped_scans=4)
    verdict = check_round(facts(rounds=(FIRST_CLOSED, plain)), plain, R.ASSIGN)
    assert verdict.codes() == (B.PREVIOUS_ROUND,)
    assert [(w.code, w.count) for w in verdict.warnings] == [(B.UNTYPED_SCANS, 4)]


def test_closing_after_publication_is_refused():
    """Closing a round is a change of results once they are published."""
    plain = FINAL_OPEN
    edition = facts(rounds=(FIRST_CLOSED, plain), award_stage="published")
    assert check_round(edition, plain, R.CLOSE).codes() == (B.RESULTS_PUBLISHED,)
