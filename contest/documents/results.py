"""Plain value types of the document intake: kinds, limits, extraction result."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DocKind(StrEnum):
    """Document types we accept, as detected from the bytes (never the file name)."""

    DOCX = "docx"
    ODT = "odt"
    PDF = "pdf"
    TXT = "txt"


@dataclass(frozen=True, slots=True)
class IntakeLimits:
    """Ceilings for one upload; parsing runs in a child process held to the last three.

    The zip limits are checked from the zip's central directory without inflating
    anything. ``max_ratio`` applies per member and overall, to members (or totals)
    of at least ``ratio_floor_bytes`` (tiny XML parts legitimately compress 100:1).
    """

    max_bytes: int = 20 * 1024 * 1024
    max_members: int = 1_000
    max_unpacked_bytes: int = 100 * 1024 * 1024
    max_ratio: float = 100.0
    cpu_seconds: int = 10
    wall_seconds: float = 20.0  # under gunicorn's default 30 s worker timeout
    memory_bytes: int = 512 * 1024 * 1024
    ratio_floor_bytes: int = 1024 * 1024


DEFAULT_LIMITS = IntakeLimits()


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Text of an upload after cleaning, in the canonical paragraph form of
    ``contest.textnorm`` (paragraphs, headings, list items and table cells separated by
    one blank line; a line break inside a paragraph is one newline). ``needs_typing`` =
    a scan with no text layer (text is then ""). ``pages`` is known for PDFs only.
    ``hidden``: (kind, words) of text left out because a reader would not see it
    ("hidden" formatting or invisible PDF text, "white" or "tiny" text, identity
    "field" results)."""

    kind: DocKind
    text: str
    word_count: int
    needs_typing: bool = False
    pages: int | None = None
    hidden: tuple[tuple[str, int], ...] = ()

    @property
    def hidden_words(self) -> int:
        """Words left out as hidden, all kinds together."""
        return sum(words for _, words in self.hidden)
