"""Blind judging in a real browser: the organizer assigns, a judge reads and recuses
(reading on a phone: test_judge_phone_journey.py).

A few entries are submitted through the live app's services first (as writers of
the demo would), on top of whatever the demo holds. Elements are found by role, id
or href so the journey holds in either interface language.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD, DEMO_TITLE
from contest.extensions import db
from contest.models import Edition, Entry, EntryAuthor
from contest.services import entries as service
from tests.e2e.journey_fixtures import CODE, log_in

WRITERS = [f"tacgia{i}@demo.vn" for i in range(1, 7)]


def submit_demo_entries(app, live_entry) -> tuple[int, int, list[str]]:
    """One more entry per demo writer; (edition id, sơ khảo id, every author's name)."""
    with app.app_context():
        edition = db.session.scalar(select(Edition).where(Edition.title == DEMO_TITLE))
        edition_id, round_id, fields = (
            edition.id,
            edition.rounds[0].id,
            len(edition.fields),
        )
    for index, email in enumerate(WRITERS):
        live_entry(
            edition_id,
            email,
            title=f"Tấm gương thứ {index + 1}",
            field=index % fields,
            featured=service.FeaturedData(name="Nguyễn Thị Hoa"),
            key=f"judge-journey-{index}",
        )
    with app.app_context():
        names = db.session.scalars(
            select(EntryAuthor.full_name)
            .join(Entry)
            .where(Entry.edition_id == edition_id)
        ).all()
    return edition_id, round_id, sorted(set(names))


def test_organizer_assigns_and_judge_reads_blind_then_recuses(
    page: Page, browser, live_server, live_app, live_entry
):
    """Assignment with a preview; the judge signs, sees codes only and recuses once."""
    edition_id, round_id, authors = submit_demo_entries(live_app, live_entry)

    log_in(page, "bantochuc@demo.vn", DEMO_PASSWORD)
    page.goto(f"/organizer/editions/{edition_id}/judging/rounds/{round_id}")
    page.locator("#preview-assignment").click()
    expect(page.locator("#preview-summary")).to_be_visible()
    expect(page.locator("#preview-judges tbody tr")).to_have_count(6)
    # The demo's identity findings and similar pairs are still undecided: the page
    # names them, and the organizer opens the round anyway, saying why (logged).
    expect(page.locator("#stage-blockers")).to_be_visible()
    page.locator("#override_reason").fill("Đã xem các bài của bản demo")
    page.locator("#commit-assignment").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#round-progress tbody tr")).to_have_count(6)

    context = browser.new_context(base_url=live_server, locale="vi-VN")
    judge = context.new_page()
    judge.set_default_timeout(10_000)
    log_in(judge, "giamkhao1@demo.vn", DEMO_PASSWORD)
    judge.goto("/judge/")
    expect(judge).to_have_url(re.compile(r"/judge/declaration$"))
    judge.locator("#submit").click()  # not ticked: refused, still here
    expect(judge.locator("#accept-error")).to_be_visible()
    judge.locator("#accept").check()
    judge.locator("#submit").click()
    expect(judge).to_have_url(re.compile(r"/judge/$"))

    links = judge.locator(".judge-queue a.queue-code")
    expect(links.first).to_be_visible()
    codes = links.all_inner_texts()
    assert codes and all(CODE.match(c) for c in codes)
    queue_text = judge.locator("main").inner_text()
    assert not re.search(r"HN\d{4}-\d{6}", queue_text)
    assert not any(name in queue_text for name in authors)

    chosen = codes[0]
    judge.get_by_role("link", name=chosen, exact=True).click()
    expect(judge.locator(".badge", has_text=chosen)).to_be_visible()
    expect(judge.locator(".entry-text p").first).to_be_visible()
    body = judge.locator("main").inner_text()
    assert not any(name in body for name in authors) and "0912 000 111" not in body
    assert not re.search(r"HN\d{4}-\d{6}", body)

    judge.locator("#declare-conflict").click()
    judge.locator("#confirm").check()
    judge.locator("#submit").click()
    expect(judge).to_have_url(re.compile(r"/judge/$"))
    expect(judge.get_by_role("link", name=chosen, exact=True)).to_have_count(0)
    assert judge.goto(f"/judge/entries/{chosen}").status == 404
    context.close()
