"""A visitor's view of the contest: landing page, rules, language switch."""

from tests.conftest import page_text


def test_landing_page_shows_the_contest_in_vietnamese(client, make_edition):
    """A visitor sees the name, tracks, word limit, fields, timeline, prizes and rules."""
    make_edition(title="Cuộc thi viết về gương điển hình tiên tiến")
    html = page_text(client.get("/"))
    assert "Cuộc thi viết về gương điển hình tiên tiến 2026" in html
    for expected in (
        "Bài viết",
        "Tác phẩm báo chí",
        "tối đa 2.000 chữ",
        "Y tế",
        "Giáo dục và đào tạo",
        "Thời gian",
        "Giải Đặc biệt: 1",
        "Giải Khuyến khích: 10",
        "Đang nhận bài dự thi đến",
        "data-countdown=",
        "Thể lệ: viết về người thật, việc thật.",
        "Sơ khảo",
    ):
        assert expected in html, expected


def test_landing_page_without_a_published_edition_says_so(client, make_edition):
    """A draft edition is not shown; the visitor gets a friendly message, not an error."""
    from contest.models import EditionStatus

    make_edition(status=EditionStatus.DRAFT, title="Bản nháp bí mật")
    response = client.get("/")
    assert response.status_code == 200
    assert "Bản nháp bí mật" not in page_text(response)
    assert "Hiện chưa có cuộc thi nào đang diễn ra" in page_text(response)
    assert client.get("/rules").status_code == 404


def test_not_yet_open_edition_shows_opening_date(client, make_edition):
    """Before the opening date the page says when submissions open."""
    make_edition(open_now=False)
    assert "Bắt đầu nhận bài từ" in page_text(client.get("/"))


def test_language_switch_goes_to_english_and_back(client, make_edition):
    """One click switches the whole interface to English, and back to Vietnamese."""
    make_edition()
    response = client.get("/lang/en?next=/rules")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/rules"
    )
    html = page_text(client.get("/"))
    assert "Submissions are open until" in html and 'lang="en"' in html
    client.get("/lang/vi")
    assert "Đang nhận bài dự thi đến" in page_text(client.get("/"))


def test_language_switch_refuses_foreign_redirects(client):
    """The 'next' of the language switch never leads off the site."""
    response = client.get("/lang/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    assert client.get("/lang/xx").status_code == 404
