"""Helpers shared by the browser journeys: logging in through the form, the demo's
accounts the award journeys use, the reason written when a demo round is opened over
its undecided findings, the shape of a judging code, a final round scored for the
award list, a judge's tab that reads its one entry blind and scores it, and a
unit's own round read through its pages, with its batch's cover letter signed.

A helper module (not a test module): journeys import from here, never from each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD, DEMO_TITLE
from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, User
from judging.assignment.services import runs
from tests.award_fixtures import add_submitted_sheet

ORGANIZER = "bantochuc@demo.vn"
CHAIR = "chutich@demo.vn"
AWARDS_JUDGE = "giamkhao2@demo.vn"  # the judge of the award journeys' final round
SCORES = (95, 90, 85)  # distinct: no tie to decide
CODE = re.compile(r"^SK-[2-9A-HJKMNP-Z]{6}$")
# The demo leaves identity findings and similar pairs undecided: journeys that are
# not about them open the round the organizers' way, with a written reason.
DEMO_OVERRIDE = "Bản demo: các phát hiện đã được xem"


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile("^Mật khẩu")).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


@contextmanager
def judge_tab(
    browser: Browser, base_url: str, email: str, password: str
) -> Iterator[Page]:
    """A judge's own browser (own cookies), logged in, the declaration signed, on
    the queue; closed afterwards."""
    context = browser.new_context(base_url=base_url, locale="vi-VN")
    try:
        judge = context.new_page()
        judge.set_default_timeout(10_000)
        log_in(judge, email, password)
        judge.goto("/judge/")
        if judge.url.endswith("/judge/declaration"):
            judge.locator("#accept").check()
            judge.locator("#submit").click()
        expect(judge).to_have_url(re.compile(r"/judge/$"))
        yield judge
    finally:
        context.close()


def assert_none_shown(page: Page, hidden: Iterable[str]) -> None:
    """None of `hidden` (case-insensitive) is anywhere in the page's text."""
    text = page.locator("body").inner_text().casefold()
    shown = [word for word in hidden if word.casefold() in text]
    assert not shown, f"{page.url} shows {shown}"


def assert_fits_a_phone(page: Page) -> None:
    """At a phone's width (375 px) the page does not scroll sideways (wide tables
    scroll inside their own box); the viewport is put back afterwards."""
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        extra = page.evaluate(
            "() => document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        assert extra <= 0, f"{page.url} is {extra}px wider than a phone"
    finally:
        page.set_viewport_size(size)


def assert_unique_ids(page: Page) -> None:
    """No id is given to two elements (labels and errors point at one field)."""
    doubled = page.evaluate(
        """() => { const seen = {}, doubled = [];
        document.querySelectorAll('[id]').forEach(e => {
          if (seen[e.id]) doubled.push(e.id); seen[e.id] = true; });
        return doubled; }"""
    )
    assert not doubled, f"{page.url} repeats ids {doubled}"


def read_only_entry_blind(judge: Page, hidden: Iterable[str]) -> str:
    """The judge's queue holds one code; its reading page shows none of `hidden`
    (the author's name, email, pen name, …). Returns the code."""
    hidden = list(hidden)
    links = judge.locator(".judge-queue a.queue-code")
    expect(links).to_have_count(1)
    assert_none_shown(judge, hidden)
    code = links.inner_text().strip()
    links.click()
    expect(judge.locator("#entry-title")).to_be_visible()
    assert_none_shown(judge, hidden)
    return code


def score_entry(judge: Page, code: str, share: float, comment: str) -> None:
    """On the judge's score page of `code`: `share` of every criterion's maximum
    (whole points), an overall comment, submitted."""
    judge.goto(f"/judge/entries/{code}/score")
    for value in judge.locator("#score-form input[id^='value-']").all():
        value.fill(str(int(float(value.get_attribute("data-max")) * share)))
    judge.locator("#overall_comment").fill(comment)
    judge.locator("#submit-scores").click()
    expect(judge.locator("#score-submitted")).to_be_visible()


def assign_demo_first_round(seed: int) -> Edition:
    """Inside a request context: commit the demo edition's first round (sơ khảo) over
    its undecided findings, the organizers' way; returns the edition (not committed)."""
    edition = db.session.scalar(select(Edition).where(Edition.title == DEMO_TITLE))
    runs.commit_round(
        None,
        edition.rounds[0],
        seed=seed,
        balance=True,
        now=datetime.now(UTC),
        override_reason=DEMO_OVERRIDE,
    )
    return edition


def score_final_round(app) -> tuple[int, list[int], list[str]]:
    """Three entries of the first track scored in the final round; 1 prize per tier.

    Returns the edition id, and the ids and titles of the three entries, best first.
    """
    with app.app_context():
        edition = db.session.scalar(select(Edition).where(Edition.title == DEMO_TITLE))
        final, track = edition.rounds[-1], edition.tracks[0]
        for tier in track.tiers:
            tier.count = 1 if tier.code in ("nhat", "nhi", "ba") else 0
        judge = db.session.scalar(select(User).where(User.email == AWARDS_JUDGE))
        entries = db.session.scalars(
            select(Entry)
            .where(
                Entry.edition_id == edition.id,
                Entry.track_id == track.id,
                Entry.status.not_in([EntryStatus.DRAFT, EntryStatus.WITHDRAWN]),
                Entry.status != EntryStatus.NOT_ELIGIBLE,
            )
            .order_by(Entry.id)
            .limit(len(SCORES))
        ).all()
        assert len(entries) == len(SCORES), "the demo has too few entries"
        criteria = list(edition.criteria)
        for entry, score in zip(entries, SCORES, strict=True):
            add_submitted_sheet(final.id, judge.id, entry.id, criteria, score)
        db.session.commit()
        return edition.id, [e.id for e in entries], [e.title for e in entries]


def unit_round_read(
    page: Page,
    browser: Browser,
    base_url: str,
    *,
    round_name: str,
    judge: tuple[str, str],
    comment: str,
    hidden: tuple[str, ...],
) -> None:
    """The logged-in focal point of a unit holding one entry creates a round, adds
    its judge (an account of the unit: email, name), gives out the entry; the judge
    reads it blind (none of `hidden` shown) and scores it; the focal point closes
    the round and lands on "Ranking and shortlist"."""
    page.goto("/unit/")
    page.get_by_role("link", name="Các vòng chấm của đơn vị").click()
    page.get_by_label("Tên vòng chấm").fill(round_name)
    page.get_by_role("button", name="Tạo vòng chấm").click()
    expect(page.get_by_text("Đã tạo vòng chấm.")).to_be_visible()
    expect(page.get_by_role("heading", name=round_name)).to_be_visible()
    expect(
        page.get_by_text("Số bài vòng chấm này chấm (các bài đơn vị đang giữ): 1.")
    ).to_be_visible()
    page.get_by_label("Tài khoản của đơn vị", exact=True).select_option(
        label=f"{judge[1]} ({judge[0]})"
    )
    page.get_by_role("button", name="Thêm làm giám khảo").click()
    expect(page.locator("#unit-judges")).to_contain_text(judge[1])
    assert_fits_a_phone(page)
    assert_unique_ids(page)
    page.get_by_role("button", name="Giao bài cho giám khảo").click()
    expect(
        page.get_by_text("Đã giao bài cho giám khảo: 1 lượt chấm mới.")
    ).to_be_visible()
    with judge_tab(browser, base_url, judge[0], DEMO_PASSWORD) as tab:
        code = read_only_entry_blind(tab, hidden)
        assert code.startswith("CS-"), code  # a unit round's code
        score_entry(tab, code, 0.9, comment)
        assert_none_shown(tab, hidden)
    page.reload()
    row = page.locator("#unit-judges tbody tr", has_text=judge[1])
    expect(row.locator("td").nth(4)).to_have_text("1")  # submitted
    page.get_by_role("button", name="Kết thúc vòng chấm").click()
    expect(page.get_by_text("Vòng chấm đã đóng.")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(re.escape(round_name)))
    ).to_be_visible()


def sign_newest_batch(page: Page, head_title: str) -> None:
    """The head signs the unit's newest batch; its cover letter downloads as PDF."""
    page.goto("/unit/batches")
    page.locator("#batches tbody tr").first.get_by_role("link").click()
    page.get_by_label("Họ tên thủ trưởng đơn vị").fill("Nguyễn Văn Trưởng")
    page.get_by_label("Chức vụ (ví dụ Chủ tịch UBND xã)").fill(head_title)
    page.get_by_role("button", name="Ký công văn").click()
    expect(page.get_by_text("Đã ký công văn.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải công văn (PDF)").click()
    with open(download.value.path(), "rb") as letter:
        assert letter.read(5) == b"%PDF-"
