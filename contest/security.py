"""Security policies: response headers and the password rules."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Flask, Response
from flask.sessions import SecureCookieSessionInterface

COMMON_PASSWORDS_FILE = (
    Path(__file__).resolve().parent / "data" / "common_passwords.txt"
)

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)


@cache
def common_passwords() -> frozenset[str]:
    """The refused passwords, lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip() for line in lines if line and not line.startswith("#")
    )


def password_problem(
    password: str, *, min_length: int, personal: tuple[str, ...] = ()
) -> str | None:
    """Why a password is refused ("too_short", "common", "personal"), or None if fine."""
    if len(password) < min_length:
        return "too_short"
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        return "common"
    for value in personal:
        if value and len(value) >= 4 and value.lower() in lowered:
            return "personal"
    return None


@cache
def security_headers(hsts: bool) -> tuple[tuple[str, str], ...]:
    """The headers every response carries (unless the view set its own)."""
    headers = (
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    )
    if hsts:
        headers += (
            ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
        )
    return headers


def add_security_headers(app: Flask) -> None:
    """Send the security headers on every response; sign sessions as Flask does."""
    app.session_interface = SessionInterface()

    @app.after_request
    def _headers(response: Response) -> Response:
        # One pass over the response's headers, not one per header (setdefault):
        # a view's own value of one of them is kept.
        headers = response.headers
        present = {name.lower() for name, _value in headers.items()}
        for name, value in security_headers(bool(app.config.get("HSTS_ENABLED"))):
            if name.lower() not in present:
                headers.add(name, value)
        return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, unchanged, with the signing serializer made
    once per set of keys: Flask builds it again for every read and write of the
    cookie (itsdangerous then encodes an empty dict to learn the serializer's kind).
    The serializer holds nothing of a request; a new SECRET_KEY or fallback list is
    another entry."""

    def __init__(self) -> None:
        self._serializers: dict[tuple, object] = {}

    def get_signing_serializer(self, app: Flask):
        if not app.secret_key:
            return None
        key = (
            app.secret_key,
            tuple(app.config["SECRET_KEY_FALLBACKS"] or ()),
            self.salt,
            self.key_derivation,
            self.digest_method,
        )
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            if len(self._serializers) > 8:
                self._serializers.clear()
            self._serializers[key] = serializer
        return serializer
