"""The "same entry submitted twice" decision as a merge: one entry kept, the other folded in."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from contest.demo.entries import load_stories
from contest.extensions import db
from contest.models import AuditLog, Entry, EntryChannel, EntryStatus, Role, User
from contest.services import entries as service
from contest.services import entry_files
from judging.plagiarism.models import MatchStatus, SimilarityMatch
from tests import docfactory
from tests.conftest import login, page_text, post_form
from tests.plagiarism_fixtures import add_entry, matches, run_queued_jobs

STORY = load_stories("stories.json")[0]["text"]


@pytest.fixture(autouse=True)
def similarity_dir(app, tmp_path):
    """Each test keeps its indexes in its own folder (ids restart with every test)."""
    app.config["SIMILARITY_DIR"] = str(tmp_path / "similarity")


@pytest.fixture
def twice(app, make_edition, make_unit, make_user):
    """The writer's online entry, and the same story typed in on paper by the unit of
    the writer, which verified and forwarded it, with a photo and a co-author."""
    edition_id = make_edition()
    unit_id = make_unit("UBND quận Ba Đình")
    writer = make_user(Role.WRITER, full_name="Lê Văn Thật", unit_id=unit_id)
    focal = make_user(Role.UNIT, unit_id=unit_id, full_name="Đầu Mối")
    online = add_entry(
        app,
        edition_id,
        writer.id,
        title="Người thợ hàn",
        text=STORY,
        author="Lê Văn Thật",
    )
    with app.test_request_context():
        edition = db.session.get(Entry, online).edition
        user = db.session.get(User, focal.id)
        paper = service.start_entry(
            user, edition, key="paper-twice", channel=EntryChannel.UNIT, unit_id=unit_id
        )
        service.save_draft(
            paper,
            user,
            service.EntryData(
                title="Người thợ hàn (bản giấy)",
                track_id=edition.tracks[0].id,
                field_id=edition.fields[0].id,
                text=STORY,
                authors=[
                    service.AuthorData(full_name="LÊ VĂN  THẬT"),
                    service.AuthorData(full_name="Phạm Thị Đồng Tác", phone="0988"),
                ],
                featured=[service.FeaturedData(name="Nguyễn Thị Hoa")],
            ),
        )
        entry_files.add_photo(paper, user, docfactory.make_image(), "anh.jpg")
        paper.declaration_accepted = True
        now = datetime.now(UTC)
        service.submit(paper, user, now, notify=False)
        service.verify(paper, user, now)
        service.forward([paper], user, now)
        db.session.commit()
        paper_id = paper.id
    run_queued_jobs(app)
    [pair] = [
        m for m in matches(app, edition_id) if {m["a"], m["b"]} == {online, paper_id}
    ]
    return {"online": online, "paper": paper_id, "pair": pair["id"], "writer": writer}


def test_merge_keeps_the_chosen_entry_and_gives_it_what_the_other_had(
    app, client, login_as, twice, outbox
):
    """Kept: the online entry, now verified, forwarded, with the photo and the
    co-author. The paper copy is withdrawn "Gộp vào <number>", which is logged and
    shown to its writer; both keep their versions."""
    login_as(Role.ORGANIZER)
    response = post_form(
        client,
        f"/organizer/plagiarism/pairs/{twice['pair']}/decide",
        {"decision": "merge", "target": str(twice["online"]), "note": ""},
    )
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        kept = db.session.get(Entry, twice["online"])
        gone = db.session.get(Entry, twice["paper"])
        assert kept.status == EntryStatus.FORWARDED and kept.verified_at is not None
        assert [a.full_name for a in kept.authors] == [
            "Lê Văn Thật",
            "Phạm Thị Đồng Tác",
        ]
        assert len(kept.photos) == 1 and kept.photos[0].sha256 == gone.photos[0].sha256
        assert gone.status == EntryStatus.WITHDRAWN
        assert gone.status_reason == f"Gộp vào {kept.number}"
        assert len(gone.photos) == 1 and len(gone.authors) == 2
        assert len(kept.versions) == 1 and len(gone.versions) == 1
        match = db.session.get(SimilarityMatch, twice["pair"])
        assert match.status == MatchStatus.DUPLICATE
        assert match.acted_entry_id == gone.id
        log = db.session.scalar(
            select(AuditLog).where(AuditLog.action == "entry.merge")
        )
        assert log.object_id == kept.id and log.detail["merged"] == gone.id
        assert log.detail["photos"] == 1 and log.detail["forwarded"]
        number = kept.number
    # The paper entry's owner is the unit's focal point: it is told where it went.
    assert any(f"Gộp vào {number}" in m.get_content() for m in outbox)
    writer = app.test_client()
    login(writer, twice["writer"].email)
    assert "Phạm Thị Đồng Tác" in page_text(
        writer.get(f"/writer/entries/{twice['online']}/receipt")
    )


def test_merge_adds_the_organizers_note_to_the_reason(app, client, login_as, twice):
    """A note written with the merge follows the standard reason, which the writer of
    the withdrawn online entry reads in "My entries"."""
    login_as(Role.ORGANIZER)
    post_form(
        client,
        f"/organizer/plagiarism/pairs/{twice['pair']}/decide",
        {"decision": "merge", "target": str(twice["paper"]), "note": "Bản giấy đủ hơn"},
    )
    with app.app_context():
        kept = db.session.get(Entry, twice["paper"])
        gone = db.session.get(Entry, twice["online"])
        assert gone.status_reason == f"Gộp vào {kept.number}. Bản giấy đủ hơn"
        assert len(kept.photos) == 1 and len(kept.authors) == 2  # nothing to add
        number = kept.number
    writer = app.test_client()
    login(writer, twice["writer"].email)
    assert f"Gộp vào {number}. Bản giấy đủ hơn" in page_text(writer.get("/writer/"))


def test_merge_refused_when_the_other_is_already_withdrawn(
    app, client, login_as, twice
):
    """Nothing to merge from a withdrawn entry: the page says so next to the choice."""
    with app.app_context():
        db.session.get(Entry, twice["paper"]).status = EntryStatus.WITHDRAWN
        db.session.commit()
    login_as(Role.ORGANIZER)
    client.get("/lang/en")
    response = post_form(
        client,
        f"/organizer/plagiarism/pairs/{twice['pair']}/decide",
        {"decision": "merge", "target": str(twice["online"])},
    )
    assert response.status_code == 422
    assert "A merge needs both entries" in page_text(response)
    with app.app_context():
        assert db.session.get(SimilarityMatch, twice["pair"]).status == "open"
        assert len(db.session.get(Entry, twice["online"]).photos) == 0
