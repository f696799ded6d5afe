"""What the identity scan reports (kinds, hits, an entry's identity) and what is done
with the spans it finds: redaction, coverage and snippets (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from contest.contacts import merged_spans


class HitKind(StrEnum):
    """What a hit is."""

    NAME = "name"  # an author's name
    PHONE = "phone"  # an author's phone number
    EMAIL = "email"  # an author's email
    UNIT = "unit"  # an author's unit (workplace, school, commune…)
    PEN_NAME = "pen_name"  # a pen name an author declared
    ADDRESS = "address"  # (part of) an author's address
    STREET = "street"  # any street address (house number, alley, street…)
    LOCALITY = "locality"  # any "thôn …, xã …" address: perhaps the featured person's
    AUTHOR_LINE = "author_line"  # a "Tác giả: …" / "SĐT: …" line
    SIGNATURE = "signature"  # a short name-like line at the very end
    CONTACT = "contact"  # some other email or phone number


# Kinds shown for the organizers to judge without counting as an open finding: a
# story must give its hero's address ("họ tên, địa chỉ cụ thể" in the rules), so a
# street or "thôn …, xã …" address in the text is usually the hero's, not the
# author's (the author's own declared address is found as ADDRESS, which counts).
ADVISORY_KINDS = frozenset({HitKind.LOCALITY, HitKind.STREET})


@dataclass(frozen=True)
class Identity:
    """What identifies the authors of one entry (every author, every value)."""

    names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    pen_names: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class Hit:
    """One finding: the span [start, end) of the original text and its kind."""

    start: int
    end: int
    kind: HitKind
    text: str


def redact(text: str, spans: Iterable[tuple[int, int]], mark: str = "▇▇▇") -> str:
    """``text`` with every span replaced by ``mark`` (overlapping spans merged)."""
    pieces: list[str] = []
    position = 0
    for start, end in merged_spans(spans, len(text)):
        pieces.append(text[position:start])
        pieces.append(mark)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def covered(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when [start, end) lies entirely inside the (merged) spans."""
    return any(s <= start and end <= e for s, e in merged_spans(spans, max(end, 0)))


def snippet(text: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """(before, hit, after): the hit with up to ``width`` characters around it."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return (
        ("…" if start > width else "") + before.replace("\n", " "),
        text[start:end],
        after.replace("\n", " ") + ("…" if end + width < len(text) else ""),
    )
