"""Scoring in a real browser: a judge's draft survives a reload and a dropped network,
then is submitted; the organizer reads the results and advances a shortlist."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.models import Entry, EntryStatus, User
from judging.assignment.models import Assignment, JudgingCode
from judging.scoring.models import Score, ScoreStatus
from tests.e2e.journey_fixtures import assign_demo_first_round, log_in

JUDGE = "giamkhao1@demo.vn"


def judge_code(app) -> tuple[int, int, str, list[int]]:
    """Assign the round; (edition id, round id, one code of JUDGE, criteria)."""
    with app.test_request_context():
        edition = assign_demo_first_round(seed=11)
        round_ = edition.rounds[0]
        db.session.commit()
        judge = db.session.scalar(select(User).where(User.email == JUDGE))
        code = db.session.scalar(
            select(JudgingCode.code)
            .join(
                Assignment,
                (Assignment.entry_id == JudgingCode.entry_id)
                & (Assignment.round_id == JudgingCode.round_id),
            )
            .where(
                Assignment.judge_id == judge.id,
                Assignment.round_id == round_.id,
                Assignment.recused_at.is_(None),
            )
        )
        return edition.id, round_.id, code, [c.id for c in edition.criteria]


def score_everything_else(app, round_id: int) -> None:
    """Every other active reading gets a submitted sheet (distinct totals per entry)."""
    with app.app_context():
        rows = db.session.scalars(
            select(Assignment).where(
                Assignment.round_id == round_id, Assignment.recused_at.is_(None)
            )
        ).all()
        criteria = rows[0].round.edition.criteria
        for row in rows:
            if row.score is not None and row.score.submitted:
                continue
            score = row.score or Score(assignment_id=row.id, version=1)
            points = 5 + row.entry_id % 15
            score.values = {
                str(c.id): float(min(points, c.max_points)) for c in criteria
            }
            score.status, score.submitted_at = ScoreStatus.SUBMITTED, datetime.now(UTC)
            db.session.add(score)
        db.session.commit()


def test_judge_scores_with_autosave_and_organizer_advances(
    page: Page, browser, live_server, live_app
):
    """Draft kept over reload and offline; submitted; the organizer shortlists two."""
    edition_id, round_id, code, criteria = judge_code(live_app)
    assert code, "the judge has no reading"

    context = browser.new_context(base_url=live_server, locale="vi-VN")
    judge = context.new_page()
    judge.set_default_timeout(10_000)
    log_in(judge, JUDGE, DEMO_PASSWORD)
    judge.goto("/judge/")
    if judge.url.endswith("/judge/declaration"):
        judge.locator("#accept").check()
        judge.locator("#submit").click()
    judge.goto(f"/judge/entries/{code}/score")
    first = judge.locator(f"#value-{criteria[0]}")
    total = judge.locator("#running-total")
    first.fill("12")
    expect(total).to_have_text("12,00")  # the running total, Vietnamese style
    first.fill("12,5")  # off the whole-point grid: not counted (yet)
    expect(total).to_have_text("0,00")
    first.fill("12")
    status = judge.locator("#autosave-status")
    expect(status).to_contain_text(re.compile(r"\d\d:\d\d:\d\d"))
    judge.reload()
    expect(first).to_have_value("12")
    expect(total).to_have_text("12,00")

    # The network drops: the typing is kept in the browser and sent once back online.
    context.set_offline(True)
    judge.locator("#overall_comment").fill("Bài viết xúc động")
    expect(status).not_to_contain_text(re.compile(r"\d\d:\d\d:\d\d"))
    context.set_offline(False)
    judge.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text(re.compile(r"\d\d:\d\d:\d\d"))
    judge.reload()
    expect(judge.locator("#overall_comment")).to_have_value("Bài viết xúc động")

    for cid in criteria[1:]:
        judge.locator(f"#value-{cid}").fill("10")
    expect(total).to_have_text(f"{12 + 10 * len(criteria[1:])},00")
    judge.locator("#submit-scores").click()
    expect(judge.locator("#score-submitted")).to_be_visible()
    expect(judge.locator("#score-form")).to_have_count(0)
    context.close()

    score_everything_else(live_app, round_id)
    log_in(page, "bantochuc@demo.vn", DEMO_PASSWORD)
    base = f"/organizer/editions/{edition_id}/judging/rounds/{round_id}"
    page.goto(f"{base}/results")
    expect(page.locator("#results-table tbody tr").first).to_be_visible()
    # Extra readings where they matter: the most uncertain entries, with their chance.
    page.locator("#places").fill("2")
    page.locator("#count").fill("3")
    with page.expect_navigation():
        page.locator("#targeted-refresh").click()
    # The page calibrates every reading and runs the solver once: slow on a busy
    # machine, so the rows may take longer than expect's default 5 s.
    expect(page.locator("#targeted-table tbody tr")).to_have_count(3, timeout=20_000)
    expect(page.locator("#targeted-table")).to_contain_text("khả năng")
    page.goto(f"{base}/advance?rule=top_round&value=2")
    summary = page.locator("#advance-summary")
    expect(summary).to_be_visible()
    # Ties at the cut are decided by hand, with a reason: the first tied entry is
    # added, the others removed.
    tied = page.locator("#advance-table tbody tr.table-warning").all()
    for index, row in enumerate(tied):
        row.locator("select").select_option("add" if index == 0 else "remove")
        row.locator("input").fill("Hội đồng quyết định")
    if tied:
        page.locator("#preview-changes").click()
        expect(page.locator("#advance-table tbody tr.table-warning")).to_have_count(0)
    page.locator("#commit-advance").click()
    expect(page.locator(".alert-success")).to_be_visible()
    with live_app.app_context():
        shortlisted = db.session.scalars(
            select(Entry).where(
                Entry.edition_id == edition_id,
                Entry.status == EntryStatus.SHORTLISTED,
            )
        ).all()
        assert 1 <= len(shortlisted) <= 3
