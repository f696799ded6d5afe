"""The journal of an edition's index: the documents the checks at submission added to
or removed from the index since its last snapshot (judging.plagiarism.services.index).

A check appends its changes, one JSON line each, instead of rewriting the whole
snapshot (which grows with the edition); another worker brings its copy in memory up
to date by reading only the lines it has not seen. The first line names the snapshot
generation the journal extends: a journal left beside another snapshot (a crash
between writing the snapshot and starting its journal) is ignored, its changes being
in the snapshot already. A line cut short by a crash is not read, and the next append
cuts it off. Appends are made under the edition's index lock.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Change:
    """A document added to the index (with its text) or removed (``text`` None)."""

    doc_id: str
    text: str | None = None
    source: str = ""
    author_key: str | None = None
    chars: int = 0

    @property
    def added(self) -> bool:
        """True for an addition."""
        return self.text is not None


def _line(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8") + b"\n"


def start_journal(path: Path, generation: str) -> int:
    """An empty journal for the snapshot ``generation`` (replacing any); its end."""
    header = _line({"generation": generation})
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(header)


def read_journal(
    path: Path, generation: str, offset: int = 0
) -> tuple[list[Change], int] | None:
    """The changes written after byte ``offset`` (0: all) and where the last whole
    line ends; None when there is no journal of this generation."""
    try:
        with open(path, "rb") as handle:
            header = handle.readline()
            if not header.endswith(b"\n"):
                return None
            try:
                if json.loads(header)["generation"] != generation:
                    return None
            except (ValueError, KeyError, TypeError):
                return None
            start = max(offset, len(header))
            handle.seek(start)
            data = handle.read()
    except OSError:
        return None
    whole = data[: data.rfind(b"\n") + 1]
    changes = []
    for line in whole.splitlines():
        row = json.loads(line)
        changes.append(
            Change(
                row["doc_id"],
                row.get("text"),
                row.get("source", ""),
                row.get("author_key"),
                int(row.get("chars", 0)),
            )
        )
    return changes, start + len(whole)


def append_journal(path: Path, changes: list[Change], end: int) -> int:
    """Write ``changes`` after byte ``end`` (where the last whole line ends: a line
    torn by a crash is cut off first), in one write; the new end."""
    if not changes:
        return end
    blob = b"".join(
        _line(
            {"doc_id": c.doc_id}
            if not c.added
            else {
                "doc_id": c.doc_id,
                "text": c.text,
                "source": c.source,
                "author_key": c.author_key,
                "chars": c.chars,
            }
        )
        for c in changes
    )
    with open(path, "r+b") as handle:
        handle.truncate(end)
        handle.seek(end)
        handle.write(blob)
        handle.flush()
    return end + len(blob)
