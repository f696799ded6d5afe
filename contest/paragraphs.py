"""The one paragraph form of a story's text (pure, stdlib only): splitting a text into
paragraphs, joining them back, and dropping a heading that only repeats the title.
Texts are cleaned and compared with the one normaliser, contest.textnorm.
"""

from __future__ import annotations

import re

from contest.textnorm import clean_text, fold

__all__ = [
    "PARAGRAPH_BREAK",
    "drop_repeated_title",
    "join_paragraphs",
    "paragraph_text",
    "paragraphs",
]

# The one paragraph separation of a story's text: paragraphs (and headings, list
# items, table cells) are separated by one blank line; a line break inside a
# paragraph is a single newline. The judge's numbered reading view, the word count,
# the exports and the anthology all read this form.
PARAGRAPH_BREAK = "\n\n"
_BLANK_LINES_RE = re.compile(r"\n[ \t]*\n\s*")


def join_paragraphs(items: list[str]) -> str:
    """The canonical text of a list of paragraphs (empty ones dropped; a paragraph's
    own line breaks kept as single newlines)."""
    out = []
    for item in items:
        lines = [line.strip() for line in clean_text(item).split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            out.append(block)
    return PARAGRAPH_BREAK.join(out)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text: blocks between blank lines. A text with no blank
    line at all (typed with one Enter per paragraph) has one paragraph per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    blocks = _BLANK_LINES_RE.split(text)
    if len(blocks) == 1:
        blocks = text.split("\n")
    return [block.strip() for block in blocks if block.strip()]


def paragraph_text(text: str) -> str:
    """Pasted or typed text in the canonical paragraph form (idempotent)."""
    return join_paragraphs(paragraphs(clean_text(text)))


def drop_repeated_title(text: str, title: str) -> str:
    """``text`` without its first line when that line is only the title again (the
    file's own heading): "NGƯỜI GIỮ LỬA" or "“Người giữ lửa”" for "Người giữ lửa".
    A text that is nothing but its title is left alone, and so is one whose next
    line is the title again ("Mẹ!\n\nMẹ!\n\nMẹ tôi…" for "Mẹ": which one is the
    heading is not known), so that dropping twice drops no more than once."""
    key = fold(title)
    if not key or not text:
        return text
    head, _, rest = text.lstrip().partition("\n")
    rest = rest.lstrip("\n")
    if fold(head) != key or not rest.strip():
        return text  # not the title, or nothing but the title: kept as written
    if fold(rest.lstrip().partition("\n")[0]) == key:
        return text  # the title twice: a line of the story, kept
    return rest
