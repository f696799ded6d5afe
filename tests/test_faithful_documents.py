"""Real files reach the judge as the writer wrote them: a 20-paragraph Word file (and
its LibreOffice .odt and .pdf) uploaded through the writer's form is read as the same
20 numbered paragraphs, without the title repeated; hidden Word text never reaches
the judge and the organizers' identity review notes it; pasted text keeps its
paragraphs; the public read page and the anthology drop contacts typed in the text.
"""

from __future__ import annotations

import html
import io
import os
import re
import zipfile

import pytest

from contest.extensions import db
from contest.models import Edition, Entry, Role
from contest.paragraphs import paragraph_text
from contest.textnorm import word_count
from judging.anthology.exports.epub import render_anthology_epub
from judging.awards.exports.source import anthology_stories, edition_info
from judging.awards.models.lists import AwardList
from tests import docfactory
from tests.award_fixtures import award_list
from tests.conftest import STORY, login, page_text, post_form
from tests.judging_fixtures import add_judge, codes, commit_round, first_round_id


@pytest.fixture
def office() -> None:
    """LibreOffice converts the test files: skip without it, or fail under
    REQUIRE_LIBREOFFICE=1 (CI)."""
    if not docfactory.have_libreoffice():
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(
                "LibreOffice is required (apt-get install libreoffice-writer-nogui)"
            )
        pytest.skip(
            "LibreOffice not installed (Debian package libreoffice-writer-nogui)"
        )


PARA_RE = re.compile(r'<p id="p-(\d+)"><span class="para-no"[^>]*></span>(.*?)</p>')


def the_file(kind: str) -> bytes:
    """The 20-paragraph Word file, or LibreOffice's .odt / .pdf made from it."""
    data = docfactory.make_twenty_docx()
    return (
        data if kind == "docx" else docfactory.libreoffice_convert(data, "docx", kind)
    )


def entry_form(app, edition_id: int, **overrides) -> dict:
    """The writer's entry form as a browser posts it (review right after saving)."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        track_id, field_id = edition.tracks[0].id, edition.fields[0].id
    return {
        "key": overrides.pop("key", "k-" + str(len(overrides))),
        "title": docfactory.TITLE,
        "track_id": str(track_id),
        "field_id": str(field_id),
        "genre": "Ký",
        "text": "",
        "authors-0-full_name": "Lê Thị Dư",
        "authors-0-phone": "0912 345 678",
        "featured-0-name": "Nguyễn Văn Hoà",
        "featured-0-summary": "Dạy chữ miễn phí.",
        "review": "1",
    } | overrides


def submit_through_the_form(client, app, edition_id: int, **fields) -> int:
    """Save the form (with its upload, if any), then submit from the review page."""
    response = post_form(
        client,
        "/writer/entries/new",
        entry_form(app, edition_id, **fields),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, page_text(response)
    entry_id = int(re.search(r"/entries/(\d+)/", response.headers["Location"])[1])
    response = post_form(
        client, f"/writer/entries/{entry_id}/review", {"declaration": "y"}
    )
    assert response.headers["Location"].endswith("/receipt"), page_text(response)
    return entry_id


def judge_reads(app, make_user, edition_id: int) -> dict[int, str]:
    """Open the first round with one reader per entry; entry id → the judge's page."""
    judge = add_judge(app, make_user, edition_id, full_name="Giám Khảo Đọc Bài")
    round_id = first_round_id(app, edition_id)
    with app.app_context():
        db.session.get(Edition, edition_id).rounds[0].readers_per_entry = 1
        db.session.commit()
    commit_round(app, round_id)
    client = app.test_client()
    assert login(client, judge.email, judge.password).status_code == 302
    pages = {}
    for entry_id, code in codes(app, round_id).items():
        response = client.get(f"/judge/entries/{code}")
        assert response.status_code == 200
        pages[entry_id] = page_text(response)
    return pages


def numbered(page: str) -> list[str]:
    """The judge's numbered paragraphs, in order (line breaks as newlines)."""
    found = PARA_RE.findall(page)
    assert [int(n) for n, _ in found] == list(range(1, len(found) + 1))
    return [html.unescape(body.replace("<br>", "\n")) for _, body in found]


@pytest.mark.parametrize("kind", ["docx", "odt", "pdf"])
def test_a_twenty_paragraph_file_reaches_the_judge_as_twenty_paragraphs(
    app, make_user, edition_id, kind, office
):
    """Uploaded through the form, the file's title heading is dropped (it is the
    entry's title) and the judge reads paragraphs 1–20: headings, list items and
    paragraphs each numbered on their own; the word count leaves the title out."""
    client = app.test_client()
    writer = make_user(Role.WRITER, full_name="Lê Thị Dư")
    assert login(client, writer.email, writer.password).status_code == 302
    entry_id = submit_through_the_form(
        client,
        app,
        edition_id,
        document=(io.BytesIO(the_file(kind)), f"bai-du-thi.{kind}"),
    )
    paragraphs = numbered(judge_reads(app, make_user, edition_id)[entry_id])
    assert len(paragraphs) == 20
    bare = [re.sub(r"^(?:• |\d+\. )", "", p) for p in paragraphs]  # PDF list marks
    assert bare == list(docfactory.TWENTY)
    with app.app_context():
        version = db.session.get(Entry, entry_id).latest_version
        assert not version.text.startswith(docfactory.TITLE)
        # What the judge reads is what is counted (a PDF prints its list numbers).
        assert version.word_count == word_count("\n".join(paragraphs))
        if kind != "pdf":
            assert version.word_count == word_count("\n".join(docfactory.TWENTY))


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_structure_survives_and_hidden_text_is_left_out_and_noted(
    app, client, login_as, make_user, edition_id, kind, office
):
    """A line break stays inside its paragraph, list items and table cells are
    paragraphs; hidden, white, 1-pt and AUTHOR-field text never reaches the judge,
    and the organizers' identity review says the file had some."""
    data = docfactory.make_rich_docx()
    if kind == "odt":
        data = docfactory.libreoffice_convert(data, "docx", "odt")
    writer = make_user(Role.WRITER, full_name="Lê Thị Dư")
    writer_client = app.test_client()
    assert login(writer_client, writer.email, writer.password).status_code == 302
    entry_id = submit_through_the_form(
        writer_client,
        app,
        edition_id,
        document=(io.BytesIO(data), f"bai.{kind}"),
    )
    page = judge_reads(app, make_user, edition_id)[entry_id]
    assert numbered(page) == list(docfactory.RICH_VISIBLE[1:])
    for secret in ("Canary", "Ẩn Danh", "ngõ Bí Mật", docfactory.FIELD_AUTHOR):
        assert secret not in html.unescape(page)
    login_as(Role.ORGANIZER)
    review = html.unescape(
        page_text(
            client.get(f"/organizer/editions/{edition_id}/judging/identity?all=1")
        )
    )
    note = re.search(r'hidden-text-note">([^<]*)<', review)
    assert note, "the identity review does not mention the hidden text"
    assert "Canary" not in review
    for label in ("định dạng ẩn", "chữ màu trắng", "chữ cỡ rất nhỏ"):
        assert label in note[1]


def test_pasted_text_keeps_its_paragraphs_and_drops_a_repeated_title(
    app, make_user, edition_id
):
    """Text pasted with one line per paragraph (and the title again on top) reaches
    the judge as those paragraphs, numbered, without the title."""
    lines = [p for p in STORY.split("\n") if p.strip()]
    writer = make_user(Role.WRITER, full_name="Lê Thị Dư")
    client = app.test_client()
    assert login(client, writer.email, writer.password).status_code == 302
    pasted = "\r\n".join([docfactory.TITLE.upper(), *lines])
    entry_id = submit_through_the_form(client, app, edition_id, text=pasted)
    paragraphs = numbered(judge_reads(app, make_user, edition_id)[entry_id])
    assert paragraphs == lines
    with app.app_context():
        version = db.session.get(Entry, entry_id).latest_version
        assert version.text == paragraph_text("\n".join(lines))
        assert version.word_count == word_count("\n".join(lines))
    # The anthology prints the title once, as the story's heading.
    list_id = award_list(app, edition_id, [(entry_id, "nhat")])
    with app.app_context():
        award = db.session.get(AwardList, list_id)
        info = edition_info(db.session.get(Edition, edition_id), award)
        book = render_anthology_epub(info, anthology_stories(award))
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        story = next(
            archive.read(n).decode()
            for n in archive.namelist()
            if n.endswith("html") and lines[0][:20] in archive.read(n).decode()
        )
    body = story.split("<body>")[1]
    assert body.count(docfactory.TITLE) == 1 and f"<h1>{docfactory.TITLE}</h1>" in body
    assert body.count("<p>") >= len(lines)


CONTACTS = (
    "Số 77 ngõ 12 phố Hàng Bạc, phường Hàng Đào, quận Hoàn Kiếm",
    "0912 345 678",
    "tacgia.bep@example.vn",
)


def test_public_pages_and_the_anthology_show_no_contacts_typed_in_the_text(
    app, client, make_entry, edition_id
):
    """A phone, an email and a street address typed into the title and the text are
    blanked on the public read page, the results page and in the anthology."""
    street, phone, email = CONTACTS
    text = (
        f"{STORY}\n\nMọi người muốn giúp bếp cơm xin gọi {phone}, email {email}, "
        f"hoặc đến {street}.\n\nCâu chuyện còn dài."
    )
    # (make_entry's form key holds the title: a short street address here)
    entry = make_entry(
        title="Bếp cơm số 9 ngõ 4 phố Huế", text=text, edition_id=edition_id
    )
    list_id = award_list(app, edition_id, [(entry.id, "nhat")])
    for url in (
        f"/editions/{edition_id}/results",
        f"/editions/{edition_id}/results/{entry.id}",
    ):
        shown = html.unescape(page_text(client.get(url)))
        assert "Bếp cơm" in shown
        for contact in CONTACTS:
            assert contact not in shown, (url, contact)
        assert "Hàng Đào" not in shown and "345 678" not in shown
        assert "ngõ 4 phố Huế" not in shown
    read = html.unescape(
        page_text(client.get(f"/editions/{edition_id}/results/{entry.id}"))
    )
    assert "Câu chuyện còn dài." in read and "[…]" in read
    with app.app_context():
        award = db.session.get(AwardList, list_id)
        info = edition_info(db.session.get(Edition, edition_id), award)
        book = render_anthology_epub(info, anthology_stories(award))
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        pages = " ".join(
            archive.read(n).decode() for n in archive.namelist() if n.endswith("html")
        )
    assert "Câu chuyện còn dài." in pages
    for contact in CONTACTS:
        assert contact not in html.unescape(pages)


def test_a_pen_name_declared_in_the_profile_is_caught_in_the_text(
    app, client, login_as, make_user, edition_id
):
    """The writer declares a pen name on their profile; the entry form brings it in
    as the main author's; written bare in the story, the identity scan finds it."""
    writer = make_user(Role.WRITER, full_name="Lê Thị Dư")
    writer_client = app.test_client()
    assert login(writer_client, writer.email, writer.password).status_code == 302
    saved = post_form(
        writer_client,
        "/account/profile",
        {
            "full_name": "Lê Thị Dư",
            "address": "thôn Đoài, xã Tam Hiệp",
            "pen_names": "Hạ Vy, Mộc Miên",
            "unit_id": "0",
            "locale": "vi",
        },
    )
    assert saved.status_code == 302
    form = html.unescape(page_text(writer_client.get("/writer/entries/new")))
    assert 'value="Hạ Vy, Mộc Miên"' in form
    text = f"{STORY}\n\nNhững dòng này Mộc Miên viết khi về thôn Đoài thăm ông."
    entry_id = submit_through_the_form(
        writer_client,
        app,
        edition_id,
        text=text,
        **{"authors-0-pen_names": "Hạ Vy, Mộc Miên"},
    )
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.authors[0].pen_names == "Hạ Vy, Mộc Miên"
        assert entry.owner.pen_names == "Hạ Vy, Mộc Miên"
    login_as(Role.ORGANIZER)
    review = html.unescape(
        page_text(client.get(f"/organizer/editions/{edition_id}/judging/identity"))
    )
    assert re.search(
        r"bút danh của tác giả</span>\s*<span[^>]*>[^<]*<mark>Mộc Miên<", review
    )
    assert re.search(
        r"địa chỉ của tác giả</span>\s*<span[^>]*>[^<]*<mark>thôn Đoài<", review
    )


def test_the_identity_page_reuses_the_hits_of_unchanged_versions(
    app, client, login_as, make_entry, edition_id, monkeypatch
):
    """The page scans each entry's text once; a changed identity scans it again."""
    from judging.identity import services as identity_service

    monkeypatch.setattr(identity_service, "_HITS", {})  # nothing from other tests
    calls = []
    real_scan = identity_service.scan
    monkeypatch.setattr(
        identity_service, "scan", lambda *a: calls.append(1) or real_scan(*a)
    )
    entry = make_entry(text=f"{STORY}\n\nLiên hệ Số 7 ngõ 3 phố Huế.")
    login_as(Role.ORGANIZER)
    url = f"/organizer/editions/{edition_id}/judging/identity"
    for _ in range(2):
        assert "Số 7 ngõ 3 phố Huế" in html.unescape(page_text(client.get(url)))
    assert len(calls) == 1
    with app.app_context():
        db.session.get(Entry, entry.id).authors[0].pen_names = "Bút Mới"
        db.session.commit()
    client.get(url)
    assert len(calls) == 2


def test_a_village_address_is_shown_but_is_not_a_finding_to_decide(
    app, make_entry, edition_id
):
    """ "thôn …, xã …" usually names the hero's home: listed, not counted as open;
    the same place as the author's declared address is an open finding."""
    from judging.identity.core import HitKind
    from judging.identity.services import identity_scan

    text = f"{STORY}\n\nÔng Hoà sống ở thôn Bến, xã Yên Bài, huyện Ba Vì."
    entry = make_entry(text=text)
    with app.app_context():
        (result,) = identity_scan(db.session.get(Edition, edition_id))
        assert [h.hit.kind for h in result.hits] == [HitKind.LOCALITY]
        assert (result.open_hits, result.unredacted) == (0, 1)
        db.session.get(Entry, entry.id).authors[0].address = "thôn Bến, xã Yên Bài"
        db.session.commit()
        (result,) = identity_scan(db.session.get(Edition, edition_id))
        assert HitKind.ADDRESS in {h.hit.kind for h in result.hits}
        assert result.open_hits >= 1


def test_a_heros_street_and_the_authors_district_do_not_hold_the_round(
    app, make_entry, edition_id
):
    """A street address in the story (the rules ask for the hero's) is listed, not
    counted as open; an author address of ward and district only is not looked for
    (stories name districts all the time); the author's own street address counts."""
    from judging.identity.core import HitKind
    from judging.identity.services import identity_scan

    text = (
        f"{STORY}\n\nBà Hoa sống ở số 7 ngõ 74 phố Kim Hoa, phường Kim Liên, "
        "quận Đống Đa. Cả quận Long Biên biết tiếng bà."
    )
    entry = make_entry(text=text)
    with app.app_context():
        db.session.get(Entry, entry.id).authors[
            0
        ].address = "phường Phú Lâm, quận Long Biên"
        db.session.commit()
        (result,) = identity_scan(db.session.get(Edition, edition_id))
        assert {h.hit.kind for h in result.hits} == {HitKind.STREET}
        assert result.open_hits == 0
        db.session.get(Entry, entry.id).authors[
            0
        ].address = "số 7 ngõ 74 phố Kim Hoa, phường Kim Liên"
        db.session.commit()
        (result,) = identity_scan(db.session.get(Edition, edition_id))
        assert HitKind.ADDRESS in {h.hit.kind for h in result.hits}
        assert result.open_hits >= 1


def form_text(client, entry_id: int) -> str:
    """The text as the edit page's textarea holds it (what a browser posts back)."""
    page = client.get(f"/writer/entries/{entry_id}/edit").get_data(as_text=True)
    body = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert body, "the edit page has no text box"
    text = html.unescape(body[1])
    return text[2:] if text.startswith("\r\n") else text.removeprefix("\n")


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        # A line that is the title twice is the story's: nothing is dropped.
        ("Mẹ!\n\nMẹ!\n\nMẹ tôi tảo tần.", "Mẹ!\n\nMẹ!\n\nMẹ tôi tảo tần."),
        # The pasted heading goes once, on arrival; the story's lines stay.
        ("MẸ\n\nMẹ tôi tảo tần.\n\nMẹ!", "Mẹ tôi tảo tần.\n\nMẹ!"),
    ],
)
def test_saving_the_form_again_loses_no_line(app, make_user, edition_id, pasted, kept):
    """Save, save again, save once more with the text the form shows, then submit:
    the text is the same each time (the title is dropped once, never line by line)."""
    writer = make_user(Role.WRITER, full_name="Lê Thị Dư")
    client = app.test_client()
    assert login(client, writer.email, writer.password).status_code == 302
    fields = entry_form(app, edition_id, title="Mẹ", text=pasted)
    del fields["review"]
    response = post_form(client, "/writer/entries/new", fields)
    assert response.status_code == 302, page_text(response)
    entry_id = int(re.search(r"/entries/(\d+)/", response.headers["Location"])[1])
    for _ in range(3):
        assert form_text(client, entry_id) == kept
        fields["text"] = form_text(client, entry_id)
        response = post_form(client, f"/writer/entries/{entry_id}/edit", fields)
        assert response.status_code == 302, page_text(response)
    response = post_form(
        client, f"/writer/entries/{entry_id}/review", {"declaration": "y"}
    )
    assert response.headers["Location"].endswith("/receipt"), page_text(response)
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.draft_text == kept
        assert entry.latest_version.text == kept
