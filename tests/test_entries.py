"""Writers submit entries: form, upload, review, submit once, receipts, versions, withdraw."""

import io
import re
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from contest.extensions import db
from contest.models import Attachment, Edition, Entry, EntryStatus, Role, User
from contest.storage import path_of
from tests import docfactory
from tests.conftest import STORY, login, page_text, post_form

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
]


@pytest.fixture
def writer(login_as, edition_id):
    return login_as(Role.WRITER, full_name="Lê Thị Dư")


def entry_form(app, edition_id, **overrides) -> dict:
    """A complete entry form as a browser would post it."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        track_id, field_id = edition.tracks[0].id, edition.fields[5].id
    data = {
        "key": "form-key-1",
        "title": "Bếp cơm yêu thương",
        "track_id": str(track_id),
        "field_id": str(field_id),
        "genre": "Ký",
        "text": STORY,
        "authors-0-full_name": "Lê Thị Dư",
        "authors-0-phone": "0912 345 678",
        "featured-0-name": "Nguyễn Thị Hoa",
        "featured-0-unit_name": "Phường Hàng Bạc",
        "featured-0-summary": "Mười năm nấu cơm miễn phí cho người nhà bệnh nhân.",
        "review": "1",
    }
    data.update(overrides)
    return data


def only_entry(app) -> Entry:
    return db.session.scalar(db.select(Entry))


def submit_entry(client, app, edition_id, **overrides) -> int:
    """Fill the form, review, tick the declaration, submit; the entry's id."""
    response = post_form(
        client, "/writer/entries/new", entry_form(app, edition_id, **overrides)
    )
    assert response.status_code == 302, page_text(response)
    entry_id = int(
        re.search(r"/entries/(\d+)/review", response.headers["Location"]).group(1)
    )
    response = post_form(
        client, f"/writer/entries/{entry_id}/review", {"declaration": "y"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/receipt"
    ), page_text(response)
    return entry_id


def test_writer_submits_and_gets_number_receipt_email_and_pdf(
    app, client, writer, edition_id, outbox
):
    """The first entry of the edition is HN2026-000001, with a receipt page, email and PDF."""
    entry_id = submit_entry(client, app, edition_id)
    html = page_text(client.get(f"/writer/entries/{entry_id}/receipt"))
    assert "HN2026-000001" in html and "Bếp cơm yêu thương" in html
    assert outbox[-1]["Subject"] == "Đã nhận bài dự thi: HN2026-000001"
    pdf = client.get(f"/writer/entries/{entry_id}/receipt.pdf")
    assert (
        pdf.headers["Content-Disposition"]
        == 'attachment; filename="bien-nhan-HN2026-000001.pdf"'
    )
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages
    )
    assert "HN2026-000001" in text and "Lê Thị Dư" in text and "Nguyễn Thị Hoa" in text
    listing = page_text(client.get("/writer/"))
    assert "HN2026-000001" in listing and "Đã nộp" in listing
    with app.app_context():
        entry = only_entry(app)
        assert entry.status == EntryStatus.SUBMITTED and len(entry.versions) == 1
        assert entry.versions[0].word_count == 47  # 27 + 20 syllables


def test_double_clicks_create_one_entry_and_one_version(
    app, client, writer, edition_id
):
    """A repeated 'new' POST (same form key) and a repeated submit change nothing."""
    data = entry_form(app, edition_id)
    post_form(client, "/writer/entries/new", data)
    post_form(client, "/writer/entries/new", data)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Entry.id))) == 1
        entry_id = only_entry(app).id
    for _ in range(3):
        response = post_form(
            client, f"/writer/entries/{entry_id}/review", {"declaration": "y"}
        )
        assert response.headers["Location"].endswith("/receipt")
    with app.app_context():
        entry = only_entry(app)
        assert entry.number == "HN2026-000001" and len(entry.versions) == 1


def test_numbers_follow_each_other(app, client, writer, edition_id):
    """Entries get consecutive numbers in the edition."""
    submit_entry(client, app, edition_id, key="a")
    submit_entry(client, app, edition_id, key="b", title="Người thầy trên bản")
    with app.app_context():
        assert sorted(e.number for e in db.session.scalars(db.select(Entry))) == [
            "HN2026-000001",
            "HN2026-000002",
        ]


def test_upload_docx_shows_the_extracted_text_and_counts_words(
    app, client, writer, edition_id
):
    """A Word file's text (with its diacritics) appears in the form and on the review page."""
    docx = docfactory.make_docx(
        ["Ông Phạm Văn Lực sửa xe miễn phí.", "Mỗi ngày ông vá hai mươi chiếc xe."]
    )
    data = entry_form(
        app, edition_id, text="", document=(io.BytesIO(docx), "bai viet.docx")
    )
    response = post_form(
        client, "/writer/entries/new", data, content_type="multipart/form-data"
    )
    review = page_text(client.get(response.headers["Location"]))
    assert (
        "Ông Phạm Văn Lực sửa xe miễn phí." in review
        and "Mỗi ngày ông vá hai mươi chiếc xe." in review
    )
    assert re.search(r'id="word-count">\s*16\s*/\s*2\.000', review)
    with app.app_context():
        entry = only_entry(app)
        assert (
            entry.draft_source == "upload"
            and entry.documents[0].original_name == "bai viet.docx"
        )


@pytest.mark.parametrize(
    ("make_file", "filename", "message"),
    [
        (lambda: docfactory.make_zip_bomb_docx(), "bom.docx", "bất thường"),
        (lambda: "Tên đơn vị".encode("utf-16-le"), "bai.txt", "không"),
        (lambda: docfactory.make_image_pdf(), "scan.pdf", "bản quét"),
        (lambda: docfactory.real_executable(), "bai.docx", "không được chấp nhận"),
        (lambda: docfactory.make_encrypted_pdf(), "khoa.pdf", "mật khẩu"),
        (lambda: docfactory.make_legacy_doc(), "cu.doc", ".docx"),
    ],
)
def test_bad_uploads_are_explained_and_nothing_typed_is_lost(
    app, client, writer, edition_id, make_file, filename, message
):
    """Each refused file gets its own Vietnamese message next to the field; the draft keeps the rest."""
    data = entry_form(
        app,
        edition_id,
        text="Văn bản đã dán vẫn còn",
        document=(io.BytesIO(make_file()), filename),
        review=None,
    )
    data.pop("review")
    response = post_form(
        client, "/writer/entries/new", data, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    html = page_text(response)
    assert message in html and 'id="document-error"' in html
    assert "Văn bản đã dán vẫn còn" in html and 'value="Bếp cơm yêu thương"' in html
    with app.app_context():
        entry = only_entry(app)
        assert (
            entry.title == "Bếp cơm yêu thương"
            and entry.draft_text == "Văn bản đã dán vẫn còn"
        )
        assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_word_limit_blocks_submission_with_a_clear_message(
    app, client, writer, edition_id
):
    """Over the track's limit the review page says so and the entry stays a draft."""
    response = post_form(
        client, "/writer/entries/new", entry_form(app, edition_id, text="chữ " * 2001)
    )
    review = page_text(client.get(response.headers["Location"]))
    assert "dài hơn số chữ tối đa của bảng" in review
    entry_id = int(re.search(r"/entries/(\d+)/", response.headers["Location"]).group(1))
    post_form(client, f"/writer/entries/{entry_id}/review", {"declaration": "y"})
    with app.app_context():
        assert (
            only_entry(app).status == EntryStatus.DRAFT
            and only_entry(app).number is None
        )


def test_declaration_is_required(app, client, writer, edition_id):
    """Without ticking the declaration the entry is not submitted."""
    response = post_form(client, "/writer/entries/new", entry_form(app, edition_id))
    entry_id = int(re.search(r"/entries/(\d+)/", response.headers["Location"]).group(1))
    html = page_text(post_form(client, f"/writer/entries/{entry_id}/review", {}))
    assert "Vui lòng xác nhận cam kết." in html


def test_editing_after_submission_keeps_every_version(app, client, writer, edition_id):
    """A resubmitted text becomes version 2; version 1 stays; the latest is judged."""
    entry_id = submit_entry(client, app, edition_id)
    data = entry_form(app, edition_id, text=STORY + "\n\nĐoạn bổ sung mới.", review="1")
    post_form(client, f"/writer/entries/{entry_id}/edit", data)
    post_form(client, f"/writer/entries/{entry_id}/review", {"declaration": "y"})
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert [v.number for v in entry.versions] == [1, 2]
        assert entry.latest_version.text.endswith("Đoạn bổ sung mới.")
        assert entry.number == "HN2026-000001"


def test_withdraw(app, client, writer, edition_id):
    """A writer withdraws an entry after confirming."""
    entry_id = submit_entry(client, app, edition_id)
    assert "thực sự muốn rút" in page_text(
        client.get(f"/writer/entries/{entry_id}/withdraw")
    )
    post_form(client, f"/writer/entries/{entry_id}/withdraw")
    with app.app_context():
        assert db.session.get(Entry, entry_id).status == EntryStatus.WITHDRAWN
    assert "Đã rút" in page_text(client.get("/writer/"))


def test_after_the_deadline_and_grace_nothing_can_change(
    app, client, writer, edition_id
):
    """The deadline is checked on the server; the grace period counts."""
    entry_id = submit_entry(client, app, edition_id)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        edition.submission_closes_at = datetime.now(UTC) - timedelta(minutes=10)
        edition.grace_minutes = 15
        db.session.commit()
    assert client.get(f"/writer/entries/{entry_id}/edit").status_code == 200  # in grace
    with app.app_context():
        db.session.get(Edition, edition_id).grace_minutes = 5
        db.session.commit()
    assert client.get(f"/writer/entries/{entry_id}/edit").status_code == 409
    response = client.get("/writer/entries/new")
    assert response.status_code == 302
    assert "Cuộc thi đã hết hạn nhận bài." in page_text(client.get("/writer/"))


def test_judges_of_the_edition_cannot_enter(app, client, make_user, edition_id):
    """A judge of this edition is turned away from the entry form."""
    from contest.services.editions import set_judge

    judge = make_user(Role.JUDGE)
    with app.app_context():
        set_judge(
            None,
            db.session.get(Edition, edition_id),
            db.session.get(User, judge.id),
            True,
        )
        db.session.commit()
    login(client, judge.email)
    response = client.get("/writer/entries/new")
    assert response.status_code == 302
    assert "không được dự thi" in page_text(client.get(response.headers["Location"]))


def test_other_people_cannot_see_an_entry_but_its_unit_can(
    app, client, make_user, make_entry, make_unit
):
    """Another writer gets 404; the focal point of the author's unit sees the receipt."""
    unit_id = make_unit("UBND quận Cầu Giấy")
    entry = make_entry(unit_id=unit_id)
    login(client, make_user(Role.WRITER).email)
    assert client.get(f"/writer/entries/{entry.id}/receipt").status_code == 404
    assert client.get(f"/writer/entries/{entry.id}/edit").status_code == 404
    unit_client = app.test_client()
    login(unit_client, make_user(Role.UNIT, unit_id=unit_id).email)
    assert unit_client.get(f"/writer/entries/{entry.id}/receipt").status_code == 200
    other_unit = app.test_client()
    login(other_unit, make_user(Role.UNIT, unit_id=make_unit("Sở Y tế")).email)
    assert other_unit.get(f"/writer/entries/{entry.id}/receipt").status_code == 404


def test_photos_lose_their_location_and_files_get_server_names(app, client, make_entry):
    """A photo's GPS data is gone; downloads carry a server-made name, never the upload's."""
    entry = make_entry(with_photo=True, with_document=True)
    login(client, entry.owner.email)
    with app.app_context():
        photo = db.session.get(Attachment, entry.photo_id)
        stored = Image.open(path_of(photo.storage_key))
        assert not stored.getexif() and "exif" not in stored.info
    thumbnail = client.get(f"/files/{entry.photo_id}/thumbnail")
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/jpeg"
    document = client.get(f"/files/{entry.document_id}")
    disposition = document.headers["Content-Disposition"]
    assert "bai-du-thi" not in disposition and entry.number in disposition


@pytest.mark.parametrize("payload", XSS)
def test_script_from_a_writer_never_runs(app, client, writer, edition_id, payload):
    """Payloads in every text field come back escaped on the writer's pages."""
    fields = {
        key: payload
        for key in (
            "title",
            "text",
            "authors-0-full_name",
            "featured-0-name",
            "featured-0-summary",
        )
    }
    entry_id = submit_entry(client, app, edition_id, **fields, key=payload[:20])
    for url in (
        f"/writer/entries/{entry_id}/receipt",
        f"/writer/entries/{entry_id}/edit",
        f"/writer/entries/{entry_id}/review",
        "/writer/",
    ):
        html = page_text(client.get(url))
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html


def test_autosave_creates_the_draft_once_and_answers_json(
    app, client, writer, edition_id
):
    """Autosave of a new form creates one draft and then keeps saving into it."""
    data = entry_form(app, edition_id, title="Bản nháp tự lưu", review=None)
    data.pop("review")
    first = post_form(client, "/writer/entries/new", data, headers={"X-Autosave": "1"})
    second = post_form(
        client,
        "/writer/entries/new",
        data | {"title": "Bản nháp tự lưu 2"},
        headers={"X-Autosave": "1"},
    )
    assert first.json["saved"] and second.json["entry_id"] == first.json["entry_id"]
    assert first.json["edit_url"].endswith(f"/entries/{first.json['entry_id']}/edit")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Entry.id))) == 1
        assert only_entry(app).title == "Bản nháp tự lưu 2"


def test_entry_form_keeps_a_copy_in_the_browser(app, client, writer, edition_id):
    """The form names its browser copy per writer and per entry (or new-entry form),
    says when the server last saved it, and carries the restore offer and the
    session-ended notice in Vietnamese; the copy's script loads before autosave's."""
    blank = page_text(client.get("/writer/entries/new"))
    assert f'data-draft-key="draft:{writer.id}:new:{edition_id}"' in blank
    assert 'data-server-saved="0"' in blank
    assert "Khôi phục bản đang soạn trên máy này" in blank
    assert 'id="session-expired"' in blank and "giữ trên máy này" in blank
    scripts = re.findall(r'<script src="/static/js/([a-z_]+\.js)', blank)
    assert scripts.index("draft_store.js") < scripts.index("autosave.js")
    data = entry_form(app, edition_id, review=None)
    data.pop("review")
    saved = post_form(client, "/writer/entries/new", data, headers={"X-Autosave": "1"})
    entry_id = saved.json["entry_id"]
    page = page_text(client.get(f"/writer/entries/{entry_id}/edit"))
    assert f'data-draft-prefix="draft:{writer.id}:"' in page
    assert f'data-draft-key="draft:{writer.id}:entry:{entry_id}"' in page
    with app.app_context():
        stamp = int(db.session.get(Entry, entry_id).updated_at.timestamp() * 1000)
    assert f'data-server-saved="{stamp}"' in page
    assert abs(stamp - datetime.now(UTC).timestamp() * 1000) < 60_000


def test_autosave_of_an_ended_session_is_refused_without_json(
    app, client, writer, edition_id
):
    """What autosave.js reads as "session ended": without the session cookie the
    CSRF check answers an HTML 400; with a fresh session, a redirect to the login
    page. Neither saves anything; a form error still answers JSON."""
    data = entry_form(app, edition_id, review=None)
    data.pop("review")
    saved = post_form(client, "/writer/entries/new", data, headers={"X-Autosave": "1"})
    url = saved.json["edit_url"]
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"',
        page_text(client.get(url)),
    ).group(1)
    changed = data | {"title": "Không được lưu"}
    cookieless = app.test_client()
    refused = cookieless.post(
        url, data=changed | {"csrf_token": token}, headers={"X-Autosave": "1"}
    )
    assert refused.status_code == 400 and not refused.is_json
    logged_out = app.test_client()  # its own session and token, nobody logged in
    redirected = post_form(logged_out, url, changed, headers={"X-Autosave": "1"})
    assert redirected.status_code == 302
    assert "/auth/login" in redirected.headers["Location"]
    invalid = post_form(
        client, url, data | {"track_id": "x"}, headers={"X-Autosave": "1"}
    )
    assert invalid.status_code == 400 and invalid.json["saved"] is False
    with app.app_context():
        assert only_entry(app).title == "Bếp cơm yêu thương"


MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def test_press_work_with_a_video_file(app, client, writer, edition_id):
    """A radio/TV work may come as an MP4 video instead of a link; other files are refused."""
    with app.app_context():
        press_id = db.session.get(Edition, edition_id).tracks[1].id
    bad = entry_form(
        app,
        edition_id,
        key="v1",
        track_id=str(press_id),
        outlet="Đài Phát thanh Hà Nội",
        video=(io.BytesIO(b"MZ\x90\x00 not a video"), "phong-su.mp4"),
    )
    bad.pop("review")
    response = post_form(
        client, "/writer/entries/new", bad, content_type="multipart/form-data"
    )
    assert (
        response.status_code == 422
        and "Vui lòng gửi tệp MP4 hoặc WebM" in page_text(response)
    )

    video = MP4_HEADER + b"\x00" * 5000
    data = entry_form(
        app,
        edition_id,
        key="v1",
        track_id=str(press_id),
        outlet="Đài Phát thanh Hà Nội",
        video=(io.BytesIO(video), "phong-su.mp4"),
    )
    response = post_form(
        client, "/writer/entries/new", data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    entry_id = int(re.search(r"/entries/(\d+)/", response.headers["Location"]).group(1))
    review = post_form(
        client, f"/writer/entries/{entry_id}/review", {"declaration": "y"}
    )
    assert review.headers["Location"].endswith("/receipt")  # outlet + video suffice
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.videos[0].mime == "video/mp4" and entry.videos[0].size == len(
            video
        )
        video_id = entry.videos[0].id
    download = client.get(f"/files/{video_id}")
    assert (
        download.data == video
        and "phong-su" not in download.headers["Content-Disposition"]
    )


def test_oversized_video_is_refused(app, client, writer, edition_id):
    """A video over the limit gets a message; the rest of the draft is kept."""
    app.config["VIDEO_MAX_BYTES"] = 1000
    data = entry_form(
        app,
        edition_id,
        key="v2",
        video=(io.BytesIO(MP4_HEADER + b"\x00" * 2000), "dai.mp4"),
    )
    data.pop("review")
    response = post_form(
        client, "/writer/entries/new", data, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "Video quá lớn" in page_text(response)
    with app.app_context():
        assert (
            only_entry(app).title == "Bếp cơm yêu thương" and not only_entry(app).videos
        )


def test_two_first_saves_at_the_same_moment_make_one_draft(
    app, make_user, make_edition
):
    """Two requests of one form (a double click) both find no draft and both insert:
    the second waits for the first and then gets the same draft, never an error."""
    from sqlalchemy import func, select

    from contest.services.entries import start_entry

    writer_id = make_user(Role.WRITER).id
    edition_id = make_edition()
    key = "form-key-double-click"
    first_flushed, ids, errors = threading.Event(), {}, []

    def save(name: str, wait: threading.Event | None) -> None:
        try:
            if wait is not None:
                assert wait.wait(10)
            # As the form's POST: on SQLite a writing request begins IMMEDIATE.
            with app.test_request_context("/writer/entries/new", method="POST"):
                owner = db.session.get(User, writer_id)
                entry = start_entry(owner, db.session.get(Edition, edition_id), key=key)
                if wait is None:
                    first_flushed.set()
                    time.sleep(0.5)  # the other request arrives before this commit
                db.session.commit()
                ids[name] = entry.id
        except Exception as error:  # reported below: an error is the failure
            errors.append(error)
            first_flushed.set()

    threads = [
        threading.Thread(target=save, args=("first", None)),
        threading.Thread(target=save, args=("second", first_flushed)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert ids["first"] == ids["second"]
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(Entry.id)).where(Entry.idempotency_key == key)
            )
            == 1
        )
