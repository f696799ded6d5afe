"""Accounts from a user's side: register, confirm, log in and out, reset, change password."""

import re

import pytest

from contest.extensions import db
from contest.models import Role, User
from tests.conftest import PASSWORD, csrf_token, login, page_text, post_form

LINK = re.compile(r"http://localhost(/auth/\S+)")


def link_in(message) -> str:
    """The first site link in an email's body."""
    return LINK.search(message.get_content()).group(1)


def register(
    client, email="chi.mai@example.vn", password="Chuyen-nguoi-tot-2026", confirm=None
):
    return post_form(
        client,
        "/auth/register",
        {
            "full_name": "Lê Thị Chi Mai",
            "email": email,
            "password": password,
            "confirm": confirm or password,
        },
    )


def test_writer_registers_confirms_and_logs_in(app, client, outbox):
    """A new writer gets a confirmation email in Vietnamese, follows it, then logs in."""
    response = register(client)
    assert response.status_code == 200
    assert "Vui lòng kiểm tra email" in page_text(response)
    assert len(outbox) == 1 and outbox[0]["To"] == "chi.mai@example.vn"
    assert outbox[0]["Subject"] == "Xác nhận địa chỉ email"
    assert "Xin chào Lê Thị Chi Mai" in outbox[0].get_content()

    refused = login(client, "chi.mai@example.vn", "Chuyen-nguoi-tot-2026")
    assert "Vui lòng xác nhận địa chỉ email trước" in page_text(refused)

    confirmed = client.get(link_in(outbox[0]))
    assert confirmed.status_code == 302
    response = login(client, "Chi.Mai@Example.vn ", "Chuyen-nguoi-tot-2026")
    assert response.status_code == 302 and response.headers["Location"] == "/account/"
    page = page_text(client.get("/account/"))
    assert "Xin chào, Lê Thị Chi Mai" in page and "Tác giả" in page
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="chi.mai@example.vn"))
        assert user.roles == {Role.WRITER} and user.email_confirmed


def test_registering_a_known_email_looks_the_same_and_warns_the_owner(
    client, make_user, outbox
):
    """The page does not reveal that the email exists; the owner gets a notice instead."""
    make_user(email="da.co@example.vn")
    response = register(client, email="da.co@example.vn")
    assert "Vui lòng kiểm tra email" in page_text(response)
    assert outbox[-1]["Subject"] == "Bạn đã có tài khoản"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("ngan-qua", "Mật khẩu phải có ít nhất 10 ký tự."),
        ("matkhau123", "Mật khẩu này quá phổ biến"),
        ("1111111111", "Mật khẩu này quá phổ biến"),
        ("chi.mai-viet-bai", "không được chứa họ tên hoặc địa chỉ email"),
    ],
)
def test_weak_passwords_are_refused_next_to_the_field(
    client, outbox, password, message
):
    """The form re-renders with a Vietnamese message and keeps what was typed."""
    html = page_text(register(client, password=password))
    assert message in html
    assert 'value="chi.mai@example.vn"' in html and 'value="Lê Thị Chi Mai"' in html
    assert 'aria-invalid="true"' in html
    assert outbox == []


def test_missing_fields_get_vietnamese_messages(client):
    """WTForms' own messages are translated too."""
    html = page_text(post_form(client, "/auth/register", {"email": "khong-phai-email"}))
    assert "Vui lòng nhập thông tin này." in html
    assert "Địa chỉ email không hợp lệ." in html


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    """Nobody can tell from the login page whether an email has an account."""
    make_user(email="co.that@example.vn")
    wrong = page_text(login(client, "co.that@example.vn", "sai-mat-khau-roi"))
    unknown = page_text(login(client, "khong.co@example.vn", "sai-mat-khau-roi"))
    assert "Email hoặc mật khẩu không đúng." in wrong
    strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731
    assert strip(wrong) == strip(unknown)


def test_deactivated_account_cannot_log_in(app, client, make_user):
    """A deactivated account is told so (only once the password is right)."""
    person = make_user()
    with app.app_context():
        db.session.get(User, person.id).is_active_account = False
        db.session.commit()
    assert "Tài khoản này đã bị khóa" in page_text(login(client, person.email))


def test_logout_kills_copies_of_the_session_cookie(app, make_user):
    """After logout, a stolen copy of the session cookie no longer works."""
    person = make_user()
    first, thief = app.test_client(), app.test_client()
    login(first, person.email)
    cookie = first.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    assert thief.get("/account/").status_code == 200
    post_form(first, "/auth/logout")
    assert thief.get("/account/").status_code == 302
    assert first.get("/account/").status_code == 302


def test_logout_requires_post_with_csrf(client, login_as):
    """A link or a forged form cannot log someone out."""
    login_as(Role.WRITER)
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/account/").status_code == 200


def test_password_reset_flow_and_single_use_link(client, make_user, outbox):
    """A forgotten password is reset by email link; the link works once; old sessions end."""
    person = make_user(email="quen.mk@example.vn")
    other_device = client.application.test_client()
    login(other_device, person.email)

    response = post_form(client, "/auth/forgot", {"email": "Quen.MK@example.vn"})
    assert "Nếu có tài khoản dùng" in page_text(response)
    link = link_in(outbox[-1])
    assert client.get(link).status_code == 200
    response = post_form(
        client,
        link,
        {"password": "Mot-mat-khau-moi-2026", "confirm": "Mot-mat-khau-moi-2026"},
    )
    assert response.status_code == 302
    assert client.get(link).status_code == 400  # used
    assert other_device.get("/account/").status_code == 302  # logged out
    assert login(client, person.email, "Mot-mat-khau-moi-2026").status_code == 302


def test_reset_for_unknown_email_looks_the_same_and_sends_nothing(client, outbox):
    """Asking a reset for an unknown email gives the same page and sends no email."""
    response = post_form(client, "/auth/forgot", {"email": "ai.do@example.vn"})
    assert "Nếu có tài khoản dùng ai.do@example.vn" in page_text(response)
    assert outbox == []


def test_tampered_or_unknown_links_are_refused(client):
    """A made-up confirmation or reset link gets a clear page, not an error."""
    assert "Đường dẫn không còn hiệu lực" in page_text(
        client.get("/auth/confirm/bogus")
    )
    assert client.get("/auth/reset/bogus").status_code == 400


def test_change_password_keeps_this_session_and_ends_the_others(app, client, make_user):
    """Changing the password logs out other devices, not the current one."""
    person = make_user()
    other = app.test_client()
    login(client, person.email)
    login(other, person.email)
    wrong = post_form(
        client,
        "/account/password",
        {
            "current_password": "sai",
            "password": "Mat-khau-moi-2026",
            "confirm": "Mat-khau-moi-2026",
        },
    )
    assert "Mật khẩu hiện tại không đúng." in page_text(wrong)
    response = post_form(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": "Mat-khau-moi-2026",
            "confirm": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302


def test_profile_edit(app, client, login_as, make_unit):
    """A writer fills in their details; bad values get messages next to the field."""
    unit_id = make_unit("Sở Y tế")
    person = login_as(Role.WRITER)
    bad = post_form(
        client,
        "/account/profile",
        {
            "full_name": "Trần Văn Dương",
            "birth_year": "19x",
            "phone": "abc",
            "unit_id": "0",
            "locale": "vi",
        },
    )
    html = page_text(bad)
    assert (
        "Vui lòng nhập một số nguyên." in html and "Vui lòng nhập số điện thoại" in html
    )
    good = post_form(
        client,
        "/account/profile",
        {
            "full_name": "Trần Văn Dương",
            "birth_year": "1980",
            "phone": "0912 345 678",
            "address": "Số 5 phố Huế",
            "unit_id": str(unit_id),
            "locale": "vi",
        },
    )
    assert good.status_code == 302
    with app.app_context():
        user = db.session.get(User, person.id)
        assert (user.full_name, user.birth_year, user.phone, user.unit.name) == (
            "Trần Văn Dương",
            1980,
            "0912 345 678",
            "Sở Y tế",
        )


def test_login_is_rate_limited_per_account(app, client, make_user):
    """Guessing one account's password is slowed down with a friendly page."""
    person = make_user()
    app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"] = "3 per minute"
    for _ in range(3):
        assert login(client, person.email, "doan-sai-mat-khau").status_code == 200
    blocked = login(client, person.email, PASSWORD)
    assert blocked.status_code == 429
    assert "Thử quá nhiều lần" in page_text(blocked)
    # Another account from the same address is not blocked by that limit.
    other = make_user()
    assert login(client, other.email).status_code == 302


def test_login_is_rate_limited_per_ip(app, client, make_user):
    """Spraying many accounts from one address is blocked too."""
    app.config["LOGIN_RATE_LIMIT_PER_IP"] = "4 per minute"
    for i in range(4):
        login(client, f"nguoi{i}@example.vn", "doan-sai-mat-khau")
    assert login(client, "nguoi9@example.vn", "doan-sai-mat-khau").status_code == 429


def _spray(client, address: str, count: int) -> list[int]:
    """`count` failed logins sent through a proxy on behalf of `address`."""
    token = csrf_token(client)
    return [
        client.post(
            "/auth/login",
            data={"csrf_token": token, "email": f"ai{i}@example.vn", "password": "x"},
            headers={"X-Forwarded-For": address},
        ).status_code
        for i in range(count)
    ]


def test_behind_a_trusted_proxy_each_visitor_has_their_own_login_limit(app):
    """With TRUSTED_PROXIES=1 (nginx in front), the per-address limit counts the
    visitor's address from X-Forwarded-For, not nginx's one address for everybody."""
    from contest.app import trust_proxies

    app.config["LOGIN_RATE_LIMIT_PER_IP"] = "3 per minute"
    app.config["TRUSTED_PROXIES"] = 1
    plain = app.wsgi_app
    trust_proxies(app)
    try:
        client = app.test_client()
        assert _spray(client, "203.0.113.7", 4)[-1] == 429
        assert _spray(client, "198.51.100.20", 1) == [200]  # another visitor
    finally:
        app.wsgi_app = plain


def test_without_a_trusted_proxy_a_forged_address_does_not_escape_the_limit(app):
    """By default X-Forwarded-For is ignored: changing it does not reset the limit."""
    app.config["LOGIN_RATE_LIMIT_PER_IP"] = "3 per minute"
    client = app.test_client()
    assert _spray(client, "203.0.113.7", 3) == [200, 200, 200]
    assert _spray(client, "198.51.100.20", 1) == [429]


def test_next_parameter_cannot_redirect_off_site(client, make_user):
    """After login the user only goes to pages of this site."""
    person = make_user()
    token = csrf_token(client)
    response = client.post(
        "/auth/login?next=//evil.example/x",
        data={"csrf_token": token, "email": person.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/account/"
