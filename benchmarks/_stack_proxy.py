"""A tiny round-robin HTTP proxy for the stack benchmark (nginx's retry rules, stdlib).

``stack_load.py`` runs it where nginx is not installed, or with ``--proxy python``
(no cache: every request reaches an app server).

Run as its own process: ``python _stack_proxy.py --listen PORT --backend P1 --backend
P2 [--stats FILE]`` (loopback only; without arguments it prints this line and exits,
so `make bench` may run it harmlessly). One request per connection (the clients send
``Connection: close``, gunicorn's sync workers close anyway). Each request gets an
``X-Request-ID`` unless it has one, and goes to the next backend in turn.

Failures, as nginx's ``proxy_next_upstream error timeout`` (its default):
- the backend refuses the connection (or it times out): nothing reached the app, so
  the request (any method) goes to the other backend, and the refusing one is marked
  down for ``--down-seconds`` (passive health check, like ``max_fails=1``);
- the backend accepted the request and died before answering a byte: a GET or HEAD
  is sent to the other backend; a POST is never retried (it may have been applied):
  the client gets a 502.
``GET /__proxy/stats`` answers the counters as JSON (also written to --stats on exit).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import signal
import socket
import socketserver
import sys
import threading
import time
import uuid
from collections import Counter

IDEMPOTENT = {"GET", "HEAD", "OPTIONS"}
BAD_GATEWAY = (
    b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nConnection: close\r\n"
    b"Content-Length: 12\r\n\r\nBad Gateway\n"
)


class Upstreams:
    """The backends, the round-robin cursor, passive down marks and the counters."""

    def __init__(self, ports: list[int], down_seconds: float) -> None:
        self.ports, self.down_seconds = ports, down_seconds
        self.cursor = itertools.count()
        self.down_until = dict.fromkeys(ports, 0.0)
        self.stats: Counter = Counter()
        self.lock = threading.Lock()

    def order(self) -> list[int]:
        """Backends to try for one request: live ones first, from the next in turn."""
        with self.lock:
            start = next(self.cursor) % len(self.ports)
        turn = self.ports[start:] + self.ports[:start]
        now = time.monotonic()
        return [p for p in turn if self.down_until[p] <= now] + [
            p for p in turn if self.down_until[p] > now
        ]

    def mark_down(self, port: int) -> None:
        """Skip this backend for a while."""
        with self.lock:
            self.down_until[port] = time.monotonic() + self.down_seconds
            self.stats[f"marked_down:{port}"] += 1

    def count(self, key: str) -> None:
        """Add one to a counter."""
        with self.lock:
            self.stats[key] += 1


def read_request(sock: socket.socket) -> tuple[bytes, bytes, str] | None:
    """(head, body, method) of one request, or None if the client sent nothing."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1 << 20:
            return None
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    method = lines[0].split(b" ", 1)[0].decode("latin-1")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = sock.recv(min(1 << 20, length - len(body)))
        if not chunk:
            return None
        body += chunk
    return head, body, method


def rewrite_head(head: bytes) -> bytes:
    """Force ``Connection: close``; add an ``X-Request-ID`` when there is none."""
    lines = head.split(b"\r\n")
    kept = [lines[0]] + [
        line for line in lines[1:] if not line.lower().startswith(b"connection:")
    ]
    if not any(line.lower().startswith(b"x-request-id:") for line in kept):
        kept.append(b"X-Request-ID: " + uuid.uuid4().hex.encode())
    kept.append(b"Connection: close")
    return b"\r\n".join(kept) + b"\r\n\r\n"


class Handler(socketserver.BaseRequestHandler):
    """One client connection: one request, forwarded with the retry rules above."""

    upstreams: Upstreams
    timeout: float = 60.0

    def handle(self) -> None:
        """Forward one request, stream the answer back."""
        client = self.request
        client.settimeout(self.timeout)
        try:
            request = read_request(client)
        except OSError:
            return
        if request is None:
            return
        head, body, method = request
        if head.startswith(b"GET /__proxy/stats "):
            data = json.dumps(dict(self.upstreams.stats)).encode()
            client.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode()
                + data
            )
            return
        payload = rewrite_head(head) + body
        ups = self.upstreams
        for attempt, port in enumerate(ups.order()):
            if attempt:
                ups.count(f"retried:{method}")
            try:
                backend = socket.create_connection(("127.0.0.1", port), timeout=2)
            except OSError:
                ups.mark_down(port)
                ups.count("connect_failed")
                continue  # nothing was sent: safe for any method
            with backend:
                backend.settimeout(self.timeout)
                sent_any = False
                try:
                    backend.sendall(payload)
                    while chunk := backend.recv(65536):
                        client.sendall(chunk)
                        sent_any = True
                except OSError:
                    ups.count("failed_after_send")
                    if sent_any:
                        return  # part of an answer went out: nothing else to do
                if sent_any:
                    ups.count(f"ok:{port}")
                    return
                ups.mark_down(port)
                if method not in IDEMPOTENT:
                    break  # may have been applied: never replay a POST
        ups.count(f"502:{method}")
        with contextlib.suppress(OSError):
            client.sendall(BAD_GATEWAY)


class Server(socketserver.ThreadingTCPServer):
    """Threaded, reusable address, daemon threads, a deep listen queue."""

    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 512


def main() -> None:
    """Parse the flags and serve until SIGTERM."""
    if len(sys.argv) == 1:
        print(__doc__.split("\n", 1)[0], "(a helper of stack_load.py)", file=sys.stderr)
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--backend", type=int, action="append", required=True)
    parser.add_argument("--down-seconds", type=float, default=2.0)
    parser.add_argument("--stats", default="")
    args = parser.parse_args()
    upstreams = Upstreams(args.backend, args.down_seconds)
    Handler.upstreams = upstreams
    server = Server(("127.0.0.1", args.listen), Handler)

    def stop(_signum, _frame) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        if args.stats:
            with open(args.stats, "w") as out:
                json.dump(dict(upstreams.stats), out)


if __name__ == "__main__":
    main()
