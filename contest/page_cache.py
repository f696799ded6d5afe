"""Whole public pages kept for anonymous visitors, per process, for a few seconds.

The landing page, the rules, the published results and the record of past editions
are the same for every visitor who is not logged in and holds nothing of their own
in the session: only the address, the language and the public data change them.
Such a page is kept as the bytes Flask sent (status, headers, body) for
``PUBLIC_PAGE_CACHE_SECONDS`` (10 s, as nginx's micro-cache in deploy/; 0: off;
unset: on, except in tests) and served again by a WSGI middleware in front of Flask,
before any of its per-request work (request context, session, user, hooks).

Why a TTL and not a version stamp of the public data: these pages are built from
editions, rounds, award lists, placements, entries, units and the writers' consent to
publication; a stamp covering them all would be bumped by most writes of the
contest (a hot row under the submission surge) and checked by one statement per
page (a third of the budget). What is stale for 10 s is public already (a published
list, an edition's dates) or about to become so; nginx already serves these pages up
to 10 s old, the results block itself is kept for 10 minutes. Every gunicorn process
keeps its own copy, so a change shows everywhere within 10 s, without any message
between them.

The key: method GET, scheme, host, mount point, path and language (a request
with a query string is never kept) (the session's ``lang``, else Vietnamese; an anonymous visitor's language has no
other source, see contest.i18n). A page is served from here only to a visitor whose
session cookie holds nothing but the language (and the marks Flask-Login and
Flask-WTF leave for anonymous visitors) and who sends no remember-me cookie. A page
is kept only if its view is one of the allowed public ones (``allow``), it answered
200 with HTML to such a visitor, in the language of the key, without generating a
CSRF token, changing the session or setting a cookie: so no form token, flashed
message or cookie of one visitor reaches another. A served page gets its own
X-Request-ID and its own line in the request log; the security headers and
``Vary: Cookie`` are those Flask sent with it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.http import parse_cookie

from contest import request_log

SIZE = 256  # pages × languages; a handful in practice
ENVIRON_KEY = "contest.page_cache"  # set by the after_request hook: the language
# What an anonymous visitor's session may hold: the language, Flask-Login's mark of
# a session that is not a login's, and a CSRF token kept from a form seen earlier
# (a cached page has no form; the token stays in the visitor's own cookie).
PLAIN_SESSION_KEYS = frozenset({"lang", "_fresh", "csrf_token"})

clock: Callable[[], float] = time.monotonic  # replaced by the tests


class PageCache:
    """The WSGI middleware: serves kept pages, keeps what Flask marked as keepable."""

    def __init__(self, app: Flask, wsgi_app) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.pages: dict[tuple, tuple[float, str, list, bytes]] = {}
        self.paths: frozenset[str] = frozenset()  # paths with a page: the quick test
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response):
        if environ.get("REQUEST_METHOD") != "GET" or not self.seconds():
            return self.wsgi_app(environ, start_response)
        if environ.get("PATH_INFO") in self.paths:
            key = self.key(environ)
            page = self.pages.get(key) if key is not None else None
            if page is not None and page[0] > clock():
                return self.serve(page, environ, start_response)
        return self.fill(environ, start_response)

    def seconds(self) -> float:
        """How long a page is kept (0: the cache is off)."""
        seconds = self.app.config.get("PUBLIC_PAGE_CACHE_SECONDS")
        if seconds is None:
            seconds = 0 if self.app.testing else 10
        return float(seconds)

    def key(self, environ: dict) -> tuple | None:
        """The page's key for a visitor of the plain kind, else None. A request with
        a query string is never kept: the public pages read none, and visitors
        choosing it could fill the cache with copies of one page."""
        if environ.get("QUERY_STRING"):
            return None
        language = self.language(environ)
        if language is None:
            return None
        return (
            environ.get("wsgi.url_scheme"),
            environ.get("HTTP_HOST") or environ.get("SERVER_NAME"),
            environ.get("SERVER_PORT"),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO"),
            language,
        )

    def language(self, environ: dict) -> str | None:
        """The language of an anonymous visitor with a plain session, else None."""
        config = self.app.config
        default = config["BABEL_DEFAULT_LOCALE"]
        header = environ.get("HTTP_COOKIE")
        if not header:
            return default
        cookies = parse_cookie(header)
        if config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
            return None  # Flask-Login may log this visitor in
        value = cookies.get(config.get("SESSION_COOKIE_NAME", "session"))
        if not value:
            return default
        data = self.session_data(value)
        if data is None or not PLAIN_SESSION_KEYS.issuperset(data):
            return None
        if data and data.get("_fresh") is not False:
            return None  # Flask-Login would mark the session (a new cookie): no
        chosen = data.get("lang")
        if chosen is None:
            return default
        return chosen if chosen in config["LANGUAGES"] else None

    def session_data(self, value: str) -> dict | None:
        """The session cookie's content as Flask reads it, or None if unreadable."""
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        if serializer is None:
            return None
        max_age = int(self.app.permanent_session_lifetime.total_seconds())
        try:
            data = serializer.loads(value, max_age=max_age)
        except Exception:
            return None
        return data if isinstance(data, dict) else None

    def serve(self, page: tuple, environ: dict, start_response) -> Iterable[bytes]:
        """Answer with a kept page, under this request's own id and log line."""
        started = time.perf_counter()
        _expires, status, headers, body = page
        request_id = request_log.incoming_or_new_id(
            environ.get("HTTP_X_REQUEST_ID", "")
        )
        start_response(status, [*headers, (request_log.HEADER, request_id)])
        request_log.log_served(environ, status, started, request_id)
        return [body]

    def fill(self, environ: dict, start_response) -> Iterable[bytes]:
        """Let Flask answer; keep the page if Flask marked it and sent no cookie."""
        seen: list = []

        def capture(status, headers, exc_info=None):
            seen[:] = [status, headers]
            if exc_info is not None:
                return start_response(status, headers, exc_info)
            return start_response(status, headers)

        answer = self.wsgi_app(environ, capture)
        language = environ.get(ENVIRON_KEY)
        if language is None or not seen or not seen[0].startswith("200"):
            return answer
        status, headers = seen
        if any(name.lower() == "set-cookie" for name, _value in headers):
            return answer
        key = self.key(environ)
        if key is None or key[-1] != language:
            return answer
        try:
            body = b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        kept = [(n, v) for n, v in headers if n.lower() != "x-request-id"]
        self.keep(key, (clock() + self.seconds(), status, kept, body))
        return [body]

    def keep(self, key: tuple, page: tuple) -> None:
        """Store a page; past SIZE, expired pages then the oldest ones go."""
        with self.lock:
            self.pages[key] = page
            if len(self.pages) > SIZE:
                now = clock()
                for old in [k for k, p in self.pages.items() if p[0] <= now]:
                    del self.pages[old]
                while len(self.pages) > SIZE:
                    del self.pages[next(iter(self.pages))]
            self.paths = frozenset(k[4] for k in self.pages)

    def clear(self) -> None:
        """Forget every page (tests; a change an operator wants shown at once)."""
        with self.lock:
            self.pages.clear()
            self.paths = frozenset()


def _mark_keepable(response: Response) -> Response:
    """after_request: mark an allowed public page that may be kept, or say "private"
    on one that holds something of its visitor's (their name, a form, a message)."""
    if request.endpoint not in current_app.extensions.get("contest_page_cache", ()):
        return response
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    keepable = (
        request.method == "GET"
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not current_user.is_authenticated
        and field not in g  # no CSRF token was made for this page
        and not session.modified  # no flashed message read, nothing set
    )
    if keepable:
        request.environ[ENVIRON_KEY] = str(get_locale())
    elif response.status_code == 200:
        response.headers.setdefault("Cache-Control", "private")
    return response


def install(app: Flask, endpoints: Iterable[str]) -> PageCache:
    """Put the page cache in front of the app for these public endpoints."""
    app.extensions["contest_page_cache"] = frozenset(endpoints)
    app.after_request(_mark_keepable)
    cache = PageCache(app, app.wsgi_app)
    app.wsgi_app = cache
    app.extensions["contest_page_cache_middleware"] = cache
    return cache
