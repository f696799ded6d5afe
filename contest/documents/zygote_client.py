"""The web side of the reader zygote (``zygote.py``): start one, hand it uploads.

``ZygoteProcess.run`` is safe to call from many threads at once: each upload has its
own pipes and reply socket; only the send on the shared control socket is locked.
A zygote that does not answer (no ``pid`` within ``ACK_SECONDS``, no ``exit`` within
``KILL_GRACE_SECONDS`` of a cancel), hangs up or says something else is "broken":
``run`` returns None and the caller reads the upload another way. One upload's
exchange with the zygote is ``zygote_conversation.Conversation``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
from enum import StrEnum

from contest.documents.zygote import READY
from contest.documents.zygote_conversation import (
    ACK_SECONDS,
    Broken,
    Conversation,
    Declined,
    TimedOut,
)

START_SECONDS = 10.0  # its imports take ~0.2 s; this long means it cannot start
MAX_FORKS = 1000  # then a fresh zygote (a new address-space layout)
# A child dying of one of these may be a parser exploit probing the memory layout
# all children share with the zygote: retire the zygote so each try sees a new one.
_CRASH_SIGNALS = frozenset(
    {signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGABRT, signal.SIGFPE}
)


class Health(StrEnum):
    """Whether a zygote takes uploads; the keeper replaces one that is not OK."""

    OK = "ok"
    RETIRE = "retire"  # take no more uploads; let it exit when its children are done
    BROKEN = "broken"  # kill it and its children


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
        conversation = Conversation(reply, stdin_w, stdout_r, stderr_r)
        try:
            request = json.dumps(argv).encode()
            self._hand_over(request, [stdin_r, stdout_w, stderr_w], reply_theirs)
            code, stdout, stderr = conversation.run(data, deadline)
        except Declined:
            return None
        except Broken:
            self.mark(Health.BROKEN)
            return None
        except TimedOut as timeout:
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
        Raises Declined if it takes no more uploads, Broken if the send fails."""
        try:
            with self._lock:
                if self.health is not Health.OK or self.control.fileno() < 0:
                    raise Declined
                try:
                    socket.send_fds(
                        self.control, [request], [*pipe_ends, reply.fileno()]
                    )
                except OSError:
                    raise Broken from None
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
