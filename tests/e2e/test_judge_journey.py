"""Blind judging in a real browser: the organizer assigns, a judge reads and recuses;
another judge reads on a phone (filters, text size, no horizontal scroll).

A few entries are submitted through the live app's services first (as writers of
the demo would), on top of whatever the demo holds. Elements are found by role, id
or href so the journey holds in either interface language.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD, DEMO_TITLE
from contest.extensions import db
from contest.models import Edition, Entry, EntryAuthor, User
from contest.services import entries as service
from judging.assignment.services import pool as services
from judging.assignment.services import runs
from judging.assignment.services.roster import round_assignments
from tests.conftest import STORY
from tests.e2e.test_journeys import log_in

# Set SCREENSHOT_DIR (e.g. docs/screenshots) to keep the phone screenshot; a test run
# never writes into the work tree by itself.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")
PHONE_JUDGE = "giamkhao3@demo.vn"  # giamkhao1, 2 and 6 are other journeys' judges
CODE = re.compile(r"^SK-[2-9A-HJKMNP-Z]{6}$")
WRITERS = [f"tacgia{i}@demo.vn" for i in range(1, 7)]
# The demo leaves identity findings and similar pairs undecided: journeys that are
# not about them open the round the organizers' way, with a written reason.
DEMO_OVERRIDE = "Bản demo: các phát hiện đã được xem"


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


def phone_judge_ready(app) -> None:
    """Sơ khảo assigned (if no journey did it yet) and the phone judge's declaration
    signed, so the journey starts at the queue."""
    with app.test_request_context():
        edition = db.session.scalar(select(Edition).where(Edition.title == DEMO_TITLE))
        round_ = edition.rounds[0]
        if not round_assignments(round_):
            runs.commit_round(
                None,
                round_,
                seed=7,
                balance=True,
                now=datetime.now(UTC),
                override_reason=DEMO_OVERRIDE,
            )
        judge = db.session.scalar(select(User).where(User.email == PHONE_JUDGE))
        if services.pending_declarations(judge):
            services.sign_declaration(judge, edition, datetime.now(UTC))
        db.session.commit()


def no_horizontal_scroll(page: Page) -> bool:
    """True when the page is not wider than the screen."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_judge_reads_on_a_phone(browser, live_server, live_app, tmp_path):
    """390×844: filter the queue from the keyboard, open an entry, enlarge the text
    (remembered after a reload); nothing is wider than the screen."""
    phone_judge_ready(live_app)
    context = browser.new_context(
        base_url=live_server,
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    judge = context.new_page()
    judge.set_default_timeout(10_000)
    log_in(judge, PHONE_JUDGE, DEMO_PASSWORD)
    expect(judge).to_have_url(re.compile(r"/judge/$"))  # a judge lands on the queue
    expect(judge.locator(".queue-progress").first).to_be_visible()
    expect(judge.locator("[id^=progress-][id$=-label]").first).to_contain_text(
        "đã chấm"
    )
    assert no_horizontal_scroll(judge)

    codes = judge.locator("a.queue-code").all_inner_texts()
    assert codes and all(CODE.match(c) for c in codes)
    chosen = codes[-1]
    # On a phone the filters are folded away under their summary: the list first.
    expect(judge.locator("#queue-left")).to_contain_text("Số bài còn phải chấm")
    expect(judge.locator("#q")).to_be_hidden()
    judge.locator("#queue-filter-box summary").focus()
    judge.keyboard.press("Enter")
    judge.locator("#q").fill(chosen[-4:].lower())
    judge.locator("#q").press("Enter")  # the filter form works from the keyboard
    expect(judge).to_have_url(re.compile(r"/judge/\?.*q="))
    expect(judge.locator("a.queue-code")).to_have_text([chosen])
    judge.locator("#state").select_option("submitted")
    judge.locator("#apply-filters").click()
    expect(judge.locator("a.queue-code")).to_have_count(0)
    judge.locator("#clear-filters").click()
    expect(judge.locator("a.queue-code")).to_have_count(len(codes))

    judge.get_by_role("link", name=chosen, exact=True).click()
    expect(judge.locator("#entry-title")).to_be_visible()
    first = judge.locator("#entry-text p").first
    expect(first.locator(".para-no")).to_be_visible()
    assert not re.match(r"\s*1", first.inner_text())  # the number is not in the text
    assert no_horizontal_scroll(judge)

    def size() -> float:
        return judge.evaluate(
            "parseFloat(getComputedStyle(document.getElementById('entry-text')).fontSize)"
        )

    before = size()
    larger = judge.locator("#text-larger")
    expect(larger).to_be_visible()  # reading.js showed the control
    larger.focus()
    judge.keyboard.press("Enter")
    judge.keyboard.press("Space")
    expect(judge.locator("#text-size-status")).to_have_text(re.compile(r"124\s*%"))
    assert size() > before * 1.15
    assert judge.evaluate("localStorage.getItem('judge.readingSize')") == "5"
    judge.reload()
    expect(judge.locator("[data-reading]")).to_have_attribute("data-reading-size", "5")
    assert no_horizontal_scroll(judge)
    rubric = judge.locator("#rubric").bounding_box()
    text = judge.locator("#entry-text").bounding_box()
    assert rubric["y"] > text["y"] + text["height"] - 1  # below the text on a phone

    judge.evaluate(
        "window.scrollTo(0, document.querySelector('article.reading')"
        ".getBoundingClientRect().top + window.scrollY - 8)"
    )
    folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    judge.screenshot(path=str(folder / "judge-reading-phone.png"))
    context.close()
