"""nginx's own answers in front of the app, with the production config itself.

A real nginx (Debian's, as `.ci/run` installs it) runs ``deploy/nginx.conf.template``
as the stack benchmark renders it. What a visitor sees when nginx answers instead of
the app must be in Vietnamese first, then English, with the right status: an upload
over the size limit (413) and no app server answering (502). An error page the app
itself sends passes through untouched. Skipped without nginx, unless REQUIRE_NGINX=1.
"""

from __future__ import annotations

import http.client
import os
import shutil
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from _stack_nginx import NginxProxy
from _surge_procs import free_port

APP_PAGE = "<p>the app's own page</p>"


@pytest.fixture(scope="module", autouse=True)
def nginx_installed() -> None:
    """nginx on the PATH, or a skip (a failure when REQUIRE_NGINX=1)."""
    if shutil.which("nginx") is None:
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail("REQUIRE_NGINX=1 but nginx is not installed")
        pytest.skip("nginx is not installed (apt-get install -y nginx-light)")


class TooLargeApp(BaseHTTPRequestHandler):
    """An app server that refuses every request with its own 413 page."""

    def do_GET(self) -> None:
        body = APP_PAGE.encode()
        self.send_response(413)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        """Quiet."""


@pytest.fixture
def run_folder():
    """A folder of its own under /tmp: nginx's workers (www-data when we are root)
    must pass through it, which pytest's private tmp_path does not allow."""
    folder = Path(tempfile.mkdtemp(prefix="nginx-pages-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def start_proxy(folder: Path, backends: list[int]) -> NginxProxy:
    """nginx with the production config in front of ``backends``, listening."""
    proxy = NginxProxy(backends, folder)
    proxy.start()
    return proxy


def ask(port: int, method: str, path: str, headers: dict | None = None):
    """One request; (status, body text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()  # a declared body is never sent: nginx answers first
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


@pytest.fixture
def nobody_answers(run_folder):
    """nginx in front of two app servers that are both down."""
    proxy = start_proxy(run_folder, [free_port(), free_port()])
    yield proxy
    proxy.stop()


def test_an_upload_over_the_limit_gets_the_bilingual_page(nobody_answers):
    """A 61 MiB upload is refused by nginx with 413, in Vietnamese then English."""
    status, page = ask(
        nobody_answers.port,
        "POST",
        "/writer/entries/new",
        {
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(61 * 1024 * 1024),
        },
    )
    assert status == 413
    assert '<html lang="vi">' in page
    assert "Tệp hoặc nội dung gửi lên quá lớn" in page
    assert "chưa có gì được lưu" in page
    assert page.index("quá lớn") < page.index("What you sent is too large")


def test_no_app_server_answering_gets_the_bilingual_page(nobody_answers):
    """Both app servers down: 502 with the "briefly unavailable" page in both languages."""
    status, page = ask(nobody_answers.port, "GET", "/rules")
    assert status == 502
    assert "Trang web đang tạm thời gián đoạn" in page
    assert "The site is briefly unavailable" in page
    assert "nginx" not in page.lower().split("-->")[-1]  # no server banner in the text


def test_the_apps_own_error_page_passes_through(run_folder):
    """An error page of the app (its 413, its 503) reaches the visitor as the app sent it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), TooLargeApp)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    proxy = start_proxy(run_folder, [port, port])
    try:
        status, page = ask(proxy.port, "GET", "/writer/entries/new")
    finally:
        proxy.stop()
        server.shutdown()
    assert status == 413
    assert page == APP_PAGE


@pytest.mark.parametrize("servers", [1, 3])
def test_the_upstream_lists_every_app_server(run_folder, servers):
    """The benchmark's --app-servers N: nginx starts with one `server` line per app
    server (one alone, or three), and a request reaches them."""
    app = ThreadingHTTPServer(("127.0.0.1", 0), TooLargeApp)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    ports = [app.server_address[1]] + [free_port() for _ in range(servers - 1)]
    proxy = start_proxy(run_folder, ports)
    try:
        site = (proxy.folder / "contest.conf").read_text()
        status, page = ask(proxy.port, "GET", "/writer/entries/new")
    finally:
        proxy.stop()
        app.shutdown()
    listed = [line.split()[1] for line in site.splitlines() if "max_fails" in line]
    assert listed == [f"127.0.0.1:{port}" for port in ports]
    assert not [x for x in site.splitlines() if "@" in x.split("#")[0]]  # all filled
    assert status == 413
    assert page == APP_PAGE
