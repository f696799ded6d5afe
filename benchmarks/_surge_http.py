"""A minimal browser for the surge benchmark: http.client, a cookie jar, multipart forms.

Only the standard library (neither requests nor httpx is installed). One connection
per request, like gunicorn's sync workers, which close every connection anyway.
Redirects are not followed: the benchmark reads each Location itself.
"""

from __future__ import annotations

import http.client
import re
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Reply:
    """One HTTP answer: status, Location (if any), body text, wall time, request id."""

    status: int
    location: str
    text: str
    seconds: float
    request_id: str = ""

    def csrf(self) -> str:
        """The CSRF token of the page's first form ("" if none)."""
        match = CSRF.search(self.text)
        return match.group(1) if match else ""

    def path(self) -> str:
        """The redirect target as a path (Location may be absolute)."""
        return urlsplit(self.location).path


def multipart(
    fields: list[tuple[str, str]], files: list[tuple[str, str, str, bytes]]
) -> tuple[bytes, str]:
    """Encode form fields and (name, filename, mime, data) files as multipart/form-data."""
    boundary = "----surge" + uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        )
        parts.append(value.encode() + b"\r\n")
    for name, filename, mime, data in files:
        head = (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'
        )
        parts.append(head.encode("utf-8"))
        parts.append(data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    """Keeps the cookies of one user; sends one request per connection."""

    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}

    def _store_cookies(self, headers: list[str]) -> None:
        for header in headers:
            pair = header.split(";", 1)[0]
            name, _, value = pair.partition("=")
            name, value = name.strip(), value.strip()
            expired = "expires=thu, 01 jan 1970" in header.lower()
            if not value or expired:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> Reply:
        """Send one request; raises OSError/http.client errors on network failures."""
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            self._store_cookies(response.headers.get_all("Set-Cookie") or [])
            return Reply(
                status=response.status,
                location=response.headers.get("Location", ""),
                text=data.decode("utf-8", "replace"),
                seconds=time.perf_counter() - started,
                request_id=response.headers.get("X-Request-ID", ""),
            )
        finally:
            connection.close()

    def get(self, path: str) -> Reply:
        """GET a page."""
        return self.request("GET", path)

    def post_form(self, path: str, fields: list[tuple[str, str]]) -> Reply:
        """POST an urlencoded form."""
        body = urlencode(fields).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")

    def post_multipart(
        self,
        path: str,
        fields: list[tuple[str, str]],
        files: list[tuple[str, str, str, bytes]],
    ) -> Reply:
        """POST a form with files."""
        body, content_type = multipart(fields, files)
        return self.request("POST", path, body, content_type)
