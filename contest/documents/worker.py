"""The sandboxed reader: a child process that parses ONE upload and prints JSON.

Started by ``sandbox.run_worker``, never forked from the web process: either forked
from the reader zygote (``zygote.py``, a fresh interpreter that has already imported
this module and ``preload``-ed the parsers) or, as a fallback, as a fresh interpreter
of its own. It first lowers its own limits (address space, CPU seconds, no files, no
core dumps), then reads the upload from stdin and prints one JSON object on stdout:
``{"ok": true, "paragraphs": [...], "pages": n | null, "has_images": bool,
"hidden": {kind: words}}`` (what a reader would not have seen, left out) or
``{"ok": false, "code": "<IntakeError>", "details": {...}}``.

For debugging: ``python -m contest.documents.worker docx 10 536870912 < file.docx``.
"""

from __future__ import annotations

import importlib
import io
import json
import resource
import sys
import zipfile

from contest.documents.errors import DocumentRejected, IntakeError

# Prebuilt so it can still be written when memory has run out.
_OUT_OF_MEMORY = json.dumps(
    {"ok": False, "code": IntakeError.PARSE_MEMORY_LIMIT.value}
).encode()


# What ``parse`` imports on first use; the zygote imports it once, before forking.
_PARSER_MODULES = (
    "contest.documents.xmltext",
    "contest.documents.docxtext",
    "contest.documents.pdftext",
    "pypdf",
)


def preload() -> None:
    """Import every parser and its libraries now, so forked readers start warm."""
    for name in _PARSER_MODULES:
        importlib.import_module(name)


def apply_limits(cpu_seconds: int, memory_bytes: int) -> None:
    """Lower this process's limits; the kernel enforces them (SIGXCPU, ENOMEM)."""

    def lower(which: int, soft: int, hard: int) -> None:
        current_hard = resource.getrlimit(which)[1]
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(which, (soft, hard))

    lower(resource.RLIMIT_CORE, 0, 0)  # SIGXCPU would otherwise dump core
    lower(resource.RLIMIT_FSIZE, 0, 0)  # a reader has no reason to write files
    lower(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)
    lower(resource.RLIMIT_AS, memory_bytes, memory_bytes)


def parse(kind: str, data: bytes, cap: int) -> dict:
    """Parse ``data`` as ``kind``: "docx", "odt", "pdf" (or "ping": overhead only)."""
    if kind == "ping":
        return {"paragraphs": [], "pages": None, "has_images": False, "hidden": {}}
    if kind == "pdf":
        from contest.documents.pdftext import read_pdf

        pdf = read_pdf(data)
        return {
            "paragraphs": pdf.paragraphs,
            "pages": pdf.pages,
            "has_images": pdf.has_images,
            "hidden": pdf.hidden,
        }
    from contest.documents.docxtext import docx_paragraphs
    from contest.documents.xmltext import odt_paragraphs

    reader = {"docx": docx_paragraphs, "odt": odt_paragraphs}[kind]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        paragraphs, hidden = reader(archive, cap)
    return {
        "paragraphs": paragraphs,
        "pages": None,
        "has_images": False,
        "hidden": dict(hidden),
    }


def main(argv: list[str]) -> int:
    """Entry point: ``worker KIND CPU_SECONDS MEMORY_BYTES [MEMBER_CAP_BYTES]``."""
    kind, cpu_seconds, memory_bytes = argv[0], int(argv[1]), int(argv[2])
    cap = int(argv[3]) if len(argv) > 3 else memory_bytes
    apply_limits(cpu_seconds, memory_bytes)
    try:
        data = sys.stdin.buffer.read()
        result = {"ok": True, **parse(kind, data, cap)}
    except MemoryError:
        result = None
    except DocumentRejected as exc:
        result = {"ok": False, "code": exc.code.value, "details": exc.details}
    except ImportError as exc:  # a broken install is our problem, not the file's
        result = {
            "ok": False,
            "code": IntakeError.WORKER_FAILED.value,
            "details": {"error": repr(exc)},
        }
    except Exception as exc:  # any other failure on untrusted input = unreadable file
        details = {"error": type(exc).__name__, "message": str(exc)[:200]}
        result = {
            "ok": False,
            "code": IntakeError.CORRUPT_FILE.value,
            "details": details,
        }
    try:
        payload = _OUT_OF_MEMORY if result is None else json.dumps(result).encode()
    except MemoryError:
        payload = _OUT_OF_MEMORY
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
