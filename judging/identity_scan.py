"""PURE: find what could identify an entry's authors in its text, as character spans.

Before judging opens, organizers check each entry's text for its authors' names,
phones, emails and unit names, for "Tác giả: …" lines and for a signature at the
end. Matching is accent- and case-insensitive ("NGUYEN VAN AN" finds "Nguyễn Văn An")
and tolerant of spacing and punctuation between words and digits. Every hit is a
span [start, end) over the ORIGINAL text, so a redaction can blank exactly what was
found while the stored original stays intact (see ``redact``).

Any email address and any Vietnamese-looking phone number is reported too (kind
``contact``), even when it is not the author's: judges must never see contacts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Hit",
    "HitKind",
    "Identity",
    "covered",
    "redact",
    "scan",
    "snippet",
]

# Lines labelled like an author block ("Tác giả:", "SĐT:", "Đơn vị công tác:"…),
# as folded words before the colon.
_LABELS = (
    "tac gia",
    "nhom tac gia",
    "nguoi viet",
    "but danh",
    "ho va ten",
    "ho ten",
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
    "don vi",
    "don vi cong tac",
    "noi cong tac",
    "co quan",
    "author",
)
_LABEL_MAX = 30  # characters before the colon of a label line
_SIGNATURE_LINES = 3  # a signature sits in the last few non-empty lines
_SIGNATURE_WORDS = 12  # …and is short (a name, maybe with a unit)
_MIN_NEEDLE = 3  # folded characters; shorter names/units would match everywhere

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A Vietnamese phone number as people write it: 0912 345 678, 0912.345.678,
# (+84) 912 345 678, 024 3825 1234.
_PHONE_RE = re.compile(
    r"(?<![\d\w])(?:\(?\+?84\)?[\s.\-]?|0)\d{2,3}(?:[\s.\-]?\d{3,4}){2}(?!\d)"
)
_COMBINING_RE = re.compile(r"[\u0300-\u036f]")


class HitKind(StrEnum):
    """What a hit is."""

    NAME = "name"  # an author's name
    PHONE = "phone"  # an author's phone number
    EMAIL = "email"  # an author's email
    UNIT = "unit"  # an author's unit (workplace, commune…)
    AUTHOR_LINE = "author_line"  # a "Tác giả: …" / "SĐT: …" line
    SIGNATURE = "signature"  # a short name-like line at the very end
    CONTACT = "contact"  # some other email or phone number


@dataclass(frozen=True)
class Identity:
    """What identifies the authors of one entry (every author, every value)."""

    names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class Hit:
    """One finding: the span [start, end) of the original text and its kind."""

    start: int
    end: int
    kind: HitKind
    text: str


def _build_fold_table() -> dict[int, str]:
    """Per character: lowercase base letter without diacritics (đ→d), marks removed."""
    table: dict[int, str] = {}
    for code in [*range(0x0041, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        lower = base.lower()
        if len(lower) == 1 and lower != char:
            table[code] = lower
    for code in range(0x0300, 0x0370):
        table[code] = ""
    table.update({ord("đ"): "d", ord("Đ"): "d"})  # no decomposition in Unicode
    return table


_FOLD = _build_fold_table()


def _fold(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, unless it has the same length, each char's origin index.

    Text stored by the app is NFC, so the fast path (one folded char per original
    char, same positions) is the usual one; combining marks need the position map.
    """
    if not _COMBINING_RE.search(text):
        return text.translate(_FOLD), None
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in char.translate(_FOLD):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def _tokens(value: str) -> list[str]:
    """The folded words of a needle ("Nguyễn Văn-An" → ["nguyen", "van", "an"])."""
    return re.findall(r"\w+", value.translate(_FOLD))


def _span(origin: list[int] | None, text: str, start: int, end: int) -> tuple[int, int]:
    """Map a folded span back to the original text (marks after the end included)."""
    if origin is None:
        return start, end
    real_start, real_end = origin[start], origin[end - 1] + 1
    while real_end < len(text) and _COMBINING_RE.match(text, real_end):
        real_end += 1
    return real_start, real_end


def _needle_re(value: str) -> re.Pattern[str] | None:
    """Whole-word pattern of a name or unit, any punctuation/spacing between words."""
    tokens = _tokens(value)
    if sum(len(t) for t in tokens) < _MIN_NEEDLE:
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, tokens)) + r"(?!\w)")


def _phone_digits(value: str) -> str:
    """The national significant digits of a phone number (no 0, no +84)."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("84") and len(digits) >= 11:
        return digits[2:]
    return digits.removeprefix("0")


def _phone_re(value: str) -> re.Pattern[str] | None:
    """Pattern of one author's phone with any separators and either prefix."""
    digits = _phone_digits(value)
    if len(digits) < 8:
        return None
    body = r"[\s.\-]*".join(digits)
    return re.compile(r"(?<![\d])(?:\(?\+?84\)?[\s.\-]*|0[\s.\-]*)?" + body + r"(?!\d)")


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


def _label_lines(text: str) -> Iterator[tuple[int, int]]:
    """Lines that start with an author-block label and a colon."""
    for start, end in _lines(text):
        colon = text.find(":", start, min(end, start + _LABEL_MAX + 1))
        if colon < 0:
            continue
        label = " ".join(_tokens(text[start:colon]))
        if label in _LABELS and text[colon + 1 : end].strip():
            yield _trimmed(text, start, end)


def _looks_like_name(line: str) -> bool:
    """2–6 words, each starting with a capital letter (e.g. "Nguyễn Văn An")."""
    words = re.findall(r"[^\W\d_]+", line)
    if not 2 <= len(words) <= 6 or re.search(r"\d", line):
        return False
    return all(word[0].isupper() for word in words)


def _signature_lines(text: str, found: list[Hit]) -> Iterator[tuple[int, int]]:
    """Short lines at the very end that carry a hit or look like a person's name."""
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    for start, end in reversed(lines[-_SIGNATURE_LINES:]):
        line = text[start:end].strip()
        if len(line.split()) > _SIGNATURE_WORDS:
            return  # reached the body of the story
        bare = line.strip("-–—()[] .,")
        has_hit = any(start <= h.start and h.end <= end for h in found)
        if has_hit or _looks_like_name(bare):
            yield _trimmed(text, start, end)


def scan(text: str, identity: Identity) -> list[Hit]:
    """Every place in ``text`` that may identify the authors, sorted by position.

    A span found in several ways is reported once, with its most specific kind.
    """
    folded, origin = _fold(text)
    found: dict[tuple[int, int], HitKind] = {}

    def add(start: int, end: int, kind: HitKind) -> None:
        found.setdefault((start, end), kind)

    for kind, values in (
        (HitKind.NAME, identity.names),
        (HitKind.UNIT, identity.units),
    ):
        for pattern in filter(None, map(_needle_re, _unique(values))):
            for match in pattern.finditer(folded):
                add(*_span(origin, text, *match.span()), kind)
    digits = re.sub(r"\D", "", text)  # cheap test before the costly patterns
    for phone in _unique(identity.phones):
        pattern = _phone_re(phone)
        if pattern is None or _phone_digits(phone) not in digits:
            continue
        for match in pattern.finditer(text):
            add(*match.span(), HitKind.PHONE)
    emails = {e.strip().casefold() for e in identity.emails if e.strip()}
    for match in _EMAIL_RE.finditer(text) if "@" in text else ():
        kind = HitKind.EMAIL if match.group().casefold() in emails else HitKind.CONTACT
        add(*match.span(), kind)
    for match in _PHONE_RE.finditer(text):
        if not any(s <= match.start() < e for (s, e) in found):
            add(*match.span(), HitKind.CONTACT)
    for start, end in _label_lines(text):
        add(start, end, HitKind.AUTHOR_LINE)
    hits = [Hit(s, e, k, text[s:e]) for (s, e), k in found.items()]
    for start, end in _signature_lines(text, hits):
        if (start, end) not in found:
            hits.append(Hit(start, end, HitKind.SIGNATURE, text[start:end]))
    return sorted(hits)


def _unique(values: Iterable[str]) -> list[str]:
    """Non-empty values, each once, in order."""
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _merged(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clipped to the text and merged where they overlap or touch."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(length, end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def redact(text: str, spans: Iterable[tuple[int, int]], mark: str = "▇▇▇") -> str:
    """``text`` with every span replaced by ``mark`` (overlapping spans merged)."""
    pieces: list[str] = []
    position = 0
    for start, end in _merged(spans, len(text)):
        pieces.append(text[position:start])
        pieces.append(mark)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def covered(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when [start, end) lies entirely inside the (merged) spans."""
    return any(s <= start and end <= e for s, e in _merged(spans, max(end, 0)))


def snippet(text: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """(before, hit, after): the hit with up to ``width`` characters around it."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return (
        ("…" if start > width else "") + before.replace("\n", " "),
        text[start:end],
        after.replace("\n", " ") + ("…" if end + width < len(text) else ""),
    )
