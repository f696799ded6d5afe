"""Blind judging in a real browser: the organizer assigns, a judge reads and recuses.

A few entries are submitted through the live app's services first (as writers of
the demo would), on top of whatever the demo holds. Elements are found by role, id
or href so the journey holds in either interface language.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD, DEMO_TITLE
from contest.extensions import db
from contest.models import Edition, Entry, EntryAuthor, User
from contest.services import entries as service
from tests.conftest import STORY
from tests.e2e.test_journeys import log_in

CODE = re.compile(r"^SK-[2-9A-HJKMNP-Z]{6}$")
WRITERS = [f"tacgia{i}@demo.vn" for i in range(1, 7)]


def submit_demo_entries(app) -> tuple[int, int, list[str]]:
    """One more entry per demo writer; (edition id, sơ khảo id, every author's name)."""
    with app.test_request_context():
        edition = db.session.scalar(select(Edition).where(Edition.title == DEMO_TITLE))
        for index, email in enumerate(WRITERS):
            writer = db.session.scalar(select(User).where(User.email == email))
            entry = service.start_entry(writer, edition, key=f"judge-journey-{index}")
            service.save_draft(
                entry,
                writer,
                service.EntryData(
                    title=f"Tấm gương thứ {index + 1}",
                    track_id=edition.tracks[0].id,
                    field_id=edition.fields[index % len(edition.fields)].id,
                    genre="Ký",
                    text=STORY,
                    authors=[
                        service.AuthorData(
                            full_name=writer.full_name,
                            email=writer.email,
                            phone="0912 000 111",
                        )
                    ],
                    featured=[service.FeaturedData(name="Nguyễn Thị Hoa")],
                ),
            )
            entry.declaration_accepted = True
            service.submit(entry, writer, datetime.now(UTC))
        db.session.commit()
        names = db.session.scalars(
            select(EntryAuthor.full_name)
            .join(Entry)
            .where(Entry.edition_id == edition.id)
        ).all()
        return edition.id, edition.rounds[0].id, sorted(set(names))


def test_organizer_assigns_and_judge_reads_blind_then_recuses(
    page: Page, browser, live_server, live_app
):
    """Assignment with a preview; the judge signs, sees codes only and recuses once."""
    edition_id, round_id, authors = submit_demo_entries(live_app)

    log_in(page, "bantochuc@demo.vn", DEMO_PASSWORD)
    page.goto(f"/organizer/editions/{edition_id}/judging/rounds/{round_id}")
    page.locator("#preview-assignment").click()
    expect(page.locator("#preview-summary")).to_be_visible()
    expect(page.locator("#preview-judges tbody tr")).to_have_count(6)
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

    links = judge.locator("#judge-queue tbody a")
    expect(links.first).to_be_visible()
    codes = links.all_inner_texts()
    assert codes and all(CODE.match(c) for c in codes)
    queue_text = judge.locator("main").inner_text()
    assert not re.search(r"HN\d{4}-\d{6}", queue_text)
    assert not any(name in queue_text for name in authors)

    chosen = codes[0]
    judge.get_by_role("link", name=chosen).click()
    expect(judge.locator(".badge", has_text=chosen)).to_be_visible()
    expect(judge.locator(".entry-text p").first).to_be_visible()
    body = judge.locator("main").inner_text()
    assert not any(name in body for name in authors) and "0912 000 111" not in body
    assert not re.search(r"HN\d{4}-\d{6}", body)

    judge.locator("#declare-conflict").click()
    judge.locator("#confirm").check()
    judge.locator("#submit").click()
    expect(judge).to_have_url(re.compile(r"/judge/$"))
    expect(judge.get_by_role("link", name=chosen)).to_have_count(0)
    assert judge.goto(f"/judge/entries/{chosen}").status == 404
    context.close()
