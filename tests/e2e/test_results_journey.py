"""A visitor on a phone reads the published results and an awarded entry; its writer
logs in and sees the prize in "My entries"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.models import (
    EditionStatus,
    Entry,
    EntryAuthor,
    EntryStatus,
    EntryVersion,
    FeaturedPerson,
    User,
)
from contest.services.editions import create_edition
from judging.awards.models.lists import AwardList, AwardPlacement, AwardStage
from tests.e2e.journey_fixtures import log_in

WRITER = "tacgia2@demo.vn"
TITLE = "Cô giáo của những đứa trẻ xóm chài"


@pytest.fixture(scope="module")
def published_edition(live_app) -> int:
    """A past edition of its own (the demo's current one is left alone), with one
    entry of a demo writer awarded a Nhất and the list published."""
    with live_app.app_context():
        writer = db.session.scalar(select(User).where(User.email == WRITER))
        edition = create_edition(
            None, title="Cuộc thi viết người tốt, việc tốt", year=2024
        )
        edition.status = EditionStatus.CLOSED
        db.session.flush()
        track = edition.tracks[0]
        entry = Entry(
            edition_id=edition.id,
            number="E2E2024-000001",
            track_id=track.id,
            title=TITLE,
            owner_id=writer.id,
            status=EntryStatus.AWARDED,
            declaration_accepted=True,
        )
        entry.versions.append(
            EntryVersion(
                number=1,
                title=TITLE,
                text="Cô Lan dạy chữ cho trẻ xóm chài suốt hai mươi năm.\n\n"
                "Mỗi tối, lớp học nhỏ sáng đèn bên bờ sông Hồng.",
                word_count=22,
            )
        )
        entry.authors.append(
            EntryAuthor(full_name=writer.full_name, email=writer.email, phone="0900")
        )
        entry.featured.append(FeaturedPerson(name="Nguyễn Thị Lan"))
        db.session.add(entry)
        award_list = AwardList(
            edition_id=edition.id,
            stage=AwardStage.PUBLISHED,
            published_at=datetime.now(UTC),
        )
        db.session.add(award_list)
        db.session.flush()
        db.session.add(
            AwardPlacement(
                award_list_id=award_list.id,
                entry_id=entry.id,
                track_id=track.id,
                tier="nhat",
                position=1,
            )
        )
        db.session.commit()
        return edition.id


def test_visitor_reads_an_awarded_entry_and_the_writer_sees_the_prize(
    page: Page, published_edition: int
):
    """Phone-sized: results → entry text; then the writer's "My entries" shows the prize."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/editions/{published_edition}/results")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kết quả")
    expect(page.get_by_role("heading", name="Giải Nhất")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()

    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(
        page.get_by_text("Mỗi tối, lớp học nhỏ sáng đèn bên bờ sông Hồng.")
    ).to_be_visible()
    expect(page.get_by_text("Nguyễn Thị Lan")).to_be_visible()
    expect(page.get_by_text(WRITER)).to_have_count(0)
    page.get_by_role("link", name="Quay lại kết quả").click()
    expect(page.get_by_role("heading", name="Giải Nhất")).to_be_visible()

    log_in(page, WRITER, DEMO_PASSWORD)
    page.goto("/writer/")
    expect(page.get_by_role("row", name=TITLE)).to_contain_text(
        "Giải Nhất – Bảng Bài viết"
    )
