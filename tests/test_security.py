"""Security basics every page has: headers, cookies, CSRF, size limits, error pages."""

import io
from pathlib import Path

from contest.app import create_app
from contest.config import build_config
from contest.models import Role
from tests.conftest import PASSWORD, page_text, post_form


def test_security_headers_on_every_page(client):
    """CSP forbids plugins, base rewriting and framing; no MIME sniffing."""
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    """The login cookie cannot be read by scripts nor sent by other sites' forms."""
    person = make_user()
    response = post_form(
        client,
        "/auth/login",
        {"email": person.email, "password": PASSWORD, "remember": "y"},
    )
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session, remember):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_config_is_secure_by_default(tmp_path, monkeypatch):
    """Outside development, cookies are Secure, HSTS is on and mail goes by SMTP."""
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = build_config(tmp_path)
    assert (
        config["SESSION_COOKIE_SECURE"]
        and config["REMEMBER_COOKIE_SECURE"]
        and config["HSTS_ENABLED"]
    )
    assert config["MAIL_BACKEND"] == "smtp"
    assert config["WTF_CSRF_TIME_LIMIT"] >= 4 * 3600
    # The generated secret key is kept in the instance folder and reused.
    assert (tmp_path / "secret_key").read_text() == config["SECRET_KEY"]
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert build_config(tmp_path)["SECRET_KEY"] == config["SECRET_KEY"]


def test_hsts_header_in_production(tmp_path, monkeypatch):
    """Production answers carry Strict-Transport-Security."""
    monkeypatch.delenv("APP_ENV", raising=False)
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
            "TESTING": True,
        }
    )
    assert (
        "max-age="
        in app.test_client()
        .get("/static/css/app.css")
        .headers["Strict-Transport-Security"]
    )


def test_post_without_csrf_token_is_refused_kindly(client, login_as):
    """A forged form post gets a clear page, not a crash, and changes nothing."""
    login_as(Role.WRITER)
    response = client.post(
        "/account/profile",
        data={"full_name": "Kẻ giả mạo", "unit_id": "0", "locale": "vi"},
    )
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in page_text(response)
    assert "Kẻ giả mạo" not in page_text(client.get("/account/profile"))


def test_oversized_request_gets_a_friendly_page(app, client, login_as):
    """A request over the size limit gets a page in Vietnamese saying what to do."""
    login_as(Role.ORGANIZER)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    big = b"x" * (2 * 1024 * 1024)
    response = post_form(
        client,
        "/organizer/units/import",
        {"file": (io.BytesIO(big), "big.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Nội dung gửi lên quá lớn" in page_text(
        response
    ) and "tối đa 1 MB" in page_text(response)


def test_unexpected_error_shows_the_500_page(app, client, monkeypatch):
    """A crash in a view shows the apology page, in Vietnamese."""
    import contest.public

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(contest.public, "current_edition", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in page_text(response)


def test_secret_key_is_never_committed():
    """The instance folder with the generated key is ignored by git."""
    gitignore = (Path(__file__).resolve().parent.parent / ".gitignore").read_text()
    assert "instance/" in gitignore
