"""One upload's conversation with the reader zygote (``zygote.py``), on the web side:
feed the upload to the child's stdin, collect its stdout and stderr, read the zygote's
replies (the child's pid, then its exit), and cancel a child that runs out of time.
``zygote_client.ZygoteProcess`` starts one per upload and maps its exceptions to the
zygote's health.
"""

from __future__ import annotations

import contextlib
import os
import select
import selectors
import socket
import time
from typing import NoReturn

ACK_SECONDS = 5.0  # a healthy zygote forks at once; this long means it is stuck
KILL_GRACE_SECONDS = 2.0  # after a cancel, the wait for the killed child's exit
_CHUNK = 65536


class Broken(Exception):
    """The zygote did not do its part; the upload must be read another way."""


class Declined(Exception):
    """The zygote is being retired or closed: it takes no more uploads."""


class TimedOut(Exception):
    """The wall clock ran out; ``confirmed``: the zygote reported the child's end."""

    def __init__(self, confirmed: bool) -> None:
        super().__init__(confirmed)
        self.confirmed = confirmed


class Conversation:
    """The web side of one upload: feed stdin, collect stdout/stderr, read the reply."""

    def __init__(
        self, reply: socket.socket, stdin_w: int, stdout_r: int, stderr_r: int
    ) -> None:
        self.reply, self.stdin_w = reply, stdin_w
        self.stdout, self.stderr = bytearray(), bytearray()
        self.output = {stdout_r: self.stdout, stderr_r: self.stderr}
        self.lines = b""
        self.pid: int | None = None
        self.code: int | None = None
        self.cpu = (0.0, 0.0)  # CPU seconds of the child, of the zygote so far
        self.selector = selectors.DefaultSelector()

    def run(self, data: bytes, deadline: float) -> tuple[int, bytes, bytes]:
        """Exchange until the child has exited and closed its output: (code, out, err)."""
        ack_by = time.monotonic() + ACK_SECONDS
        for fd in self.output:
            self.selector.register(fd, selectors.EVENT_READ)
        self.selector.register(self.reply, selectors.EVENT_READ)
        pending = memoryview(data)
        if pending:
            os.set_blocking(self.stdin_w, False)
            self.selector.register(self.stdin_w, selectors.EVENT_WRITE)
        else:
            self._close_stdin()
        while self.code is None or self.selector.get_map():
            now = time.monotonic()
            if now >= deadline:
                self._cancel()
            if self.pid is None and now >= ack_by:
                raise Broken
            wake = deadline if self.pid is not None else min(deadline, ack_by)
            for key, _events in self.selector.select(wake - now):
                if key.fileobj is self.reply:
                    self._read_reply()
                elif key.fd == self.stdin_w:
                    pending = self._feed(pending)
                else:
                    self._collect(key.fd)
        return self.code, bytes(self.stdout), bytes(self.stderr)

    def _feed(self, pending: memoryview) -> memoryview:
        """Write what the stdin pipe takes; close it after the last byte."""
        try:
            pending = pending[os.write(self.stdin_w, pending[:_CHUNK]) :]
        except BrokenPipeError:  # the child stopped reading (it died), as in run()
            pending = pending[:0]
        if not pending:
            self._close_stdin()
        return pending

    def _close_stdin(self) -> None:
        """Close the child's stdin (EOF): the whole upload has been written."""
        if self.stdin_w in self.selector.get_map():
            self.selector.unregister(self.stdin_w)
        os.close(self.stdin_w)
        self.stdin_w = -1

    def _collect(self, fd: int) -> None:
        """Append what the child wrote on stdout or stderr; stop at EOF."""
        chunk = os.read(fd, _CHUNK)
        if chunk:
            self.output[fd] += chunk
        else:
            self.selector.unregister(fd)

    def _read_reply(self) -> None:
        """Take the zygote's ``pid N`` / ``exit CODE CPU OWN_CPU`` lines; EOF before
        exit, or anything else: broken."""
        chunk = self.reply.recv(256)
        if not chunk:
            raise Broken
        self.lines += chunk
        while b"\n" in self.lines:
            line, _, self.lines = self.lines.partition(b"\n")
            try:
                word, *numbers = line.split()
                if word == b"pid" and self.pid is None:
                    (self.pid,) = map(int, numbers)
                elif word == b"exit" and self.pid is not None and self.code is None:
                    code, child_cpu, zygote_cpu = numbers
                    self.code = int(code)
                    self.cpu = (float(child_cpu), float(zygote_cpu))
                    self.selector.unregister(self.reply)
                else:
                    raise Broken
            except ValueError:
                raise Broken from None

    def _cancel(self) -> NoReturn:
        """The wall clock ran out: have the child killed, wait for its exit, raise."""
        with contextlib.suppress(OSError):  # the zygote may have hung up already
            self.reply.shutdown(socket.SHUT_WR)
        until = time.monotonic() + KILL_GRACE_SECONDS
        with contextlib.suppress(Broken):
            while self.code is None:
                left = until - time.monotonic()
                if left <= 0 or not select.select([self.reply], [], [], left)[0]:
                    break
                self._read_reply()
        raise TimedOut(confirmed=self.code is not None)

    def close(self) -> None:
        """Close our ends; closing the reply cancels a child that still runs."""
        self.selector.close()
        for fd in (self.stdin_w, *self.output):
            if fd >= 0:
                os.close(fd)
        self.stdin_w = -1
        self.output.clear()
        self.reply.close()
