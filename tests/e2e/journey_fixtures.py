"""Helpers shared by the browser journeys: logging in through the form, the demo's
accounts the award journeys use, the reason written when a demo round is opened over
its undecided findings, the shape of a judging code, and a final round scored for the
award list.

A helper module (not a test module): journeys import from here, never from each other.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import Page
from sqlalchemy import select

from contest.demo import DEMO_TITLE
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
