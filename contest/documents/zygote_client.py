"""The web side of the reader zygote (``zygote.py``): start one, hand it uploads.

``ZygoteProcess.run`` is safe to call from many threads at once: each upload has its
own pipes and reply socket; only the send on the shared control socket is locked.
A zygote that does not answer (no ``pid`` within ``ACK_SECONDS``, no ``exit`` within
``KILL_GRACE_SECONDS`` of a cancel), hangs up or says something else is "broken":
``run`` returns None and the caller reads the upload another way.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import selectors
import signal
import socket
import subprocess
import threading
import time
from enum import StrEnum
from typing import NoReturn

from contest.documents.zygote import READY

ACK_SECONDS = 5.0  # a healthy zygote forks at once; this long means it is stuck
START_SECONDS = 10.0  # its imports take ~0.2 s; this long means it cannot start
KILL_GRACE_SECONDS = 2.0  # after a cancel, the wait for the killed child's exit
MAX_FORKS = 1000  # then a fresh zygote (a new address-space layout)
# A child dying of one of these may be a parser exploit probing the memory layout
# all children share with the zygote: retire the zygote so each try sees a new one.
_CRASH_SIGNALS = frozenset(
    {signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGABRT, signal.SIGFPE}
)
_CHUNK = 65536


class Health(StrEnum):
    """Whether a zygote takes uploads; the keeper replaces one that is not OK."""

    OK = "ok"
    RETIRE = "retire"  # take no more uploads; let it exit when its children are done
    BROKEN = "broken"  # kill it and its children


class _Broken(Exception):
    """The zygote did not do its part; the upload must be read another way."""


class _Declined(Exception):
    """The zygote is being retired or closed: it takes no more uploads."""


class _TimedOut(Exception):
    """The wall clock ran out; ``confirmed``: the zygote reported the child's end."""

    def __init__(self, confirmed: bool) -> None:
        super().__init__(confirmed)
        self.confirmed = confirmed


class ZygoteProcess:
    """One running zygote as the web process sees it: its process, control socket
    and health."""

    def __init__(self, process: subprocess.Popen, control: socket.socket) -> None:
        self.process, self.control = process, control
        self.forks = 0
        self.health = Health.OK
        self.readers_cpu = 0.0  # CPU seconds of the children reaped so far
        self.own_cpu = 0.0  # the zygote's own, as it last reported
        self._lock = threading.Lock()  # the control socket and ``health``

    @classmethod
    def start(cls, command: list[str]) -> ZygoteProcess:
        """Start ``command`` + the control fd number; return once ready (else OSError)."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            process = subprocess.Popen(
                [*command, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: killed as one
            )
        except OSError:
            mine.close()
            raise
        finally:
            theirs.close()
        zygote = cls(process, mine)
        mine.settimeout(START_SECONDS)
        try:
            ready = mine.recv(len(READY))
        except OSError:
            ready = b""
        if ready != READY:
            zygote.kill()
            raise OSError(
                f"the reader zygote did not start (exit {process.returncode})"
            )
        mine.settimeout(ACK_SECONDS)  # for sends too: a stuck zygote must not hang us
        return zygote

    def run(
        self, argv: list[str], data: bytes, deadline: float
    ) -> subprocess.CompletedProcess[bytes] | None:
        """Read ``data`` in a child forked with worker ``argv``; None if this zygote
        takes no more uploads or failed (it is then BROKEN). At ``deadline``
        (monotonic) the child is killed and TimeoutError raised."""
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        reply, reply_theirs = socket.socketpair()
        conversation = _Conversation(reply, stdin_w, stdout_r, stderr_r)
        try:
            request = json.dumps(argv).encode()
            self._hand_over(request, [stdin_r, stdout_w, stderr_w], reply_theirs)
            code, stdout, stderr = conversation.run(data, deadline)
        except _Declined:
            return None
        except _Broken:
            self.mark(Health.BROKEN)
            return None
        except _TimedOut as timeout:
            if not timeout.confirmed:
                self.mark(Health.BROKEN)
            raise TimeoutError from None
        finally:
            self._count(*conversation.cpu)
            conversation.close()
        if -code in _CRASH_SIGNALS:
            self.mark(Health.RETIRE)
        return subprocess.CompletedProcess(argv, code, stdout, stderr)

    def _hand_over(
        self, request: bytes, pipe_ends: list[int], reply: socket.socket
    ) -> None:
        """Send a request with the child's pipe ends and reply socket, then close our
        copies (the child must hold the only write ends: EOF = it has exited).
        Raises _Declined if it takes no more uploads, _Broken if the send fails."""
        try:
            with self._lock:
                if self.health is not Health.OK or self.control.fileno() < 0:
                    raise _Declined
                try:
                    socket.send_fds(
                        self.control, [request], [*pipe_ends, reply.fileno()]
                    )
                except OSError:
                    raise _Broken from None
                self.forks += 1
                if self.forks >= MAX_FORKS:
                    self.health = Health.RETIRE
        finally:
            for fd in pipe_ends:
                os.close(fd)
            reply.close()

    def _count(self, child_cpu: float, zygote_cpu: float) -> None:
        """Add up the CPU an upload cost (its child; the zygote's grows as it forks)."""
        with self._lock:
            self.readers_cpu += child_cpu
            self.own_cpu = max(self.own_cpu, zygote_cpu)

    def cpu_seconds(self) -> float:
        """CPU seconds spent on this zygote's uploads: its children and itself."""
        with self._lock:
            return self.readers_cpu + self.own_cpu

    def mark(self, health: Health) -> None:
        """Note that this zygote must go (RETIRE, or BROKEN which nothing undoes)."""
        with self._lock:
            if self.health is not Health.BROKEN:
                self.health = health

    def close(self) -> None:
        """Tell the zygote to exit once its children are done (EOF on its socket)."""
        with self._lock:
            self.control.close()

    def kill(self) -> None:
        """Kill the zygote and its children (one process group), and reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.close()


class _Conversation:
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
                raise _Broken
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
            raise _Broken
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
                    raise _Broken
            except ValueError:
                raise _Broken from None

    def _cancel(self) -> NoReturn:
        """The wall clock ran out: have the child killed, wait for its exit, raise."""
        with contextlib.suppress(OSError):  # the zygote may have hung up already
            self.reply.shutdown(socket.SHUT_WR)
        until = time.monotonic() + KILL_GRACE_SECONDS
        with contextlib.suppress(_Broken):
            while self.code is None:
                left = until - time.monotonic()
                if left <= 0 or not select.select([self.reply], [], [], left)[0]:
                    break
                self._read_reply()
        raise _TimedOut(confirmed=self.code is not None)

    def close(self) -> None:
        """Close our ends; closing the reply cancels a child that still runs."""
        self.selector.close()
        for fd in (self.stdin_w, *self.output):
            if fd >= 0:
                os.close(fd)
        self.stdin_w = -1
        self.output.clear()
        self.reply.close()
