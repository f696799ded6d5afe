"""Public results: nothing before publication; then the winners by track and tier,
the read pages of the entries whose writers agreed, no contact data, a cache that
follows the publication; and each writer sees their own prize in "My entries"."""

from __future__ import annotations

import re

import pytest

from contest.extensions import db
from contest.models import Entry
from contest.paragraphs import paragraphs
from judging.awards.models.lists import AwardStage
from judging.awards.views.public import cache
from tests.award_fixtures import award_list, other_track_id, set_stage
from tests.conftest import login, page_text
from tests.judging_fixtures import XSS, shown


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no rendered results (ids are reused between tests)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contest(app, make_edition, make_user, make_entry):
    """An edition with three submitted entries (one press work) and their ids."""
    edition_id = make_edition()
    first = make_entry(
        title="Bếp cơm yêu thương",
        owner=make_user(full_name="Trần Thị Thu", email="thu@example.vn"),
    )
    second = make_entry(
        title="Người lái đò trên sông Đáy",
        owner=make_user(full_name="Đặng Văn Dương", email="duong@example.vn"),
    )
    third = make_entry(
        title="Thầy giáo vùng cao",
        owner=make_user(full_name="Lê Minh Hà", email="ha@example.vn"),
    )
    with app.app_context():
        db.session.get(Entry, third.id).track_id = other_track_id(app, edition_id)
        db.session.get(Entry, first.id).authors[0].unit_name = "Trường THCS Hàng Bạc"
        db.session.commit()
    return {"edition": edition_id, "entries": (first, second, third)}


def results_url(edition_id: int) -> str:
    """The public results page of an edition."""
    return f"/editions/{edition_id}/results"


def read_url(edition_id: int, entry_id: int) -> str:
    """The public read page of an awarded entry."""
    return f"/editions/{edition_id}/results/{entry_id}"


@pytest.mark.parametrize(
    "stage", [None, AwardStage.DRAFT, AwardStage.SUBMITTED, AwardStage.APPROVED]
)
def test_nothing_is_public_before_publication(app, client, contest, stage):
    """Results and read pages answer 404, and the landing page has no link."""
    first = contest["entries"][0]
    if stage is not None:
        award_list(app, contest["edition"], [(first.id, "nhat")], stage=stage)
    assert client.get(results_url(contest["edition"])).status_code == 404
    assert client.get(read_url(contest["edition"], first.id)).status_code == 404
    assert results_url(contest["edition"]) not in page_text(client.get("/"))


def test_published_results_list_winners_by_track_and_tier(app, client, contest):
    """Tiers in order (Nhất before Nhì), names in Vietnamese, the landing page links."""
    first, second, third = contest["entries"]
    award_list(
        app,
        contest["edition"],
        [(second.id, "nhi"), (first.id, "nhat"), (third.id, "dac_biet")],
    )
    response = client.get(results_url(contest["edition"]))
    assert response.status_code == 200
    text = shown(response)
    assert text.index("Giải Nhất") < text.index("Bếp cơm yêu thương")
    assert text.index("Bếp cơm yêu thương") < text.index("Giải Nhì")
    assert text.index("Giải Nhì") < text.index("Người lái đò trên sông Đáy")
    assert text.index("Người lái đò trên sông Đáy") < text.index("Giải Đặc biệt")
    assert "Thầy giáo vùng cao" in text
    for name in ("Trần Thị Thu", "Đặng Văn Dương", "Trường THCS Hàng Bạc"):
        assert name in text
    assert "Nguyễn Thị Hoa" in text  # the featured person
    assert results_url(contest["edition"]) in page_text(client.get("/"))


def test_english_through_the_language_switch(app, client, contest):
    """The same page in English after the switch (a separate cache entry)."""
    award_list(app, contest["edition"], [(contest["entries"][0].id, "nhi")])
    assert "Giải Nhì" in shown(client.get(results_url(contest["edition"])))
    client.get("/lang/en")
    text = shown(client.get(results_url(contest["edition"])))
    assert "Second prize" in text and "Giải Nhì" not in text


def test_no_contact_data_on_public_pages(app, client, contest):
    """Emails, phones, addresses and the featured person's contact never show."""
    first = contest["entries"][0]
    with app.app_context():
        author = db.session.get(Entry, first.id).authors[0]
        author.address = "12 phố Hàng Bạc"
        person = db.session.get(Entry, first.id).featured[0]
        person.contact = "0987 654 321"
        db.session.commit()
    award_list(app, contest["edition"], [(first.id, "nhat")])
    for url in (
        results_url(contest["edition"]),
        read_url(contest["edition"], first.id),
    ):
        text = shown(client.get(url))
        assert "Bếp cơm yêu thương" in text
        assert "@example.vn" not in text
        assert "0912 000 111" not in text and "0987 654 321" not in text
        assert "12 phố Hàng Bạc" not in text


def test_read_page_shows_the_text_as_paragraphs(app, client, contest):
    """Title, author, featured person and each paragraph of the text."""
    first = contest["entries"][0]
    award_list(app, contest["edition"], [(first.id, "nhat")])
    results = page_text(client.get(results_url(contest["edition"])))
    assert read_url(contest["edition"], first.id) in results
    response = client.get(read_url(contest["edition"], first.id))
    assert response.status_code == 200
    body = page_text(response)
    assert "<p>Bà Nguyễn Thị Hoa, 68 tuổi" in body
    assert "<p>Mỗi sáng, bà dậy từ bốn giờ" in body
    assert "Trần Thị Thu" in shown(response)


def test_consent_is_respected(app, client, contest):
    """Without the writer's agreement: listed, but no link and no read page."""
    first, second, _ = contest["entries"]
    with app.app_context():
        db.session.get(Entry, second.id).declaration_accepted = False
        db.session.commit()
    award_list(app, contest["edition"], [(first.id, "nhat"), (second.id, "nhi")])
    results = page_text(client.get(results_url(contest["edition"])))
    assert "Người lái đò trên sông Đáy" in results
    assert read_url(contest["edition"], second.id) not in results
    assert client.get(read_url(contest["edition"], second.id)).status_code == 404
    assert client.get(read_url(contest["edition"], first.id)).status_code == 200


def test_an_entry_without_a_prize_has_no_read_page(app, client, contest):
    """Only awarded entries of the published list can be read."""
    first, second, _ = contest["entries"]
    award_list(app, contest["edition"], [(first.id, "nhat")])
    assert client.get(read_url(contest["edition"], second.id)).status_code == 404
    assert client.get(read_url(contest["edition"] + 99, first.id)).status_code == 404


def test_html_typed_by_a_writer_is_shown_as_text(app, client, contest):
    """A title, author or text with a script tag is escaped everywhere."""
    first = contest["entries"][0]
    with app.app_context():
        entry = db.session.get(Entry, first.id)
        entry.title = XSS
        entry.authors[0].full_name = XSS
        entry.latest_version.text = f"Đoạn một.\n\n{XSS}"
        db.session.commit()
    award_list(app, contest["edition"], [(first.id, "nhat")])
    for url in (
        results_url(contest["edition"]),
        read_url(contest["edition"], first.id),
    ):
        body = page_text(client.get(url))
        assert XSS not in body
        assert "&lt;script&gt;" in body


def test_cache_follows_publication(app, client, contest):
    """The rendered results are reused until the list is published again."""
    first = contest["entries"][0]
    list_id = award_list(app, contest["edition"], [(first.id, "nhat")])
    assert "Bếp cơm yêu thương" in shown(client.get(results_url(contest["edition"])))
    with app.app_context():
        db.session.get(Entry, first.id).title = "Bếp cơm nghĩa tình"
        db.session.commit()
    # Same publication: the cached page (no query of the winners again).
    assert "Bếp cơm yêu thương" in shown(client.get(results_url(contest["edition"])))
    set_stage(app, list_id, AwardStage.APPROVED)  # reopened for a correction …
    assert client.get(results_url(contest["edition"])).status_code == 404
    set_stage(app, list_id, AwardStage.PUBLISHED)  # … and published again
    text = shown(client.get(results_url(contest["edition"])))
    assert "Bếp cơm nghĩa tình" in text and "Bếp cơm yêu thương" not in text


def test_collective_awards_are_listed(app, client, contest, make_unit):
    """Units proposed for a Bằng khen appear once the list is published."""
    unit_id = make_unit(name="UBND quận Hoàn Kiếm")
    first = contest["entries"][0]
    with app.app_context():
        from contest.models import utcnow

        entry = db.session.get(Entry, first.id)
        entry.unit_id, entry.forwarded_at = unit_id, utcnow()
        db.session.commit()
    award_list(app, contest["edition"], [(first.id, "nhat")])
    text = shown(client.get(results_url(contest["edition"])))
    assert "UBND quận Hoàn Kiếm" in text
    assert "Bằng khen" in text


def test_writer_sees_the_prize_only_after_publication(app, client, contest):
    """ "My entries" says "Giải Nhì – Bảng …" from publication on, and not before."""
    first = contest["entries"][0]
    list_id = award_list(
        app, contest["edition"], [(first.id, "nhi")], stage=AwardStage.APPROVED
    )
    assert login(client, "thu@example.vn").status_code == 302
    assert "Giải Nhì" not in shown(client.get("/writer/"))
    set_stage(app, list_id, AwardStage.PUBLISHED)
    text = shown(client.get("/writer/"))
    assert re.search(r"Giải Nhì – Bảng Bài viết", text), text


def test_other_writers_see_no_prize(app, client, contest):
    """A writer without a prize sees none, even when the list is published."""
    award_list(app, contest["edition"], [(contest["entries"][0].id, "nhat")])
    assert login(client, "duong@example.vn").status_code == 302
    assert "Giải Nhất" not in shown(client.get("/writer/"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Một.\n\nHai.", ["Một.", "Hai."]),
        ("Một.\nHai.\n", ["Một.", "Hai."]),
        ("Dòng một\ncùng đoạn.\n\nĐoạn hai.", ["Dòng một\ncùng đoạn.", "Đoạn hai."]),
        ("", []),
    ],
)
def test_paragraphs(text, expected):
    """Blank lines separate paragraphs (a line break inside one is kept); without
    any blank line, each line is one."""
    assert paragraphs(text) == expected


def landmark_names(page: str) -> list[str]:
    """The accessible name of every named <section> (a region landmark), as a screen
    reader lists them: the text of the elements its aria-labelledby points to."""
    texts = {
        m.group(1): re.sub(r"<[^>]+>", "", m.group(2)).strip()
        for m in re.finditer(r'<h\d[^>]* id="([^"]+)"[^>]*>(.*?)</h\d>', page, re.S)
    }
    names = []
    for ids in re.findall(r'<section[^>]* aria-labelledby="([^"]+)"', page):
        names.append(" ".join(texts[i] for i in ids.split()))
    return names


def test_prize_sections_are_landmarks_with_distinct_names(app, client, contest):
    """axe-core's landmark-unique: two tracks both have a "Giải Nhất" section; each
    prize section's name says its track too, so a screen reader's list of regions
    tells them apart."""
    first, second, third = contest["entries"]
    award_list(
        app,
        contest["edition"],
        [(first.id, "nhat"), (second.id, "nhi"), (third.id, "nhat")],
    )
    page = page_text(client.get(results_url(contest["edition"])))
    names = landmark_names(page)
    prize = [n for n in names if n.startswith("Giải")]
    assert len(prize) == 3
    assert len(set(names)) == len(names), names
