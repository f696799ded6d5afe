"""What changed between two versions of a text, word by word (pure: no Flask, no DB).

Organizers see it on the entry page when a writer submitted a new version.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_DIFF_TOKEN = re.compile(r"\s*\w+|\s*[^\w\s]|\s+")
MAX_DIFF_CELLS = 400_000  # words × words of one changed region (quadratic worst case)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The changes from ``old`` to ``new``: ("equal"|"insert"|"delete", text) pieces.

    Paragraphs are compared first, then the words inside changed paragraphs (a word
    carries the whitespace before it), so joining every "equal" and "insert" piece
    gives back ``new`` exactly. A changed region too large to compare word by word in
    reasonable time is shown as removed and added whole.
    """
    pieces: list[tuple[str, str]] = []
    _diff(old.splitlines(keepends=True), new.splitlines(keepends=True), pieces, True)
    merged: list[tuple[str, str]] = []
    for op, text in pieces:  # join neighbours of the same kind
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        elif text:
            merged.append((op, text))
    return merged


def _diff(a: list[str], b: list[str], out: list, by_paragraph: bool) -> None:
    """Append the pieces of the diff of two token lists to ``out``."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(("equal", new))
            continue
        if op == "replace" and by_paragraph:
            words_a, words_b = _DIFF_TOKEN.findall(old), _DIFF_TOKEN.findall(new)
            if len(words_a) * len(words_b) <= MAX_DIFF_CELLS:
                _diff(words_a, words_b, out, False)
                continue
        out.append(("delete", old))
        out.append(("insert", new))
