"""What every request does, made cheaper without changing what a visitor gets: the
security headers (a page's own value kept), the session cookie's signing, the user
loaded with their roles, and rate limits (an app-wide limit still applies)."""

from __future__ import annotations

from flask import Response
from flask_limiter._limits import Limit

from contest.extensions import limiter
from contest.models import Role
from contest.security import CONTENT_SECURITY_POLICY
from tests.conftest import login, page_text, post_form


def test_a_page_keeps_its_own_security_header(app):
    """A response that set one of the headers keeps its value; the others are added."""
    with app.test_request_context("/"):
        response = Response("x", headers={"X-Frame-Options": "SAMEORIGIN"})
        response = app.process_response(response)
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_signing_follows_the_secret_key(app, client, make_user):
    """The signer is made once per key: the same key signs alike, a new key makes
    the old cookie worthless (the visitor is logged out)."""
    interface = app.session_interface
    assert interface.get_signing_serializer(app) is interface.get_signing_serializer(
        app
    )
    person = make_user(Role.WRITER, full_name="Phạm Thị Lan")
    assert login(client, person.email, person.password).status_code == 302
    assert "Phạm Thị Lan" in page_text(client.get("/"))
    app.config["SECRET_KEY"] = app.secret_key = "another-secret-key"
    assert "Phạm Thị Lan" not in page_text(client.get("/"))


def test_roles_come_with_the_user_and_logout_everywhere_holds(app, client, make_user):
    """The organizer's area opens for an organizer; after a logout, a copy of the
    old session cookie is worth nothing."""
    person = make_user(Role.ORGANIZER)
    assert login(client, person.email, person.password).status_code == 302
    assert client.get("/organizer/").status_code == 200
    copied = client.get_cookie("session").value
    post_form(client, "/auth/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/organizer/").status_code == 302  # to the login page


def test_an_app_wide_limit_still_applies(app, client, monkeypatch):
    """Skipping the limiter's pass is only for when no limit applies to every
    request: with a default limit configured, a plain page is limited again."""
    assert not limiter.limits_every_request()
    group = Limit(limit_provider="2 per minute").bind(limiter)
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [group])
    assert limiter.limits_every_request()
    statuses = [client.get("/rules").status_code for _ in range(3)]
    assert statuses[-1] == 429
