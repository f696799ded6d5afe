"""The public record of past editions: a visitor lists the editions with published
results, opens one (winners, stories with consent, anthology, rules), shares its
pages (Open Graph previews), and never sees an author's contact data."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest

from contest.extensions import db
from contest.models import Entry
from judging.awards.models.lists import AwardStage
from tests.award_fixtures import award_list, set_stage
from tests.conftest import page_text


@pytest.fixture
def world(app, make_edition, make_user, make_entry):
    """Two winners of a draft list: one agreed to publication, one did not."""
    edition_id = make_edition(year=2025)
    agreed = make_entry(
        owner=make_user(full_name="Nguyễn Thị Dư", email="du@example.vn"),
        title="Bếp cơm yêu thương",
    )
    refused = make_entry(
        owner=make_user(full_name="Trần Văn Dương", email="duong@example.vn"),
        title="Người gác rừng",
    )
    with app.app_context():
        db.session.get(Entry, refused.id).declaration_accepted = False
        db.session.commit()
    list_id = award_list(
        app,
        edition_id,
        [(agreed.id, "nhat"), (refused.id, "nhi")],
        stage=AwardStage.APPROVED,
    )
    return {"edition_id": edition_id, "list_id": list_id, "agreed": agreed.id, "refused": refused.id}  # fmt: skip


def og(page: str) -> dict[str, str]:
    """The page's Open Graph properties."""
    return {
        k: html.unescape(v)
        for k, v in re.findall(
            r'<meta property="og:([a-z_:]+)" content="([^"]*)"', page
        )
    }


def test_nothing_is_public_before_publication(app, client, world):
    edition = world["edition_id"]
    assert "Bếp cơm yêu thương" not in page_text(client.get("/editions"))
    assert client.get(f"/editions/{edition}").status_code == 404
    assert client.get(f"/editions/{edition}/anthology.epub").status_code == 404


def test_published_edition_record(app, client, world):
    """Winners with names and units, the consented story linked, the rules; no
    phone or email; Open Graph title, description and an absolute image URL."""
    set_stage(app, world["list_id"], AwardStage.PUBLISHED)
    edition = world["edition_id"]
    listing = page_text(client.get("/editions"))
    assert f'href="/editions/{edition}"' in listing
    page = page_text(client.get(f"/editions/{edition}"))
    text = html.unescape(page)
    assert "Bếp cơm yêu thương" in text and "Người gác rừng" in text
    assert "Nguyễn Thị Dư" in text and "Thể lệ: viết về người thật, việc thật." in text
    assert f"/editions/{edition}/results/{world['agreed']}" in page
    assert f"/editions/{edition}/results/{world['refused']}" not in page
    for secret in ("0912 000 111", "du@example.vn", "duong@example.vn"):
        assert secret not in text
    tags = og(page)
    assert tags["title"].endswith("2025")
    assert tags["image"].startswith("http") and tags["image"].endswith("og-default.png")
    assert client.get(tags["image"].split("localhost", 1)[-1]).status_code == 200
    results = og(page_text(client.get(f"/editions/{edition}/results")))
    assert results["title"].startswith("Kết quả") and "description" in results
    story = og(page_text(client.get(f"/editions/{edition}/results/{world['agreed']}")))
    assert story["type"] == "article" and story["title"] == "Bếp cơm yêu thương"
    assert story["description"].startswith("Bà Nguyễn Thị Hoa")


def test_public_anthology_holds_only_consented_stories(app, client, world):
    set_stage(app, world["list_id"], AwardStage.PUBLISHED)
    edition = world["edition_id"]
    epub = client.get(f"/editions/{edition}/anthology.epub")
    assert epub.status_code == 200 and epub.mimetype == "application/epub+zip"
    with zipfile.ZipFile(io.BytesIO(epub.data)) as book:
        texts = " ".join(
            book.read(n).decode("utf-8", "replace")
            for n in book.namelist()
            if n.endswith((".xhtml", ".html"))
        )
    assert "Bếp cơm yêu thương" in texts and "Người gác rừng" not in texts
    assert "0912 000 111" not in texts and "du@example.vn" not in texts
    pdf = client.get(f"/editions/{edition}/anthology.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get(f"/editions/{edition}/anthology.exe").status_code == 404
