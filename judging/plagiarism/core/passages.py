"""Pure helpers of the plagiarism pages: cutting a text into plain and matched pieces
for the side-by-side view, and grouping entries about the same featured person."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from contest.textnorm import search_key


@dataclass(frozen=True)
class Span:
    """A matched passage on one side: character offsets, its number, whether counted."""

    start: int
    end: int
    number: int
    counted: bool


@dataclass(frozen=True)
class Segment:
    """A piece of a text: plain (number None) or passage ``number``.

    A passage wholly inside an earlier one on this side (the other text repeats
    itself) keeps an empty piece, so links to it still land somewhere.
    """

    text: str
    number: int | None = None
    counted: bool = True
    # A counted passage holding boilerplate: ((text, greyed), ...) spelling ``text``
    # (judging.plagiarism.core.grey); empty when nothing in it is greyed.
    parts: tuple[tuple[str, bool], ...] = ()


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """``text`` cut at the passages' edges, in reading order; overlaps are clipped."""
    pieces: list[Segment] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.number)):
        start = min(max(span.start, cursor), len(text))
        end = min(max(span.end, start), len(text))
        if start > cursor:
            pieces.append(Segment(text[cursor:start]))
        pieces.append(Segment(text[start:end], span.number, span.counted))
        cursor = end
    if cursor < len(text):
        pieces.append(Segment(text[cursor:]))
    return pieces


def side_spans(passages: Sequence[Sequence], side: str) -> list[Span]:
    """The spans of stored passages ([a0, a1, b0, b1, quoted, boilerplate]) on side
    "a" or "b", numbered from 1 in A's order."""
    offset = 0 if side == "a" else 2
    return [
        Span(p[offset], p[offset + 1], number, not (p[4] or p[5]))
        for number, p in enumerate(passages, 1)
    ]


@dataclass(frozen=True)
class PersonMention:
    """An entry's featured person, as the same-person page lists it."""

    entry_id: int
    number: str
    title: str
    status: str
    author: str
    name: str
    unit: str


@dataclass(frozen=True)
class PersonGroup:
    """Entries about one featured person (same normalised name and unit)."""

    name: str
    unit: str
    mentions: tuple[PersonMention, ...]


def person_key(name: str, unit: str) -> tuple[str, str]:
    """Accent-, case- and spacing-insensitive (name, unit): "Đặng  Văn A" = "dang van a"."""
    return " ".join(search_key(name).split()), " ".join(search_key(unit).split())


def group_same_person(mentions: Iterable[PersonMention]) -> list[PersonGroup]:
    """Groups of two or more entries about the same person, biggest first."""
    by_key: dict[tuple[str, str], list[PersonMention]] = {}
    for mention in mentions:
        if mention.name.strip():
            by_key.setdefault(person_key(mention.name, mention.unit), []).append(
                mention
            )
    groups = []
    for found in by_key.values():
        unique = list({m.entry_id: m for m in found}.values())
        if len(unique) >= 2:
            unique.sort(key=lambda m: (m.number, m.entry_id))
            groups.append(PersonGroup(found[0].name, found[0].unit, tuple(unique)))
    groups.sort(key=lambda g: (-len(g.mentions), person_key(g.name, g.unit)))
    return groups
