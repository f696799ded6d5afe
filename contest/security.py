"""Security policies: response headers and the password rules."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Flask, Response

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


def add_security_headers(app: Flask) -> None:
    """Send the security headers on every response."""

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if app.config.get("HSTS_ENABLED"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
