"""Unit focal points: their unit's entries, paper entries and scans, verify, forward."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from contest.extensions import db
from contest.models import (
    AttachmentKind,
    AuditLog,
    Edition,
    Entry,
    EntryChannel,
    EntryStatus,
    FeaturedPerson,
    Role,
)
from tests import docfactory
from tests.conftest import STORY, login, page_text, post_form


@pytest.fixture
def unit_id(make_unit):
    return make_unit("UBND quận Hoàn Kiếm")


@pytest.fixture
def focal(client, login_as, unit_id, edition_id):
    """The unit's focal point, logged in, reading the pages in English."""
    person = login_as(Role.UNIT, unit_id=unit_id, full_name="Bùi Thị Thanh Hương")
    client.get("/lang/en")
    return person


def paper_form(app, edition_id, **overrides) -> dict:
    """A paper entry as the focal point types it from the signed paper form."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        track_id, field_id = edition.tracks[0].id, edition.fields[5].id
    data = {
        "key": "paper-1",
        "title": "Người giữ lửa phố cổ",
        "track_id": str(track_id),
        "field_id": str(field_id),
        "genre": "Ký",
        "text": STORY,
        "authors-0-full_name": "Phạm Văn Bút",
        "authors-0-phone": "0904 111 222",
        "authors-0-unit_name": "Phường Hàng Bạc",
        "featured-0-name": "Nguyễn Thị Hoa",
        "review": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def entry_id_from(response) -> int:
    return int(re.search(r"/entries/(\d+)/", response.headers["Location"]).group(1))


def test_focal_point_without_a_unit_is_told_so(client, login_as, edition_id):
    """A focal point whose account has no unit sees a clear message, not an error."""
    login_as(Role.UNIT)
    client.get("/lang/en")
    html = page_text(client.get("/unit/"))
    assert "not attached to a unit" in html
    response = client.get("/unit/import")
    assert response.status_code == 302
    assert "not attached to a unit" in page_text(client.get("/unit/"))


def test_the_list_shows_the_units_entries_and_their_counts(
    app, client, focal, unit_id, make_unit, make_entry, make_user
):
    """Entries by the unit's writers or about its people are listed; others are 404."""
    other_unit = make_unit("UBND quận Ba Đình")
    mine = make_entry(unit_id=unit_id, title="Bếp cơm yêu thương")
    about_us = make_entry(unit_id=other_unit, title="Người lái đò sông Hồng")
    elsewhere = make_entry(unit_id=other_unit, title="Chuyện ở Ba Đình")
    make_entry(unit_id=unit_id, title="Bản nháp riêng", submit=False)
    with app.app_context():
        person = db.session.scalar(
            db.select(FeaturedPerson).filter_by(entry_id=about_us.id)
        )
        person.unit_id = unit_id
        db.session.commit()
    html = page_text(client.get("/unit/"))
    assert mine.number in html and about_us.number in html
    assert "Chuyện ở Ba Đình" not in html and "Bản nháp riêng" not in html
    assert re.search(r"Submitted: 2\b", html)
    assert client.get(f"/unit/entries/{about_us.id}").status_code == 200
    assert client.get(f"/unit/entries/{elsewhere.id}").status_code == 404


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("q=ho+hoan+kiem", "Hồ Hoàn Kiếm", "Bếp cơm yêu thương"),
        ("q=BEP+COM", "Bếp cơm yêu thương", "Hồ Hoàn Kiếm"),
        ("status=forwarded", "Hồ Hoàn Kiếm", "Bếp cơm yêu thương"),
        ("verified=yes", "Bếp cơm yêu thương", "Hồ Hoàn Kiếm"),
    ],
)
def test_filters_narrow_the_list(
    app, client, focal, unit_id, make_entry, query, shown, hidden
):
    """Search is accent-insensitive; status and "verified" filters narrow the list."""
    first = make_entry(unit_id=unit_id, title="Bếp cơm yêu thương")
    second = make_entry(unit_id=unit_id, title="Hồ Hoàn Kiếm trong mắt tôi")
    with app.app_context():
        db.session.get(Entry, second.id).status = EntryStatus.FORWARDED
        db.session.get(Entry, first.id).verified_at = datetime.now(UTC)
        db.session.commit()
    html = page_text(client.get(f"/unit/?{query}"))
    assert shown in html and hidden not in html


def test_a_scanned_paper_entry_is_kept_flagged_submitted_then_typed_in(
    app, client, focal, unit_id, edition_id, outbox
):
    """A scan is stored as "needs typing", can be submitted, and is typed in later."""
    data = paper_form(
        app,
        edition_id,
        text="",
        document=(io.BytesIO(docfactory.make_image_pdf()), "ban-quet.pdf"),
    )
    response = post_form(
        client, "/unit/entries/new", data, content_type="multipart/form-data"
    )
    assert response.status_code == 302, page_text(response)
    entry_id = entry_id_from(response)
    assert "needs typing" in page_text(client.get(response.headers["Location"]))
    response = post_form(
        client, f"/unit/entries/{entry_id}/submit", {"declaration": "y"}
    )
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.number == "HN2026-000001" and entry.needs_typing
        assert entry.channel == EntryChannel.UNIT and entry.unit_id == unit_id
        assert entry.owner_id == focal.id and entry.authors[0].user_id is None
        assert entry.authors[0].full_name == "Phạm Văn Bút"
        assert [a.kind for a in entry.attachments] == [AttachmentKind.SCAN]
    assert outbox and outbox[-1]["To"] == focal.email
    assert "HN2026-000001" in outbox[-1]["Subject"]

    typed = paper_form(app, edition_id, text=STORY, key=None)
    post_form(client, f"/unit/entries/{entry_id}/edit", typed)
    post_form(client, f"/unit/entries/{entry_id}/submit", {"declaration": "y"})
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert not entry.needs_typing and entry.number == "HN2026-000001"
        assert [v.text for v in entry.versions] == ["", STORY]


def test_a_paper_entry_needs_the_signed_form_confirmation(
    app, client, focal, edition_id
):
    """Without ticking the confirmation the entry stays a draft, with a message."""
    response = post_form(client, "/unit/entries/new", paper_form(app, edition_id))
    entry_id = entry_id_from(response)
    html = page_text(post_form(client, f"/unit/entries/{entry_id}/submit", {}))
    assert "Please confirm the declaration." in html
    with app.app_context():
        assert db.session.get(Entry, entry_id).number is None


def test_verify_records_who_and_when(app, client, focal, unit_id, make_entry):
    """Marking an entry verified keeps the focal point and the time, and is audited."""
    entry = make_entry(unit_id=unit_id)
    response = post_form(client, f"/unit/entries/{entry.id}/verify")
    assert response.status_code == 302
    assert "verified" in page_text(client.get(response.headers["Location"]))
    with app.app_context():
        row = db.session.get(Entry, entry.id)
        assert row.verified_by_id == focal.id and row.verified_at is not None
        actions = db.session.scalars(
            db.select(AuditLog.action).filter_by(object_id=entry.id)
        ).all()
        assert "entry.verify" in actions


def test_forward_sends_only_the_ticked_submitted_entries(
    app, client, focal, unit_id, edition_id, make_unit, make_entry
):
    """Ticked submitted entries go to the city; drafts, unticked and foreign ones stay."""
    # Three different stories (the same text by the same author is a duplicate,
    # which the unit would be asked to confirm first).
    ticked = make_entry(unit_id=unit_id, title="Một", text=f"{STORY}\n\nMột.")
    unticked = make_entry(unit_id=unit_id, title="Hai", text=f"{STORY}\n\nHai.")
    foreign = make_entry(
        unit_id=make_unit("Sở Y tế"), title="Ba", text=f"{STORY}\n\nBa."
    )
    draft = entry_id_from(
        post_form(client, "/unit/entries/new", paper_form(app, edition_id))
    )
    response = post_form(
        client,
        "/unit/forward",
        {"entry_ids": [str(ticked.id), str(foreign.id), str(draft), "x"]},
    )
    assert response.status_code == 302
    html = page_text(client.get("/unit/"))
    assert "Entries forwarded to the city: 1." in html
    assert "Not forwarded, because only submitted entries can be: 1." in html
    with app.app_context():
        status = {e.id: e.status for e in db.session.scalars(db.select(Entry))}
        row = db.session.get(Entry, ticked.id)
        assert row.forwarded_by_id == focal.id and row.forwarded_at is not None
    assert status[ticked.id] == EntryStatus.FORWARDED
    assert status[unticked.id] == status[foreign.id] == EntryStatus.SUBMITTED
    assert status[draft] == EntryStatus.DRAFT


def test_forwarding_after_the_unit_deadline_is_refused(
    app, client, focal, unit_id, edition_id, make_entry
):
    """After the unit deadline (shown in Hanoi time) nothing is forwarded."""
    entry = make_entry(unit_id=unit_id)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        # 16:30 UTC is 23:30 in Hanoi: the message shows the edition's local time.
        edition.unit_deadline_at = (datetime.now(UTC) - timedelta(days=1)).replace(
            hour=16, minute=30, second=0, microsecond=0
        )
        local_day = edition.unit_deadline_at.astimezone(edition.zone).strftime(
            "%d/%m/%Y"
        )
        db.session.commit()
    post_form(client, "/unit/forward", {"entry_ids": [str(entry.id)]})
    html = page_text(client.get("/unit/"))
    assert "can no longer be forwarded" in html and local_day in html
    assert "23:30" in html
    with app.app_context():
        assert db.session.get(Entry, entry.id).status == EntryStatus.SUBMITTED


def test_a_writers_online_entry_cannot_be_edited_by_the_unit(
    client, focal, unit_id, make_entry
):
    """The unit sees its writers' online entries but may not change them."""
    entry = make_entry(unit_id=unit_id)
    assert client.get(f"/unit/entries/{entry.id}").status_code == 200
    assert client.get(f"/unit/entries/{entry.id}/edit").status_code == 403


@pytest.mark.parametrize(
    "path",
    ["/unit/entries/{id}", "/unit/entries/{id}/edit", "/unit/entries/{id}/submit"],
)
def test_another_units_focal_point_gets_404(
    app, client, make_user, make_unit, edition_id, path
):
    """A paper entry of one unit does not exist for another unit's focal point."""
    home = make_unit("UBND quận Hoàn Kiếm")
    owner = make_user(Role.UNIT, unit_id=home)
    login(client, owner.email)
    entry_id = entry_id_from(
        post_form(client, "/unit/entries/new", paper_form(app, edition_id))
    )
    other = app.test_client()
    login(other, make_user(Role.UNIT, unit_id=make_unit("Sở Y tế")).email)
    assert other.get(path.format(id=entry_id)).status_code == 404
    assert post_form(other, f"/unit/entries/{entry_id}/verify").status_code == 404


def test_entry_can_view_covers_the_featured_persons_unit(
    app, make_unit, make_entry, make_user
):
    """Entry.can_view: a focal point sees entries about people of their unit only."""
    from contest.models import User

    home, other = make_unit("UBND quận Hoàn Kiếm"), make_unit("Sở Y tế")
    entry = make_entry(unit_id=other)
    focal_id = make_user(Role.UNIT, unit_id=home).id
    writer_id = make_user(Role.WRITER, unit_id=home).id
    with app.app_context():
        row = db.session.get(Entry, entry.id)
        focal, writer = db.session.get(User, focal_id), db.session.get(User, writer_id)
        assert not row.can_view(focal)
        row.featured[0].unit_id = home
        assert row.can_view(focal) and not row.can_view(writer)


@pytest.mark.parametrize(
    "payload", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
)
def test_typed_text_is_escaped_in_the_list(app, client, focal, edition_id, payload):
    """A title typed with HTML shows as text in the unit's list."""
    post_form(
        client,
        "/unit/entries/new",
        paper_form(app, edition_id, title=payload, review=None, save="1"),
    )
    html = page_text(client.get("/unit/?status=draft"))
    assert payload not in html
    assert "&lt;" in html


def test_a_writers_online_draft_stays_private_to_the_writer(
    app, client, make_unit, make_entry, make_user
):
    """The unit's focal point cannot open a writer's unsubmitted draft, not even by its
    address; once submitted the entry is theirs to see."""
    home = make_unit("UBND quận Hoàn Kiếm")
    draft = make_entry(unit_id=home, submit=False)
    login(client, make_user(Role.UNIT, unit_id=home).email)
    assert client.get(f"/unit/entries/{draft.id}").status_code == 404
    submitted = make_entry(unit_id=home, title="Người lái đò")
    assert client.get(f"/unit/entries/{submitted.id}").status_code == 200
