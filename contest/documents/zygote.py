"""The reader zygote: a pre-started reader process that forks one child per upload.

Starting a fresh interpreter and importing lxml, zipfile and pypdf costs tens of ms
of CPU per upload. The zygote pays it once: ``sandbox`` starts it with ``subprocess``
(a clean, single-threaded interpreter sharing nothing with the web process,
bootstrapped like the fresh reader), it imports the worker and its parsers, and
then only forks. Forking it is safe because it has one thread and holds nothing but
the parsers; the web process itself is never forked. The zygote never parses and
never sees an upload, so every child starts from the same clean state.

Protocol. The web side (``zygote_client.ZygoteProcess``) and the zygote share a Unix
SOCK_SEQPACKET "control" socket. The zygote says ``ready`` once it has imported
everything; then each message is one upload: the worker's argv as JSON, with four
descriptors passed by SCM_RIGHTS: the read end of the child's stdin pipe, the write
ends of its stdout and stderr pipes (the web side keeps the other ends, so neither
the upload nor the output passes through the zygote, and a huge output cannot block
it) and one end of a fresh "reply" socketpair. The zygote forks; the child becomes
exactly what a fresh reader is (``worker.main(argv)``: same ``apply_limits``, same
JSON on stdout) and exits. The zygote reaps its children (a pidfd per child in its
selector) and writes on the reply socket ``pid N`` once forked and ``exit CODE CPU
OWN_CPU`` once reaped (CODE as in ``Popen.returncode``: negative = killed by that
signal; the child's CPU seconds, and the zygote's own so far, for accounting). So
the web side learns the exit status although the child is not its own.

Wall clock: at the deadline the web thread shuts down its reply end; the zygote
SIGKILLs that child (through its pidfd, never a reused pid) and still reports its
exit. A zygote that does not report it in time is killed with its process group.

Life cycle (``sandbox.ZygoteKeeper``): one zygote per web process, started on first
use. EOF on the control socket (the web side closed it, or died) means: accept
nothing more, exit once the children are reaped. When the web process dies, its
reply ends close too, so every child is killed at once: no orphans are left.
Children share the zygote's address-space layout (fork does not re-randomize it),
so a zygote is retired after ``zygote_client.MAX_FORKS`` children, and at once when a child dies
of a crash signal (SIGSEGV…): a parser exploit cannot probe one layout for long.

The child's address space starts at the zygote's (every parser imported, ~50 MB
virtual), which counts against RLIMIT_AS as it already did for a fresh PDF reader.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import resource
import selectors
import signal
import socket
import sys
import traceback
from dataclasses import dataclass
from typing import NoReturn

READY = b"ready"
_MAX_REQUEST_BYTES = 4096


@dataclass(slots=True)
class _Child:
    """A forked reader the zygote has not reaped yet."""

    pid: int
    pidfd: int
    reply: socket.socket
    cancelled: bool = False


def serve(control_fd: int) -> int:
    """The zygote's entry point: import the parsers, then fork readers until EOF."""
    from contest.documents import worker

    worker.preload()
    control = socket.socket(fileno=control_fd)
    gc.freeze()  # keep the collector from touching (so copying) the inherited pages
    control.sendall(READY)
    _Zygote(control).loop()
    return 0


class _Zygote:
    """The zygote's state: its control socket, its selector, its unreaped children."""

    def __init__(self, control: socket.socket) -> None:
        self.control = control
        self.selector = selectors.DefaultSelector()
        self.selector.register(control, selectors.EVENT_READ, self._accept)
        self.children: dict[int, _Child] = {}

    def loop(self) -> None:
        """Run handlers as their descriptors become ready, until EOF and no children."""
        while self.control.fileno() >= 0 or self.children:
            for key, _events in self.selector.select():
                key.data()

    def _accept(self) -> None:
        """Take one request from the control socket and fork its reader."""
        message, fds, _flags, _address = socket.recv_fds(
            self.control, _MAX_REQUEST_BYTES, 4
        )
        if not message:  # EOF: the web side has closed its end or has died
            self.selector.unregister(self.control)
            self.control.close()
            return
        if len(fds) != 4:
            for fd in fds:
                os.close(fd)
            return
        stdin_r, stdout_w, stderr_w, reply_fd = fds
        reply = socket.socket(fileno=reply_fd)
        try:
            pid = os.fork()
            if pid == 0:
                _become_reader(json.loads(message), stdin_r, stdout_w, stderr_w)
        except OSError:  # no fork: the web side sees EOF without "pid", gives up
            reply.close()
            return
        finally:  # only the child may hold the write ends: its exit is their EOF
            for fd in (stdin_r, stdout_w, stderr_w):
                os.close(fd)
        child = _Child(pid, os.pidfd_open(pid), reply)
        self.children[pid] = child
        self.selector.register(
            child.pidfd, selectors.EVENT_READ, functools.partial(self._reap, child)
        )
        self.selector.register(
            reply, selectors.EVENT_READ, functools.partial(self._cancel, child)
        )
        _tell(reply, b"pid %d\n" % pid)

    def _reap(self, child: _Child) -> None:
        """The child has exited: reap it, report its exit code and CPU seconds (and
        the zygote's own so far: both count for the uploads)."""
        _pid, status, usage = os.wait4(child.pid, 0)
        own = resource.getrusage(resource.RUSAGE_SELF)
        self.selector.unregister(child.pidfd)
        os.close(child.pidfd)
        del self.children[child.pid]
        if not child.cancelled:
            self.selector.unregister(child.reply)
        code = os.waitstatus_to_exitcode(status)
        cpu = (usage.ru_utime + usage.ru_stime, own.ru_utime + own.ru_stime)
        _tell(child.reply, b"exit %d %.6f %.6f\n" % (code, *cpu))
        child.reply.close()

    def _cancel(self, child: _Child) -> None:
        """The web side cancelled (deadline) or hung up: kill the child now."""
        self.selector.unregister(child.reply)
        child.cancelled = True
        with contextlib.suppress(ProcessLookupError):  # exited: _reap reports it
            signal.pidfd_send_signal(child.pidfd, signal.SIGKILL)


def _become_reader(
    argv: list[str], stdin_r: int, stdout_w: int, stderr_w: int
) -> NoReturn:
    """In the forked child: the upload's pipes become 0/1/2, all else is closed."""
    code = 1
    try:
        for fd, target in ((stdin_r, 0), (stdout_w, 1), (stderr_w, 2)):
            os.dup2(fd, target)
        os.closerange(3, os.sysconf("SC_OPEN_MAX"))  # other uploads' pipes, sockets
        from contest.documents.worker import main

        code = main(argv)
    except MemoryError:  # as a fresh interpreter would report it
        os.write(2, b"MemoryError\n")
    except BaseException:  # what a fresh interpreter prints before exiting with 1
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)  # never return into the zygote's loop, nor run its atexit


def _tell(reply: socket.socket, line: bytes) -> None:
    """Write one line to the web side, if it is still listening."""
    with contextlib.suppress(OSError):
        reply.send(line, socket.MSG_NOSIGNAL | socket.MSG_DONTWAIT)
