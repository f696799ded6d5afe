"""The one way a file leaves the app as a download: its name, type and caching.

Names are made by the server and are ASCII today; a Vietnamese name is sent as
RFC 5987 ``filename*`` (UTF-8) with an accent-free ``filename`` for old clients.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from flask import Response, send_file

from contest.textnorm import bare_view

NO_STORE = "no-store"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment; filename="…"`` (or ``inline``), with ``filename*`` when the name
    is not ASCII."""
    kind = "inline" if inline else "attachment"
    if filename.isascii():
        return f'{kind}; filename="{_quoted(filename)}"'
    plain = bare_view(filename, lower=False)[0].encode("ascii", "ignore").decode()
    encoded = quote(filename, safe="!#$&+^`|~-._")
    return f"{kind}; filename=\"{_quoted(plain)}\"; filename*=UTF-8''{encoded}"


def _quoted(name: str) -> str:
    """The name without what would break a quoted header value."""
    return re.sub(r'["\\\r\n]', "", name)


def download_response(
    body: bytes | Path,
    filename: str,
    mimetype: str,
    *,
    inline: bool = False,
    cache: str | None = NO_STORE,
) -> Response:
    """Send ``body`` (bytes made now, or a stored file) under ``filename``.

    ``cache`` is the Cache-Control header (None: bytes carry none, a stored file
    keeps the "revalidate every time" of ``send_file`` with no max age).
    """
    if isinstance(body, Path):
        response = send_file(
            body, mimetype=mimetype, as_attachment=not inline, max_age=0
        )
    else:
        response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(
        filename, inline=inline
    )
    if cache is not None:
        response.headers["Cache-Control"] = cache
    return response
