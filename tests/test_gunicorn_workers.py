"""`gunicorn wsgi:app` in the checkout runs threaded workers (gunicorn.conf.py).

A request mostly waits (PostgreSQL round trips, the document reader, a core), so each
worker serves several at once: a slow request no longer holds the worker and the
requests behind it wait in the listen backlog (docs/profiles/README.md, "Where the
app servers wait"). `--threads 1` on the command line still gives sync workers, and
the benchmarks start their app servers with what the file says unless told.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from _stack_infra import configured_threads, use_threads
from _surge_procs import free_port

REPO = Path(__file__).resolve().parents[1]


def _serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, int, Path]:
    """One gunicorn worker in the checkout (gunicorn.conf.py read), ready."""
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'contest.sqlite3'}",
        "SECRET_KEY": "gunicorn-workers-test-secret",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "DOCUMENT_READER_ZYGOTE": "0",
    }
    env.pop("APP_ENV", None)
    env.pop("GUNICORN_CMD_ARGS", None)
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                *("-w", "1", *extra, "-b", f"127.0.0.1:{port}", "wsgi:app"),
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while "worker warmed up" not in log_path.read_text():
        assert server.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.2)
    return server, port, log_path


def _health(port: int, timeout: float) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", "/healthz")
    return connection.getresponse().status


def test_one_worker_answers_while_another_request_is_still_arriving(tmp_path):
    """With the checkout's settings a single worker is a gthread one: a request whose
    headers are still coming in holds one thread, and the next request is answered
    at once, not after the first one's timeout."""
    server, port, log_path = _serve(tmp_path)
    try:
        assert "Using worker: gthread" in log_path.read_text()
        slow = socket.create_connection(("127.0.0.1", port), timeout=5)
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")  # not finished
        began = time.monotonic()
        assert _health(port, timeout=10) == 200
        assert time.monotonic() - began < 5
        slow.sendall(b"\r\n")  # the slow one is answered too
        assert b" 200 " in slow.recv(200)
        slow.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_threads_1_on_the_command_line_gives_sync_workers(tmp_path):
    """The command line wins over gunicorn.conf.py: `--threads 1` is sync."""
    server, port, log_path = _serve(tmp_path, "--threads", "1")
    try:
        assert "Using worker: sync" in log_path.read_text()
        assert _health(port, timeout=10) == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_benchmarks_start_servers_as_the_file_says_unless_told():
    """The stack benchmarks read `threads` from gunicorn.conf.py; an explicit count
    goes to gunicorn through GUNICORN_CMD_ARGS (kept: what was there before)."""
    assert configured_threads() == 4
    env = {"GUNICORN_CMD_ARGS": "--access-logfile -"}
    assert use_threads(env, None) == 4
    assert env == {"GUNICORN_CMD_ARGS": "--access-logfile -"}
    assert use_threads(env, 1) == 1
    assert env["GUNICORN_CMD_ARGS"].split() == [
        "--access-logfile",
        "-",
        "--threads",
        "1",
    ]
