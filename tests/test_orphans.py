"""A submission that fails half-way leaves no rows and no stored files behind."""

import io

from sqlalchemy import func, select

import contest.services.entry_files
from contest.extensions import db
from contest.models import Attachment, Edition, Entry, Role
from contest.storage import iter_stored_keys, store_bytes
from tests import docfactory
from tests.conftest import STORY, post_form


class Boom(Exception):
    """The failure planted after the files were stored."""


def entry_form(app, edition_id, marker: str) -> dict:
    """A complete new entry with a document and a photo unique to this test."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        track_id, field_id = edition.tracks[0].id, edition.fields[0].id
    text = f"{STORY}\n\n{marker}"
    return {
        "key": f"orphan-{marker}",
        "title": "Bếp cơm yêu thương",
        "track_id": str(track_id),
        "field_id": str(field_id),
        "genre": "Ký",
        "authors-0-full_name": "Lê Thị Dư",
        "featured-0-name": "Nguyễn Thị Hoa",
        "document": (io.BytesIO(text.encode()), "bai.txt"),
        "photos": (
            io.BytesIO(docfactory.make_image(size=(70 + len(marker), 40))),
            "anh.jpg",
        ),
        "review": "1",
    }


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count(Entry.id))),
            db.session.scalar(select(func.count(Attachment.id))),
        )


def test_failure_after_the_files_were_stored_leaves_nothing(
    app, client, login_as, edition_id, monkeypatch
):
    """The step after storing the photo raises: the request fails (500), and neither
    the entry, nor its attachments, nor the document, photo or thumbnail files stay."""
    login_as(Role.WRITER)
    before_files = set(iter_stored_keys_of(app))
    real_audit = contest.services.entry_files.audit

    def failing_audit(actor, action, obj=None, **detail):
        if action == "entry.add_photo":
            raise Boom
        return real_audit(actor, action, obj, **detail)

    monkeypatch.setattr(contest.services.entry_files, "audit", failing_audit)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = post_form(
        client,
        "/writer/entries/new",
        entry_form(app, edition_id, "lỗi giữa chừng"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 500
    assert counts(app) == (0, 0)
    assert set(iter_stored_keys_of(app)) == before_files


def test_a_file_shared_with_a_saved_row_is_kept(
    app, client, login_as, edition_id, make_entry, monkeypatch
):
    """Content-addressed files are shared: a failed upload of the same bytes as a
    saved entry's document does not delete that entry's file."""
    saved = make_entry(with_document=True)  # its document is STORY as .txt
    with app.app_context():
        kept_key = db.session.get(Attachment, saved.document_id).storage_key
    before = counts(app)
    real_audit = contest.services.entry_files.audit

    def failing_audit(actor, action, obj=None, **detail):
        if action == "entry.attach_document":
            raise Boom
        return real_audit(actor, action, obj, **detail)

    monkeypatch.setattr(contest.services.entry_files, "audit", failing_audit)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    login_as(Role.WRITER)
    data = entry_form(app, edition_id, "trùng")
    data["document"] = (io.BytesIO(STORY.encode()), "bai.txt")
    data.pop("photos")
    assert post_form(client, "/writer/entries/new", data).status_code == 500
    assert counts(app) == before
    assert kept_key in set(iter_stored_keys_of(app))


def test_files_stored_in_a_committed_transaction_stay(app):
    """Only a rollback removes what its transaction stored."""
    with app.test_request_context():
        db.session.scalar(select(func.count(Entry.id)))  # a transaction is open
        key = store_bytes(b"kept after commit " + STORY.encode()).key
        db.session.commit()
        db.session.scalar(select(func.count(Entry.id)))
        gone = store_bytes(b"dropped at rollback " + STORY.encode()).key
        db.session.rollback()
    on_disk = set(iter_stored_keys_of(app))
    assert key in on_disk and gone not in on_disk


def iter_stored_keys_of(app):
    with app.app_context():
        return list(iter_stored_keys())
