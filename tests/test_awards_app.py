"""The award list through the app: the proposal from a scored final round, a boundary
tie decided, prize counts changed, overrides with reasons, the council chair's
sign-off, the frozen list, reopening, publishing, and every official document."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, Role
from judging.assignment.models import Assignment
from judging.awards.models.lists import (
    AwardList,
    AwardLogEntry,
    AwardPlacement,
    AwardStage,
)
from judging.scoring.models import Score, ScoreStatus
from tests.conftest import login, page_text, post_form
from tests.judging_fixtures import shown
from tests.stage_fixtures import judging_done

AUTHORS = ("Nguyễn Thị Dư", "Trần Văn Dương", "Đặng Thị Ánh", "Lý Văn Mạnh")
SCORES = (90, 80, 80, 70)  # B and C tie at 80 across the one Nhì seat


@pytest.fixture
def scored(app, make_edition, make_user, make_entry):
    """Four entries of the first track, read by one judge in the final round."""
    edition_id = make_edition()
    entries = [
        make_entry(
            owner=make_user(full_name=name),
            title=f"Câu chuyện {letter}",
            with_photo=letter == "A",
        )
        for name, letter in zip(AUTHORS, "ABCD", strict=True)
    ]
    judge = make_user(Role.JUDGE, full_name="Giám Khảo Chung")
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        final = edition.rounds[-1]
        criteria = list(edition.criteria)
        for sample, score in zip(entries, SCORES, strict=True):
            reading = Assignment(
                round_id=final.id, judge_id=judge.id, entry_id=sample.id
            )
            db.session.add(reading)
            db.session.flush()
            db.session.add(
                Score(
                    assignment_id=reading.id,
                    values={str(c.id): c.max_points * score / 100 for c in criteria},
                    status=ScoreStatus.SUBMITTED,
                    submitted_at=datetime.now(UTC),
                )
            )
            db.session.get(Entry, sample.id).status = EntryStatus.SHORTLISTED
        db.session.commit()
        track_id = edition.tracks[0].id
    judging_done(app, edition_id)  # the award list comes after entries and rounds
    return {
        "edition_id": edition_id,
        "entries": [e.id for e in entries],
        "numbers": [e.number for e in entries],
        "track_id": track_id,
    }


def url(world, action: str = "") -> str:
    """An award URL of the scored edition."""
    return f"/organizer/editions/{world['edition_id']}/awards/{action}"


def version_on(page: str) -> str:
    """The list version the page's forms carry."""
    found = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    return (found or re.search(r'data-version="(\d+)"', page)).group(1)


def post(client, world, action: str, data: dict | None = None):
    """Post a form of the award page with the page's current version."""
    version = version_on(page_text(client.get(url(world))))
    return post_form(client, url(world, action), {"version": version, **(data or {})})


def counts(world, special=0, first=1, second=1, third=0, consolation=0, reason="Họp"):
    """Form data of the tier-count form of the first track."""
    return {
        "track_id": str(world["track_id"]),
        "count_dac_biet": str(special),
        "count_nhat": str(first),
        "count_nhi": str(second),
        "count_ba": str(third),
        "count_khuyen_khich": str(consolation),
        "reason": reason,
    }


def placements(app, world) -> dict[int, str]:
    """Entry id → tier of the edition's placements."""
    with app.app_context():
        rows = db.session.scalars(
            select(AwardPlacement)
            .join(AwardList)
            .where(AwardList.edition_id == world["edition_id"])
        )
        return {p.entry_id: p.tier for p in rows}


def award_list(app, world) -> AwardList:
    """The edition's award list, detached."""
    with app.app_context():
        row = db.session.scalar(
            select(AwardList).where(AwardList.edition_id == world["edition_id"])
        )
        db.session.expunge(row)
        return row


@pytest.fixture
def organizer(client, login_as, scored):
    """An organizer (in English) who proposed the list and set 1 Nhất + 1 Nhì."""
    person = login_as(Role.ORGANIZER, full_name="Trần Thị Minh Thư")
    client.get("/lang/en")
    assert post_form(client, url(scored, "start"), {}).status_code == 302
    assert post(client, scored, "counts", counts(scored)).status_code == 302
    return person


def decide_tie(client, world, winner: int, loser: int):
    """Give the Nhì seat to ``winner`` (entry index) and no prize to ``loser``."""
    ids = world["entries"]
    return post(
        client,
        world,
        "ties",
        {
            f"tie-{ids[winner]}": "nhi",
            f"tie-{ids[loser]}": "none",
            "reason": "Bốc thăm",
        },
    )


def test_proposal_from_the_final_round(app, client, login_as, scored):
    """Starting the list ranks the final round's entries into the default tiers."""
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    response = post_form(client, url(scored, "start"), {})
    assert response.status_code == 302
    page = shown(client.get(url(scored)))
    assert "Chung khảo" in page and "Câu chuyện A" in page and AUTHORS[0] in page
    tiers = placements(app, scored)
    ids = scored["entries"]
    assert tiers[ids[0]] == "dac_biet"  # default counts: 1 Đặc biệt, 2 Nhất …
    assert {tiers[ids[1]], tiers[ids[2]]} == {"nhat"}
    assert tiers[ids[3]] == "nhi"


def test_tie_is_shown_and_decided_with_a_logged_reason(app, client, organizer, scored):
    """B and C tie across the one Nhì seat: shown, then decided by the organizer."""
    page = shown(client.get(url(scored)))
    assert "Ties to decide" in page and "Câu chuyện B" in page
    ids = scored["entries"]
    assert placements(app, scored) == {ids[0]: "nhat"}  # the tied seat stays empty
    refused = post(client, scored, "submit")
    assert refused.status_code == 409 and "Decide every tie" in shown(refused)
    bad = post(
        client,
        scored,
        "ties",
        {f"tie-{ids[1]}": "nhi", f"tie-{ids[2]}": "nhi", "reason": "x"},
    )
    assert bad.status_code == 409 and "filled exactly" in shown(bad)
    assert decide_tie(client, scored, 2, 1).status_code == 302
    assert placements(app, scored) == {ids[0]: "nhat", ids[2]: "nhi"}
    with app.app_context():
        line = db.session.scalar(
            select(AwardLogEntry).where(AwardLogEntry.action == "tie")
        )
        assert line.reason == "Bốc thăm" and line.actor_id == organizer.id
    assert "Tie decided" in shown(client.get(url(scored)))


def test_count_change_adds_a_special_prize(app, client, organizer, scored):
    """One more Đặc biệt (with a reason) re-seats everyone; no reason is refused."""
    no_reason = post(client, scored, "counts", counts(scored, special=1, reason=""))
    assert no_reason.status_code == 422
    assert "This field is required" in shown(no_reason)
    response = post(
        client, scored, "counts", counts(scored, special=1, reason="Thêm giải")
    )
    assert response.status_code == 302
    ids = scored["entries"]
    tiers = placements(app, scored)
    assert tiers[ids[0]] == "dac_biet" and ids[3] not in tiers
    with app.app_context():
        track = db.session.get(Edition, scored["edition_id"]).tracks[0]
        assert {t.code: t.count for t in track.tiers}["dac_biet"] == 1


def test_override_needs_a_reason_and_can_be_revoked(app, client, organizer, scored):
    """Moving D into Nhất (full) is refused; removing A then moving D works; revoke."""
    ids = scored["entries"]
    decide_tie(client, scored, 2, 1)
    data = {"entry_id": str(ids[3]), "action": "move", "tier": "nhat", "reason": ""}
    assert post(client, scored, "overrides", data).status_code == 422
    full = post(client, scored, "overrides", data | {"reason": "Hội đồng"})
    assert full.status_code == 409 and "more prizes than its count" in shown(full)
    remove = {"entry_id": str(ids[0]), "action": "remove", "reason": "Vi phạm thể lệ"}
    assert post(client, scored, "overrides", remove).status_code == 302
    assert (
        post(client, scored, "overrides", data | {"reason": "Hội đồng"}).status_code
        == 302
    )
    assert placements(app, scored) == {ids[3]: "nhat", ids[2]: "nhi"}
    with app.app_context():
        override_id = max(
            o.id for o in db.session.scalars(select(AwardList)).one().overrides
        )
    assert (
        post(
            client,
            scored,
            "overrides/revoke",
            {"override_id": str(override_id), "reason": "Nhầm"},
        ).status_code
        == 302
    )
    assert placements(app, scored) == {ids[2]: "nhi"}  # D back to no prize, A still out


def test_not_eligible_entries_are_left_out(app, client, organizer, scored):
    """An entry ruled not eligible leaves the proposal when it is rebuilt."""
    ids = scored["entries"]
    with app.app_context():
        db.session.get(Entry, ids[0]).status = EntryStatus.NOT_ELIGIBLE
        db.session.commit()
    with app.app_context():
        round_id = db.session.get(Edition, scored["edition_id"]).rounds[-1].id
    assert (
        post(client, scored, "settings", {"round_id": str(round_id)}).status_code == 302
    )
    tiers = placements(app, scored)
    assert ids[0] not in tiers and ids[3] not in tiers  # B, C now tie for Nhất…Nhì
    assert "not eligible or withdrawn are left out" in shown(client.get(url(scored)))


def test_stale_form_is_refused(app, client, organizer, scored):
    """A form shown before another change is refused, not applied."""
    old = version_on(page_text(client.get(url(scored))))
    decide_tie(client, scored, 2, 1)
    data = {"version": old, **counts(scored, special=1, reason="Cũ")}
    response = post_form(client, url(scored, "counts"), data)
    assert response.status_code == 409 and "Someone changed" in shown(response)


def chair_client(app, make_user, name="Lê Hồng Sơn"):
    """A council chair, logged in, in English."""
    person = make_user(Role.CHAIR, full_name=name)
    other = app.test_client()
    assert login(other, person.email, person.password).status_code == 302
    other.get("/lang/en")
    return other, person


def test_sign_off_rules(app, client, organizer, scored, make_user):
    """Non-chair and submitting chair cannot approve; a chair returns, then approves;
    the approved list is frozen; reopening needs a reason and goes back to draft."""
    decide_tie(client, scored, 2, 1)
    assert post(client, scored, "submit").status_code == 302
    assert award_list(app, scored).stage == AwardStage.SUBMITTED
    not_chair = post(client, scored, "approve")
    assert not_chair.status_code == 409 and "Only a council chair" in shown(not_chair)

    chair, chair_person = chair_client(app, make_user)
    page = shown(chair.get(url(scored)))
    assert "Approve the award list" in page and "Câu chuyện A" in page
    assert chair.get(url(scored, "documents")).status_code == 403
    back = post(chair, scored, "return", {"reason": "Xem lại giải Nhì"})
    assert back.status_code == 302 and award_list(app, scored).stage == AwardStage.DRAFT

    # An organizer who is also a chair submits: they may not approve their own list.
    both = make_user(Role.ORGANIZER, Role.CHAIR, full_name="Phạm Văn Kiêm")
    other = app.test_client()
    login(other, both.email, both.password)
    other.get("/lang/en")
    assert post(other, scored, "submit").status_code == 302
    own = post(other, scored, "approve")
    assert own.status_code == 409 and "another council chair" in shown(own)
    assert post(chair, scored, "approve").status_code == 302
    approved = award_list(app, scored)
    assert approved.stage == AwardStage.APPROVED
    assert approved.approved_by_id == chair_person.id

    frozen = post(client, scored, "counts", counts(scored, special=2, reason="Muộn"))
    assert frozen.status_code == 409 and "reopen it" in shown(frozen)
    assert post(client, scored, "reopen", {"reason": ""}).status_code == 422
    assert post(client, scored, "reopen", {"reason": "Sai sót"}).status_code == 302
    assert award_list(app, scored).stage == AwardStage.DRAFT
    assert "Reopened" in shown(client.get(url(scored)))


def approve(app, client, world, make_user):
    """Decide the tie, submit, and have a chair approve."""
    decide_tie(client, world, 2, 1)
    assert post(client, world, "submit").status_code == 302
    chair, _person = chair_client(app, make_user)
    assert post(chair, world, "approve").status_code == 302


def statuses(app, world) -> list[EntryStatus]:
    """The status of each entry of the world."""
    with app.app_context():
        return [db.session.get(Entry, i).status for i in world["entries"]]


def test_publish_awards_the_entries_and_reopen_restores(
    app, client, organizer, scored, make_user
):
    """Publishing marks the placed entries AWARDED; reopening gives back SHORTLISTED."""
    approve(app, client, scored, make_user)
    assert post(client, scored, "publish").status_code == 302
    assert award_list(app, scored).stage == AwardStage.PUBLISHED
    s = EntryStatus
    assert statuses(app, scored) == [s.AWARDED, s.SHORTLISTED, s.AWARDED, s.SHORTLISTED]
    assert post(client, scored, "reopen", {"reason": "Khiếu nại"}).status_code == 302
    assert statuses(app, scored) == [s.SHORTLISTED] * 4


def pdf_text(data: bytes) -> str:
    """The text of a PDF, read back with pdftotext."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_documents_are_saved_and_download(app, client, organizer, scored, make_user):
    """Decision details are saved (also on an approved list) and every document
    downloads with the winners' Vietnamese names in it."""
    approve(app, client, scored, make_user)
    page = page_text(client.get(url(scored, "documents")))
    data = {
        "version": version_on(page),
        "decision_number": "125/QĐ-BTC",
        "decision_date": "2026-10-05",
        "award_date": "2026-10-10",
        "place": "Hà Nội",
        "preface": "Lời nói đầu của tuyển tập.",
    }
    bad = post_form(client, url(scored, "documents"), data | {"decision_date": "5/10"})
    assert bad.status_code == 422 and "Not a valid date value" in shown(bad)
    assert post_form(client, url(scored, "documents"), data).status_code == 302
    saved = award_list(app, scored)
    assert saved.decision_number == "125/QĐ-BTC" and saved.preface.startswith("Lời")

    xlsx = client.get(url(scored, "award-list.xlsx"))
    assert xlsx.status_code == 200
    cells = [
        str(c.value)
        for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows()
        for c in row
        if c.value
    ]
    assert "Câu chuyện A" in cells and AUTHORS[0] in " ".join(cells)
    assert AUTHORS[1] not in " ".join(cells)  # B lost the tie

    annex = pdf_text(client.get(url(scored, "decision-annex.pdf")).data)
    assert AUTHORS[0] in annex and AUTHORS[2] in annex and "125/QĐ-BTC" in annex
    certificates = pdf_text(client.get(url(scored, "certificates.pdf")).data)
    assert AUTHORS[0] in certificates and AUTHORS[2] in certificates

    epub = client.get(url(scored, "anthology.epub"))
    assert epub.status_code == 200
    with zipfile.ZipFile(io.BytesIO(epub.data)) as book:
        texts = " ".join(
            book.read(n).decode("utf-8", "replace")
            for n in book.namelist()
            if n.endswith((".xhtml", ".html"))
        )
        assert "Câu chuyện A" in texts and "Câu chuyện C" in texts
        assert any(n.endswith((".jpg", ".jpeg", ".png")) for n in book.namelist())
    anthology = pdf_text(client.get(url(scored, "anthology.pdf")).data)
    assert "Câu chuyện A" in anthology and "Lời nói đầu" in anthology


def test_anthology_leaves_out_stories_without_consent(app, client, organizer, scored):
    """A winner who did not agree to publication is not in the anthology."""
    decide_tie(client, scored, 2, 1)
    with app.app_context():
        db.session.get(Entry, scored["entries"][2]).declaration_accepted = False
        db.session.commit()
    epub = client.get(url(scored, "anthology.epub"))
    with zipfile.ZipFile(io.BytesIO(epub.data)) as book:
        texts = " ".join(
            book.read(n).decode("utf-8", "replace")
            for n in book.namelist()
            if n.endswith((".xhtml", ".html"))
        )
    assert "Câu chuyện A" in texts and "Câu chuyện C" not in texts
