"""Login, registration and reset answer known and unknown emails alike, doing the same work.

Timing itself is measured by benchmarks/auth_timing.py (a wall-clock assertion would
be flaky here); these tests pin the answer and the work done on both paths.
"""

import re

import pytest
from sqlalchemy import func, select

import contest.mail
import contest.services.accounts
from contest.extensions import db
from contest.models import AuditLog, User
from tests.conftest import post_form

KNOWN, UNKNOWN = "da.co@example.vn", "chua.co@example.vn"
TOKEN = re.compile(r'value="[A-Za-z0-9._-]{40,}"')


def answer(response, email: str) -> tuple[int, str]:
    """Status and page with the typed email and the CSRF token blanked out."""
    body = response.get_data(as_text=True).replace(email, "EMAIL")
    return response.status_code, TOKEN.sub('value=""', body)


@pytest.fixture
def known(make_user):
    return make_user(email=KNOWN)


@pytest.fixture
def renders(monkeypatch):
    """Count the emails rendered, whether for sending or for the same cost."""
    calls: list[str] = []
    original = contest.mail.render_email

    def counting(template, **kwargs):
        calls.append(template)
        return original(template, **kwargs)

    monkeypatch.setattr(contest.mail, "render_email", counting)
    monkeypatch.setattr(contest.services.accounts, "render_email", counting)
    return calls


def test_reset_gives_the_same_page_and_does_the_same_work(app, known, renders, outbox):
    """Known or not, the page is the same and one reset email is rendered; only the
    known account is sent it, the unknown one leaves an audit line instead."""
    pages = []
    for email in (KNOWN, UNKNOWN):
        client = app.test_client()
        pages.append(answer(post_form(client, "/auth/forgot", {"email": email}), email))
    assert pages[0] == pages[1] and pages[0][0] == 200
    assert renders == ["reset_password", "reset_password"]
    assert [m["To"] for m in outbox] == [KNOWN]
    with app.app_context():
        logged = db.session.scalar(
            select(func.count(AuditLog.id)).where(
                AuditLog.action == "user.reset_unknown_email"
            )
        )
        assert logged == 1
        assert db.session.scalar(select(func.count(User.id))) == 1  # no stand-in saved


def test_login_with_a_wrong_password_or_an_unknown_email_looks_the_same(app, known):
    """The same message, status and page for both."""
    pages = []
    for email in (KNOWN, UNKNOWN):
        client = app.test_client()
        data = {"email": email, "password": "Khong-phai-mat-khau-1"}
        pages.append(answer(post_form(client, "/auth/login", data), email))
    assert pages[0] == pages[1]


def test_registering_a_known_or_new_email_looks_the_same(app, known, renders):
    """Both get the "check your email" page and one email is rendered for each."""
    pages = []
    for email in (KNOWN, UNKNOWN):
        client = app.test_client()
        data = {
            "full_name": "Lê Thị Chi Mai",
            "email": email,
            "password": "Chuyen-nguoi-tot-2026",
            "confirm": "Chuyen-nguoi-tot-2026",
        }
        pages.append(answer(post_form(client, "/auth/register", data), email))
    assert pages[0] == pages[1] and pages[0][0] == 200
    assert len(renders) == 2
