"""Boilerplate inside matched passages (pure): where a text holds an organizer's phrase
or a shipped formula (award, title, movement, offence names), so the side-by-side view
can grey it even inside a counted passage, as the engine weighs it (not at all).

    boilerplate_ranges(text, phrases) -> [(start, end), ...]   character offsets
    grey_parts(pieces, ranges) -> pieces; counted passages get ``parts``:
        ((text, greyed), ...) cut at the ranges' edges
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from judging.plagiarism.core.align import BOILERPLATE
from judging.plagiarism.core.match import prepare
from judging.plagiarism.core.passages import Segment
from judging.plagiarism.core.tokens import PhraseSet, Vocabulary


def boilerplate_ranges(text: str, phrases: Sequence[str]) -> list[tuple[int, int]]:
    """Character ranges of ``text`` covered by boilerplate, as the engine masks it
    (consecutive masked syllables make one range, the gaps between them included)."""
    if not text:
        return []
    vocab = Vocabulary()
    prepared = prepare(text, vocab, PhraseSet(vocab, phrases))
    masked = np.flatnonzero(prepared.kind == BOILERPLATE)
    ranges: list[tuple[int, int]] = []
    start = prev = None
    for i in masked.tolist():
        if prev is not None and i == prev + 1:
            prev = i
            continue
        if start is not None:
            ranges.append((int(prepared.spans[start][0]), int(prepared.spans[prev][1])))
        start = prev = i
    if start is not None:
        ranges.append((int(prepared.spans[start][0]), int(prepared.spans[prev][1])))
    return ranges


def grey_parts(
    pieces: Sequence[Segment], ranges: Sequence[tuple[int, int]]
) -> list[Segment]:
    """``pieces`` (which spell the text in order) with each counted passage crossing a
    range cut into plain and greyed parts; other pieces are left as they are."""
    out: list[Segment] = []
    cursor = 0
    for piece in pieces:
        start, end = cursor, cursor + len(piece.text)
        cursor = end
        inside = [
            (max(s, start), min(e, end)) for s, e in ranges if s < end and e > start
        ]
        if piece.number is None or not piece.counted or not inside:
            out.append(piece)
            continue
        parts: list[tuple[str, bool]] = []
        at = start
        for s, e in inside:
            if s > at:
                parts.append((piece.text[at - start : s - start], False))
            parts.append((piece.text[s - start : e - start], True))
            at = e
        if at < end:
            parts.append((piece.text[at - start :], False))
        out.append(replace(piece, parts=tuple(parts)))
    return out
