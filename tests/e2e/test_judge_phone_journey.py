"""A judge reads on a phone in a real browser: filters the queue from the keyboard,
enlarges the text; nothing is wider than the screen."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.models import User
from judging.assignment.services import pool as services
from tests.e2e.journey_fixtures import (
    CODE,
    assign_demo_first_round,
    log_in,
)

# Set SCREENSHOT_DIR (e.g. docs/screenshots) to keep the phone screenshot; a test run
# never writes into the work tree by itself.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")
PHONE_JUDGE = "giamkhao1@demo.vn"


def phone_judge_ready(app) -> None:
    """Sơ khảo assigned and the judge's declaration signed, so the journey starts at
    the queue."""
    with app.test_request_context():
        edition = assign_demo_first_round(seed=7)
        judge = db.session.scalar(select(User).where(User.email == PHONE_JUDGE))
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
