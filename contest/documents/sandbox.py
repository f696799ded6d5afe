"""Run the reader (``worker.py``) in a limited child process; read its JSON.

Why never fork the web process, nor use ``multiprocessing``: the web process has
threads (Flask's dev server, gunicorn's gthread workers), and forking a threaded
process can deadlock; "spawn"/"forkserver" re-import the parent's ``__main__``
(gunicorn's or flask's script) and keep helper processes around. ``subprocess``
starts a clean, single-threaded Python that shares nothing with us, is safe to call
from any thread, and is killed on the wall-clock limit.

Two ways to get the child, with the same limits, JSON and errors:

- forked by the reader zygote (``zygote.py``; the default): such a clean interpreter,
  started once per web process, that has imported the parsers and forks one child
  per upload (a single-threaded process holding only the parsers is safe to fork).
  ``READERS`` keeps it (see ``ZygoteKeeper``).
- a fresh interpreter per upload: when ``USE_ZYGOTE`` is off (the setting
  ``DOCUMENT_READER_ZYGOTE=0``, passed in by ``use_zygote`` when the app is created)
  or no zygote can take the upload.

Either interpreter bootstraps with stub ``contest`` and ``contest.documents``
packages so that their ``__init__`` modules (Flask, SQLAlchemy, Pillow: ~1 s and tens
of MB) never run inside the sandbox; only the worker, its parsers and their
libraries are imported.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from contest.documents.errors import DocumentRejected, IntakeError
from contest.documents.results import IntakeLimits
from contest.documents.zygote_client import Health, ZygoteProcess

_CONTEST_DIR = Path(__file__).resolve().parent.parent
_STUB_PACKAGES = (
    "import sys, types\n"
    "for name, path in (('contest', ''), ('contest.documents', '/documents')):\n"
    "    package = types.ModuleType(name)\n"
    "    package.__path__ = [sys.argv[1] + path]\n"
    "    sys.modules[name] = package\n"
)
_READ_ONE = "from contest.documents.worker import main\nsys.exit(main(sys.argv[2:]))\n"
_SERVE = (
    "from contest.documents.zygote import serve\nsys.exit(serve(int(sys.argv[2])))\n"
)
# At most this many readers at once per web process: each may use memory_bytes.
_SLOTS = threading.BoundedSemaphore(max(2, (os.cpu_count() or 2) // 2))
# Per process, like the zygote itself: set by the app (DOCUMENT_READER_ZYGOTE).
USE_ZYGOTE = True
log = logging.getLogger(__name__)


def use_zygote(on: bool) -> None:
    """Read uploads in children of the zygote (on) or in fresh interpreters (off)."""
    global USE_ZYGOTE
    USE_ZYGOTE = bool(on)


def python_command(entry: str) -> list[str]:
    """The argv of a sandbox interpreter that runs ``entry`` after the stub packages.

    -P: don't put the current directory on sys.path; -s: no user site-packages;
    -B: write no .pyc (the child may not create files).
    """
    return [
        sys.executable,
        "-P",
        "-s",
        "-B",
        "-c",
        _STUB_PACKAGES + entry,
        str(_CONTEST_DIR),
    ]


def worker_args(kind: str, limits: IntakeLimits) -> list[str]:
    """The worker's arguments for ``kind`` under ``limits`` (see ``worker.main``)."""
    return [
        kind,
        str(max(1, int(limits.cpu_seconds))),
        str(limits.memory_bytes),
        str(limits.max_unpacked_bytes),
    ]


class ZygoteKeeper:
    """One zygote per process: started on first use, replaced when it dies, breaks or
    retires, never inherited across fork (a forked child starts its own). If none can
    be started, ``run`` returns None from then on (one warning)."""

    def __init__(self, command: list[str]) -> None:
        self._command = command
        self._lock = threading.Lock()
        self._owner = os.getpid()
        self._current: ZygoteProcess | None = None
        self._retired: list[ZygoteProcess] = []
        self._unavailable = False
        self._spent = 0.0  # CPU seconds of the zygotes let go (see ``cpu_seconds``)
        # A lock held by another thread at fork time would stay held in the child.
        os.register_at_fork(after_in_child=self._new_lock)

    def run(
        self, argv: list[str], data: bytes, deadline: float
    ) -> subprocess.CompletedProcess[bytes] | None:
        """The child's result for ``data``, or None: no zygote could read it.

        Raises TimeoutError at ``deadline`` (monotonic), once the child is killed.
        """
        zygote = self._zygote()
        if zygote is None:
            return None
        try:
            return zygote.run(argv, data, deadline)
        finally:
            if zygote.health is not Health.OK:
                self._replace(zygote)

    def start(self) -> bool:
        """Start this process's zygote now rather than on the first upload (a web
        worker at boot); True if one runs."""
        return self._zygote() is not None

    def pid(self) -> int | None:
        """The current zygote's pid, if one runs: for tests and benchmarks."""
        with self._lock:
            alive = self._current is not None and self._owner == os.getpid()
            return self._current.process.pid if alive else None

    def cpu_seconds(self) -> float:
        """CPU seconds the zygotes of this process and their children have spent on
        uploads: forked readers are not our children, so RUSAGE_CHILDREN misses them."""
        with self._lock:
            zygotes = [*self._retired, *filter(None, [self._current])]
            return self._spent + sum(zygote.cpu_seconds() for zygote in zygotes)

    def close(self) -> None:
        """Let this process's zygotes exit (their children done) and reap them."""
        with self._lock:
            zygotes = [*self._retired, *filter(None, [self._current])]
            self._current, self._retired = None, []
        for zygote in zygotes:
            zygote.close()
            try:
                zygote.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                zygote.kill()
        with self._lock:
            self._spent += sum(zygote.cpu_seconds() for zygote in zygotes)

    def _zygote(self) -> ZygoteProcess | None:
        """The zygote to use now, started if need be; None if none can be started."""
        with self._lock:
            if self._owner != os.getpid():
                self._forget_inherited()
            for zygote in [z for z in self._retired if z.process.poll() is not None]:
                self._retired.remove(zygote)
                self._spent += zygote.cpu_seconds()
            if self._current is not None and self._current.process.poll() is not None:
                self._current.kill()  # it died: take its orphaned children down too
                self._spent += self._current.cpu_seconds()
                self._current = None
            if self._current is None and not self._unavailable:
                try:
                    self._current = ZygoteProcess.start(self._command)
                except OSError as error:
                    self._unavailable = True
                    log.warning("No reader zygote, one process per upload: %s", error)
            return self._current

    def _replace(self, zygote: ZygoteProcess) -> None:
        """Retire ``zygote`` (kill it if BROKEN); the next upload starts a new one."""
        with self._lock:
            if zygote is not self._current:
                return  # another thread has already done it
            self._current = None
            if zygote.health is Health.BROKEN:
                zygote.kill()
                self._spent += zygote.cpu_seconds()
            else:
                zygote.close()
                self._retired.append(zygote)

    def _forget_inherited(self) -> None:
        """In a forked child: the parent's zygotes are not ours; drop our copies of
        their sockets (the parent's stay open, so its zygotes live on)."""
        for zygote in [*self._retired, *filter(None, [self._current])]:
            zygote.control.close()
        self._owner, self._current, self._retired = os.getpid(), None, []
        self._unavailable, self._spent = False, 0.0

    def _new_lock(self) -> None:
        """In a forked child: a fresh lock (the parent's may be held by a thread)."""
        self._lock = threading.Lock()


ZYGOTE_COMMAND = python_command(_SERVE)
READERS = ZygoteKeeper(ZYGOTE_COMMAND)


def run_worker(kind: str, data: bytes, limits: IntakeLimits) -> dict[str, Any]:
    """Parse ``data`` in a child; return its result dict or raise DocumentRejected."""
    deadline = time.monotonic() + limits.wall_seconds  # waiting for a slot counts too
    if not _SLOTS.acquire(timeout=limits.wall_seconds):
        raise DocumentRejected(IntakeError.PARSE_TIMEOUT, reason="busy")
    argv = worker_args(kind, limits)
    try:
        completed = READERS.run(argv, data, deadline) if USE_ZYGOTE else None
        if completed is None:
            completed = run_fresh(argv, data, deadline)
    except (TimeoutError, subprocess.TimeoutExpired) as exc:  # the child was killed
        raise DocumentRejected(
            IntakeError.PARSE_TIMEOUT, seconds=limits.wall_seconds
        ) from exc
    finally:
        _SLOTS.release()
    return _read_result(completed)


def run_fresh(
    argv: list[str], data: bytes, deadline: float
) -> subprocess.CompletedProcess[bytes]:
    """Read ``data`` in a fresh interpreter of its own, killed at ``deadline``."""
    return subprocess.run(
        python_command(_READ_ONE) + argv,
        input=data,
        capture_output=True,
        timeout=max(0.01, deadline - time.monotonic()),
        check=False,
    )


def _read_result(completed: subprocess.CompletedProcess[bytes]) -> dict[str, Any]:
    """Turn the child's exit status and stdout into a result or a DocumentRejected."""
    code = completed.returncode
    if code == -signal.SIGXCPU:
        raise DocumentRejected(IntakeError.PARSE_CPU_LIMIT)
    if code == -signal.SIGKILL:  # past the hard CPU limit, or the kernel's OOM killer
        raise DocumentRejected(IntakeError.PARSE_MEMORY_LIMIT, signal="SIGKILL")
    stderr_tail = completed.stderr[-500:].decode("utf-8", "replace")
    try:
        result = json.loads(completed.stdout)
    except ValueError:
        if b"MemoryError" in completed.stderr:
            raise DocumentRejected(IntakeError.PARSE_MEMORY_LIMIT) from None
        raise DocumentRejected(
            IntakeError.WORKER_FAILED, exit=code, stderr=stderr_tail
        ) from None
    if not isinstance(result, dict):
        raise DocumentRejected(IntakeError.WORKER_FAILED, exit=code, stderr=stderr_tail)
    if not result.get("ok"):
        try:
            error = IntakeError(result.get("code"))
        except ValueError:
            error = IntakeError.WORKER_FAILED
        raise DocumentRejected(error, **(result.get("details") or {}))
    return result
