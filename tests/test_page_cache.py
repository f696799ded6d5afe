"""The public pages kept for anonymous visitors (contest.page_cache): a visitor sees a
change of the public data once the page's 10 seconds are over, in their own
language; a logged-in user always gets their own page, and no visitor ever gets
another's CSRF token, flashed message or cookie."""

from __future__ import annotations

import pytest

from contest import page_cache
from contest.extensions import db
from contest.models import Edition, Role
from judging.awards.models.lists import AwardStage
from judging.awards.views.public import cache as results_blocks
from tests.award_fixtures import award_list, set_stage
from tests.conftest import CSRF_PATTERN, login, page_text, post_form

SECONDS = 10


class Clock:
    """The cache's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app, monkeypatch):
    """The page cache on (10 s, as in production), empty, on a hand-moved clock."""
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = SECONDS
    pages = app.extensions["contest_page_cache_middleware"]
    pages.clear()
    results_blocks.clear()
    ticking = Clock()
    monkeypatch.setattr(page_cache, "clock", ticking)
    yield ticking
    pages.clear()
    results_blocks.clear()


def retitle(app, edition_id: int, title: str) -> None:
    """The organizers rename the edition (shown on the landing page)."""
    with app.app_context():
        db.session.get(Edition, edition_id).title = title
        db.session.commit()


def test_a_change_shows_once_the_page_expires(app, client, clock, make_edition):
    """The landing page is kept 10 s: a new title shows after them, not before."""
    edition_id = make_edition(title="Cuộc thi cũ")
    assert "Cuộc thi cũ" in page_text(client.get("/"))
    retitle(app, edition_id, "Cuộc thi mới")
    clock.now += SECONDS - 1
    assert "Cuộc thi cũ" in page_text(client.get("/"))  # kept
    clock.now += 2
    text = page_text(client.get("/"))
    assert "Cuộc thi mới" in text and "Cuộc thi cũ" not in text


def test_published_results_follow_within_the_ttl(
    app, client, clock, make_edition, make_entry
):
    """Publishing shows on the landing page, reopening the list takes the results
    page down, each at most 10 s later."""
    edition_id = make_edition()
    entry = make_entry(title="Bếp cơm yêu thương")
    results = f"/editions/{edition_id}/results"
    assert results not in page_text(client.get("/"))
    list_id = award_list(app, edition_id, [(entry.id, "nhat")])
    clock.now += SECONDS + 1
    assert results in page_text(client.get("/"))
    assert "Bếp cơm yêu thương" in page_text(client.get(results))
    set_stage(app, list_id, AwardStage.APPROVED)  # reopened for a correction
    clock.now += SECONDS + 1
    assert client.get(results).status_code == 404


def test_logged_in_users_never_get_a_kept_page(
    app, client, clock, make_edition, make_user
):
    """A kept anonymous page is not served to a user, and a user's page (their name,
    their logout form's token) is never kept for the next visitor."""
    edition_id = make_edition(title="Cuộc thi cũ")
    assert "Cuộc thi cũ" in page_text(client.get("/"))  # kept for visitors
    retitle(app, edition_id, "Cuộc thi mới")
    person = make_user(Role.WRITER, full_name="Phạm Thị Lan")
    assert login(client, person.email, person.password).status_code == 302
    mine = client.get("/")
    assert "Cuộc thi mới" in page_text(mine) and "Phạm Thị Lan" in page_text(mine)
    assert CSRF_PATTERN.search(page_text(mine)) or 'name="csrf_token"' in page_text(
        mine
    )
    assert "private" in mine.headers.get("Cache-Control", "")
    clock.now += SECONDS + 1
    assert "Phạm Thị Lan" in page_text(client.get("/"))  # still hers, not kept
    other = app.test_client()
    visitor = page_text(other.get("/"))
    assert "Phạm Thị Lan" not in visitor and 'name="csrf_token"' not in visitor


def test_no_token_message_or_cookie_crosses_visitors(
    app, client, clock, make_edition, make_user
):
    """A visitor who opened a form, or was told they logged out, gets that on their
    own page only; the page kept for others carries no token, message or cookie."""
    make_edition()
    person = make_user(Role.WRITER)
    assert login(client, person.email, person.password).status_code == 302
    bye = post_form(client, "/auth/logout", follow_redirects=True)
    assert "You have logged out." in page_text(bye) or "đăng xuất" in page_text(bye)
    stranger = app.test_client()
    first = stranger.get("/")
    again = stranger.get("/")  # from the cache
    for response in (first, again):
        text = page_text(response)
        assert 'name="csrf_token"' not in text
        assert "You have logged out." not in text and "đã đăng xuất" not in text
        assert "Set-Cookie" not in response.headers
    # A visitor whose session holds a CSRF token (they opened the login form) and who
    # logged out before is served the kept page too, and it holds neither.
    client.get("/auth/login")
    kept = client.get("/")
    assert 'name="csrf_token"' not in page_text(kept)
    assert first.headers["X-Request-ID"] != again.headers["X-Request-ID"]


def test_served_page_has_the_same_headers(app, client, clock, make_edition):
    """Security headers and Vary: Cookie as Flask sent them; a fresh request id."""
    edition_id = make_edition(title="Cuộc thi cũ")
    fresh = client.get("/")
    retitle(app, edition_id, "Cuộc thi mới")
    served = client.get("/")
    assert "Cuộc thi cũ" in page_text(served)  # it was the kept page
    assert served.headers["X-Request-ID"] != fresh.headers["X-Request-ID"]
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Vary",
        "Content-Type",
        "Content-Length",
    ):
        assert served.headers.get(name) == fresh.headers.get(name), name
    assert "Cookie" in served.headers["Vary"]
    assert page_text(served) == page_text(fresh)


def test_each_language_has_its_own_page(app, client, clock, make_edition):
    """A visitor who chose English gets the English page, kept apart."""
    make_edition()
    vietnamese = page_text(client.get("/"))
    assert 'lang="vi"' in vietnamese
    english = app.test_client()
    english.get("/lang/en")
    first = page_text(english.get("/"))
    second = page_text(english.get("/"))  # kept: the session now holds the language
    for text in (first, second):
        assert 'lang="en"' in text and "Log in" in text
    assert 'lang="vi"' in page_text(client.get("/"))
    assert 'lang="vi"' in page_text(app.test_client().get("/"))


def test_remember_me_cookie_and_other_methods_go_to_the_app(
    app, client, clock, make_edition
):
    """A visitor with a remember-me cookie (maybe a user) and a HEAD request are
    answered by the app, never from the cache."""
    edition_id = make_edition(title="Cuộc thi cũ")
    client.get("/")
    retitle(app, edition_id, "Cuộc thi mới")
    remembered = app.test_client()
    remembered.set_cookie("remember_token", "1|forged")
    assert "Cuộc thi mới" in page_text(remembered.get("/"))
    assert "Cuộc thi cũ" in page_text(client.get("/"))


def test_only_the_public_pages_are_kept(app, client, clock, make_edition):
    """The login page (a form with a token) is not kept even for anonymous visitors."""
    make_edition()
    first = page_text(client.get("/auth/login"))
    other = page_text(app.test_client().get("/auth/login"))
    assert CSRF_PATTERN.search(first).group(1) != CSRF_PATTERN.search(other).group(1)
    assert app.extensions["contest_page_cache_middleware"].paths == frozenset()


def test_a_query_string_is_never_kept(app, client, clock, make_edition):
    """Visitors choose query strings: a page asked with one is answered fresh and
    never kept, so nobody can fill the cache with copies of a page."""
    edition_id = make_edition(title="Cuộc thi cũ")
    for n in range(5):
        assert "Cuộc thi cũ" in page_text(client.get(f"/?x={n}"))
    assert app.extensions["contest_page_cache_middleware"].pages == {}
    retitle(app, edition_id, "Cuộc thi mới")
    assert "Cuộc thi mới" in page_text(client.get("/?x=0"))


def test_off_in_tests_unless_asked(app, client, make_edition):
    """Without PUBLIC_PAGE_CACHE_SECONDS the tests' app keeps nothing."""
    edition_id = make_edition(title="Cuộc thi cũ")
    client.get("/")
    retitle(app, edition_id, "Cuộc thi mới")
    assert "Cuộc thi mới" in page_text(client.get("/"))
