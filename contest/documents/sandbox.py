"""Run the reader (``worker.py``) in a fresh, limited child process; read its JSON.

Why a fresh interpreter via ``subprocess`` and not ``multiprocessing``: the web
process has threads (Flask's dev server, gunicorn's gthread workers), and forking a
threaded process can deadlock; "spawn"/"forkserver" re-import the parent's
``__main__`` (gunicorn's or flask's script) and keep helper processes around.
``subprocess`` starts a clean, single-threaded Python that shares nothing with us, is
safe to call from any thread, and is killed on the wall-clock limit.

The child bootstraps with stub ``contest`` and ``contest.documents`` packages so that
their ``__init__`` modules (Flask, SQLAlchemy, Pillow: ~1 s and tens of MB) never run
inside the sandbox; only the worker, its parsers and their libraries are imported.
"""

from __future__ import annotations

import json
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

_CONTEST_DIR = Path(__file__).resolve().parent.parent
_BOOTSTRAP = (
    "import sys, types\n"
    "for name, path in (('contest', ''), ('contest.documents', '/documents')):\n"
    "    package = types.ModuleType(name)\n"
    "    package.__path__ = [sys.argv[1] + path]\n"
    "    sys.modules[name] = package\n"
    "from contest.documents.worker import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)
# At most this many readers at once per web process: each may use memory_bytes.
_SLOTS = threading.BoundedSemaphore(max(2, (os.cpu_count() or 2) // 2))


def worker_command(kind: str, limits: IntakeLimits) -> list[str]:
    """The argv that starts a reader for ``kind`` under ``limits``.

    -P: don't put the current directory on sys.path; -s: no user site-packages;
    -B: write no .pyc (the child may not create files).
    """
    return [
        sys.executable,
        "-P",
        "-s",
        "-B",
        "-c",
        _BOOTSTRAP,
        str(_CONTEST_DIR),
        kind,
        str(max(1, int(limits.cpu_seconds))),
        str(limits.memory_bytes),
        str(limits.max_unpacked_bytes),
    ]


def run_worker(kind: str, data: bytes, limits: IntakeLimits) -> dict[str, Any]:
    """Parse ``data`` in a child; return its result dict or raise DocumentRejected."""
    deadline = time.monotonic() + limits.wall_seconds  # waiting for a slot counts too
    if not _SLOTS.acquire(timeout=limits.wall_seconds):
        raise DocumentRejected(IntakeError.PARSE_TIMEOUT, reason="busy")
    try:
        completed = subprocess.run(
            worker_command(kind, limits),
            input=data,
            capture_output=True,
            timeout=max(0.01, deadline - time.monotonic()),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # run() has already killed the child
        raise DocumentRejected(
            IntakeError.PARSE_TIMEOUT, seconds=limits.wall_seconds
        ) from exc
    finally:
        _SLOTS.release()
    return _read_result(completed)


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
