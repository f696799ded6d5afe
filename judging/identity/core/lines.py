"""Author blocks of a text: "Tác giả: …" / "SĐT: …" label lines and a signature at
the end (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from judging.identity.core.hits import ADVISORY_KINDS, Hit
from judging.identity.core.needles import tokens

# Lines labelled like an author block ("Tác giả:", "SĐT:", "Đơn vị công tác:"…),
# as folded words before the colon.
_LABELS = (
    "tac gia",
    "nhom tac gia",
    "nguoi viet",
    "but danh",
    "ho va ten",
    "ho ten",
    "ten that",
    "dien thoai",
    "so dien thoai",
    "dt",
    "sdt",
    "dtdd",
    "email",
    "e mail",
    "thu dien tu",
    "dia chi",
    "dia chi lien he",
    "dia chi thuong tru",
    "noi o",
    "cho o",
    "que quan",
    "truong",
    "lop",
    "noi hoc tap",
    "don vi",
    "don vi cong tac",
    "noi cong tac",
    "co quan",
    "author",
)
_LABEL_MAX = 30  # characters before the colon of a label line
_SIGNATURE_LINES = 3  # a signature sits in the last few non-empty lines
_SIGNATURE_WORDS = 12  # …and is short (a name, maybe with a unit)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def label_lines(text: str) -> Iterator[tuple[int, int]]:
    """Lines that start with an author-block label and a colon."""
    for start, end in _lines(text):
        colon = text.find(":", start, min(end, start + _LABEL_MAX + 1))
        if colon < 0:
            continue
        label = " ".join(tokens(text[start:colon]))
        if label in _LABELS and text[colon + 1 : end].strip():
            yield _trimmed(text, start, end)


def _looks_like_name(line: str) -> bool:
    """2–6 words, each starting with a capital letter (e.g. "Nguyễn Văn An")."""
    words = re.findall(r"[^\W\d_]+", line)
    if not 2 <= len(words) <= 6 or re.search(r"\d", line):
        return False
    return all(word[0].isupper() for word in words)


def signature_lines(text: str, found: list[Hit]) -> Iterator[tuple[int, int]]:
    """Short lines at the very end that carry a hit or look like a person's name."""
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    for start, end in reversed(lines[-_SIGNATURE_LINES:]):
        line = text[start:end].strip()
        if len(line.split()) > _SIGNATURE_WORDS:
            return  # reached the body of the story
        bare = line.strip("-–—()[] .,")
        has_hit = any(
            start <= h.start and h.end <= end and h.kind not in ADVISORY_KINDS
            for h in found
        )
        if has_hit or _looks_like_name(bare):
            yield _trimmed(text, start, end)
