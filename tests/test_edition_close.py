"""Closing an edition: organizers close it with a reason once judging is over; then
nobody can change it (writers, units, judges, organizers), its entries become the
archive later editions are checked against, and only an administrator reopens it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from contest.demo.entries import load_stories
from contest.extensions import db
from contest.models import (
    AuditLog,
    Edition,
    EditionStaff,
    EditionStatus,
    Entry,
    EntryStatus,
    Job,
    Role,
    StaffRole,
)
from judging.plagiarism.services.archive import ARCHIVE_KIND
from judging.rounds.models import Round
from tests.conftest import login, page_text, post_form
from tests.judging_fixtures import (
    add_judge,
    codes,
    commit_round,
    first_round_id,
    set_readers,
)
from tests.plagiarism_fixtures import (
    add_entry,
    matches,
    plagiarism_objects,
    run_queued_jobs,
)

STORY = load_stories("stories.json")[3]["text"]
CLOSE = {"reason": "Đã trao giải, lưu trữ.", "confirm": "y"}


@pytest.fixture(autouse=True)
def similarity_dir(app, tmp_path):
    """Each test keeps its plagiarism indexes in its own folder."""
    app.config["SIMILARITY_DIR"] = str(tmp_path / "similarity")


def status_of(app, edition_id: int) -> EditionStatus:
    with app.app_context():
        return db.session.get(Edition, edition_id).status


def set_status(app, edition_id: int, status: EditionStatus) -> None:
    with app.app_context():
        db.session.get(Edition, edition_id).status = status
        db.session.commit()


def close_rounds(app, edition_id: int) -> None:
    """End every judging round of the edition (as the organizers do before closing)."""
    with app.app_context():
        for round_ in db.session.scalars(
            select(Round).where(Round.edition_id == edition_id)
        ):
            round_.closed_at = datetime.now(UTC)
        db.session.commit()


def audit_count(app) -> int:
    """Audit rows of changes (starting an export changes nothing)."""
    with app.app_context():
        return db.session.scalar(
            select(func.count(AuditLog.id)).where(AuditLog.action != "edition.export")
        )


# -- closing and reopening -------------------------------------------------------------


def test_closing_is_refused_while_a_round_is_open(app, client, login_as, make_edition):
    """With sơ khảo still open, the organizer is told to close it first; nothing changes."""
    edition_id = make_edition()
    with app.app_context():
        db.session.get(Round, first_round_id(app, edition_id)).opened_at = datetime.now(
            UTC
        )
        db.session.commit()
    login_as(Role.ORGANIZER)
    warning = "Hãy đóng các vòng chấm còn mở trước: Sơ khảo."
    assert warning in page_text(client.get(f"/organizer/editions/{edition_id}/close"))
    response = post_form(client, f"/organizer/editions/{edition_id}/close", CLOSE)
    assert response.status_code == 409 and warning in page_text(response)
    assert status_of(app, edition_id) == EditionStatus.PUBLISHED


def test_closing_needs_a_reason_and_a_confirmation(app, client, login_as, make_edition):
    """An empty form is sent back with its errors next to the fields."""
    edition_id = make_edition()
    login_as(Role.ORGANIZER)
    response = post_form(client, f"/organizer/editions/{edition_id}/close", {})
    assert response.status_code == 422
    assert "Vui lòng nêu lý do." in page_text(response)
    assert status_of(app, edition_id) == EditionStatus.PUBLISHED


def test_organizer_closes_and_admin_reopens(app, client, login_as, make_edition):
    """Closing is logged with its reason and queues the archive update; an organizer
    cannot reopen, an administrator can, and the edition gets its status back."""
    edition_id = make_edition()
    login_as(Role.ORGANIZER)
    response = post_form(client, f"/organizer/editions/{edition_id}/close", CLOSE)
    assert response.status_code == 302
    assert status_of(app, edition_id) == EditionStatus.CLOSED
    with app.app_context():
        row = db.session.scalar(select(AuditLog).filter_by(action="edition.close"))
        assert row.object_id == edition_id and row.detail["reason"] == CLOSE["reason"]
        job = db.session.scalar(select(Job).filter_by(kind=ARCHIVE_KIND))
        assert job.params == {"edition_id": edition_id}
    page = page_text(client.get(f"/organizer/editions/{edition_id}/archive"))
    assert "Cuộc thi này đã kết thúc và chỉ còn xem được." in page
    reopen = f"/organizer/editions/{edition_id}/reopen"
    assert post_form(client, reopen, {"reason": "Nhầm"}).status_code == 403

    post_form(client, "/auth/logout")
    login_as(Role.ADMIN)
    assert post_form(client, reopen, {"reason": ""}).status_code == 422
    assert post_form(client, reopen, {"reason": "Bổ sung giải"}).status_code == 302
    assert status_of(app, edition_id) == EditionStatus.PUBLISHED
    with app.app_context():
        row = db.session.scalar(select(AuditLog).filter_by(action="edition.reopen"))
        assert row.detail == {"reason": "Bổ sung giải", "status": "published"}


def test_only_the_editions_own_organizers_close_it(
    app, client, make_user, make_edition
):
    """Once an edition names its organizers, another organizer may not close it."""
    edition_id = make_edition()
    named, other = make_user(Role.ORGANIZER), make_user(Role.ORGANIZER)
    with app.app_context():
        db.session.add(
            EditionStaff(
                edition_id=edition_id, user_id=named.id, role=StaffRole.ORGANIZER
            )
        )
        db.session.commit()
    login(client, other.email)
    url = f"/organizer/editions/{edition_id}/close"
    assert client.get(url).status_code == 403
    assert post_form(client, url, CLOSE).status_code == 403
    assert status_of(app, edition_id) == EditionStatus.PUBLISHED


def test_the_status_form_no_longer_closes(app, client, login_as, make_edition):
    """Closing goes through its own page (reason, checks): the status form refuses it."""
    edition_id = make_edition()
    login_as(Role.ORGANIZER)
    post_form(client, f"/organizer/editions/{edition_id}/status", {"status": "closed"})
    assert status_of(app, edition_id) == EditionStatus.PUBLISHED


# -- read-only everywhere --------------------------------------------------------------


def test_writer_cannot_edit_or_withdraw(app, client, make_entry):
    """The writer's edit and withdrawal are refused with a message; the entry stays."""
    entry = make_entry()
    with app.app_context():
        edition_id = db.session.get(Entry, entry.id).edition_id
    set_status(app, edition_id, EditionStatus.CLOSED)
    login(client, entry.owner.email)
    for url in (
        f"/writer/entries/{entry.id}/edit",
        f"/writer/entries/{entry.id}/withdraw",
    ):
        response = post_form(client, url, {"confirm": "y", "title": "Đổi tên"})
        assert response.status_code == 409
        assert "Cuộc thi này đã kết thúc và chỉ còn xem được." in page_text(response)
    referred = post_form(
        client,
        f"/writer/entries/{entry.id}/withdraw",
        {"confirm": "y"},
        headers={"Referer": "http://localhost/writer/"},
    )
    assert referred.status_code == 302 and referred.headers["Location"] == "/writer/"
    assert "chỉ còn xem được" in page_text(client.get("/writer/"))
    with app.app_context():
        assert db.session.get(Entry, entry.id).status == EntryStatus.SUBMITTED


def test_unit_cannot_verify(app, client, make_user, make_unit, make_entry):
    """A unit focal point's verification of its entry is refused."""
    unit_id = make_unit()
    entry = make_entry(unit_id=unit_id)
    focal = make_user(Role.UNIT, unit_id=unit_id)
    with app.app_context():
        edition_id = db.session.get(Entry, entry.id).edition_id
    set_status(app, edition_id, EditionStatus.CLOSED)
    login(client, focal.email)
    response = post_form(client, f"/unit/entries/{entry.id}/verify", {})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Entry, entry.id).verified_at is None


def test_other_units_still_get_404(app, client, make_user, make_unit, make_entry):
    """The refusal never tells a focal point about an entry it may not see."""
    entry = make_entry(unit_id=make_unit())
    stranger = make_user(Role.UNIT, unit_id=make_unit("UBND huyện Sóc Sơn"))
    with app.app_context():
        edition_id = db.session.get(Entry, entry.id).edition_id
    set_status(app, edition_id, EditionStatus.CLOSED)
    login(client, stranger.email)
    assert post_form(client, f"/unit/entries/{entry.id}/verify", {}).status_code == 404


def test_judge_cannot_save_a_score_and_loses_the_queue(
    app, client, make_user, make_edition, make_entry
):
    """A judge's score save on a closed edition is refused (JSON for the autosave);
    the entries leave the judge's queue."""
    edition_id = make_edition()
    round_id = first_round_id(app, edition_id)
    set_readers(app, round_id, 1)
    judge = add_judge(app, make_user, edition_id)
    entry = make_entry(edition_id=edition_id)
    commit_round(app, round_id)
    code = codes(app, round_id)[entry.id]
    login(client, judge.email)
    assert code in page_text(client.get("/judge/"))
    close_rounds(app, edition_id)
    set_status(app, edition_id, EditionStatus.CLOSED)
    url = f"/judge/entries/{code}/score"
    assert post_form(client, url, {"overall_comment": "x"}).status_code == 409
    autosave = post_form(
        client,
        url,
        {"overall_comment": "x"},
        headers={"X-Autosave": "1", "Accept": "application/json"},
    )
    assert autosave.status_code == 409 and autosave.json["saved"] is False
    assert code not in page_text(client.get("/judge/"))


def test_organizer_changes_are_refused(app, client, login_as, make_entry):
    """Set-up, entry rulings, plagiarism decisions and round changes: all refused,
    nothing written (not even an audit row)."""
    entry = make_entry()
    with app.app_context():
        edition_id = db.session.get(Entry, entry.id).edition_id
    match_id = plagiarism_objects(app, entry.id)["match_id"]
    round_id = first_round_id(app, edition_id)
    set_status(app, edition_id, EditionStatus.CLOSED)
    login_as(Role.ORGANIZER)
    before = audit_count(app)
    base = f"/organizer/editions/{edition_id}"
    for url, data in (
        (f"{base}/fields", {"names": "Y tế"}),
        (f"/organizer/entries/{entry.id}/not-eligible", {"reason": "Sai thể lệ"}),
        (f"/organizer/plagiarism/pairs/{match_id}/decide", {"decision": "copying"}),
        (f"{base}/judging/rounds/{round_id}/state", {"state": "open"}),
        (f"{base}/plagiarism/scan", {}),
    ):
        response = post_form(client, url, data)
        assert response.status_code == 409, url
    assert audit_count(app) == before
    with app.app_context():
        assert db.session.get(Entry, entry.id).status == EntryStatus.SUBMITTED


def forward_batch(app, edition_id: int) -> int:
    """A unit's forwarded batch of the edition (its head signs the cover letter)."""
    from judging.grassroots.models import ForwardBatch

    with app.app_context():
        batch = ForwardBatch(edition_id=edition_id)
        db.session.add(batch)
        db.session.commit()
        return batch.id


def test_every_write_route_naming_a_closed_edition_is_refused(
    app, client, login_as, make_user, make_edition, make_entry
):
    """Walk every non-GET route whose URL names an edition or one of its objects: on a
    closed edition each answers 409 and writes nothing, except the few meant for a
    closed edition (reopen, export)."""
    from contest.edition_guard import RESOLVERS
    from tests.access_fixtures import fill

    edition_id = make_edition()
    entry = make_entry(edition_id=edition_id, with_photo=True)
    objects = {
        "edition_id": edition_id,
        "entry_id": entry.id,
        "attachment_id": entry.photo_id,
        "round_id": first_round_id(app, edition_id),
        "user_id": make_user(Role.JUDGE).id,
        **plagiarism_objects(app, entry.id),
        "batch_id": forward_batch(app, edition_id),
    }
    set_status(app, edition_id, EditionStatus.CLOSED)
    login_as(Role.ADMIN, Role.ORGANIZER)
    before = audit_count(app)
    checked = []
    for rule in app.url_map.iter_rules():
        if not (rule.methods - {"GET", "HEAD", "OPTIONS"}):
            continue
        if not set(rule.arguments) & set(RESOLVERS):
            continue
        allowed = getattr(app.view_functions[rule.endpoint], "_allowed_when_closed", 0)
        url = fill(rule, objects | {"export_id": 0, "index": 1, "audience": "winner"})
        status = post_form(client, url, {}).status_code
        if allowed:
            assert status not in (409, 500), f"{url}: {status}"
        else:
            assert status in (409, 403), f"{url}: {status}"  # 403: unit/judge areas
        checked.append(rule.endpoint)
    assert len(checked) > 20 and "organizer.edit_general" in checked
    assert audit_count(app) == before


# URL arguments of write routes that never name an edition's object by themselves.
NOT_OF_AN_EDITION = {
    "user_id",  # accounts (or a judge, beside an edition_id)
    "unit_id",
    "job_id",
    "message_id",
    "token",
    "attachment_id",  # always beside its entry_id
    "export_id",  # beside its edition_id
    "audience",  # who an award notice goes to, beside its edition_id
    # The commendation register spans editions: a person is commended (and a
    # standing confirmed) after the edition that told their story is closed.
    "person_id",
    "standing_id",
}


def test_every_write_route_argument_is_known(app):
    """A new write route whose URL names an object by another argument must say which
    edition that object belongs to (contest.edition_guard.RESOLVERS) or be listed here
    as not belonging to one: otherwise a closed edition could be changed through it."""
    from contest.edition_guard import BLUEPRINT_RESOLVERS, RESOLVERS

    unknown = set()
    for rule in app.url_map.iter_rules():
        if not (rule.methods - {"GET", "HEAD", "OPTIONS"}):
            continue
        blueprint = rule.endpoint.rpartition(".")[0]
        for argument in rule.arguments:
            known = argument in RESOLVERS or argument in NOT_OF_AN_EDITION
            if not known and (blueprint, argument) not in BLUEPRINT_RESOLVERS:
                unknown.add(f"{rule.endpoint}: {argument}")
    assert unknown == set()


# -- the archive -----------------------------------------------------------------------


def test_closed_entries_are_the_archive_of_a_new_edition(
    app, client, login_as, make_user, make_edition
):
    """Close 2025 from the organizer's page: its entries join the 2026 index, and a
    2026 entry copied from a 2025 one is found as a copy of the archive."""
    old = make_edition(year=2025)
    new = make_edition(year=2026)
    writer, copier = make_user(full_name="Lê Văn Cũ"), make_user(full_name="Đỗ Thị Mới")
    add_entry(app, old, writer.id, title="Chuyện năm ngoái", text=STORY)
    add_entry(app, new, copier.id, title="Chuyện năm nay", text=STORY, author="Đỗ")
    run_queued_jobs(app)
    assert matches(app, new) == []  # 2025 is still open: not an archive yet
    login_as(Role.ORGANIZER)
    assert (
        post_form(client, f"/organizer/editions/{old}/close", CLOSE).status_code == 302
    )
    assert run_queued_jobs(app) >= 1
    [pair] = matches(app, new)
    assert pair["source"] == "archive:2025" and pair["a_share"] > 0.9

    post_form(client, "/auth/logout")
    login_as(Role.ADMIN)
    reopen = f"/organizer/editions/{old}/reopen"
    assert post_form(client, reopen, {"reason": "Sửa"}).status_code == 302
    run_queued_jobs(app)
    assert matches(app, new) == []  # its entries left the archive
