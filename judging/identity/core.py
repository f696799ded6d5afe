"""PURE: find what could identify an entry's authors in its text, as character spans.

Before judging opens, organizers check each entry's text for its authors' names and
declared pen names, phones, emails, addresses and units (workplace or school), for
"Tác giả: …" lines and for a signature at the end. Matching is accent- and case-insensitive ("NGUYEN VAN AN" finds "Nguyễn Văn An")
and tolerant of spacing and punctuation between words and digits. Every hit is a
span [start, end) over the ORIGINAL text, so a redaction can blank exactly what was
found while the stored original stays intact (see ``redact``).

Any email address and any Vietnamese-looking phone number is reported too (kind
``contact``), and any street address (kind ``street``: "Số 77 ngõ 12 phố …, phường
…") even when it is not the author's: judges must never see contacts. Village
addresses ("thôn …, xã …") are reported as ``locality`` for the organizers to judge
(a story names its hero's village). Matching uses ``contest.textnorm.bare_view``;
the address and contact patterns are ``contest.contacts``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from contest.contacts import (
    EMAIL_RE,
    PHONE_RE,
    locality_spans,
    map_span,
    merged_spans,
    street_spans,
)
from contest.textnorm import bare_view

__all__ = [
    "ADVISORY_KINDS",
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
_MIN_NEEDLE = 3  # folded characters; shorter names/units would match everywhere

# Address parts specific enough to look for alone ("số 77", "ngõ 12", "thôn Đông").
_PLACE_WORDS = frozenset(
    {"so", "nha", "ngo", "ngach", "hem", "kiet", "pho", "duong", "thon", "xom", "ap"}
    | {"ban", "to", "khu", "tap", "chung", "toa", "tdp", "kp"}
)
_ALLEYS = frozenset({"ngo", "ngach", "hem", "kiet"})


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


def _tokens(value: str) -> list[str]:
    """The folded words of a needle ("Nguyễn Văn-An" → ["nguyen", "van", "an"])."""
    return re.findall(r"\w+", bare_view(value)[0])


def _split_names(values: Iterable[str]) -> list[str]:
    """Comma- or semicolon-separated declared values, one by one."""
    return [part for value in values for part in re.split(r"[,;]", value or "")]


def _address_needles(addresses: Iterable[str]) -> list[str]:
    """Each address whole, and its parts specific enough to find alone: those with
    a number or a street-level word ("ngõ 12", "phố Hàng Bạc", "thôn Đông"). An
    address of wards and districts only ("phường Phú Lâm, quận Long Biên") is not
    looked for: stories name their hero's ward and district all the time."""
    needles = []
    for address in addresses:
        if not address or not address.strip():
            continue
        specific = []
        for part in re.split(r"[,;]| - ", address):
            words = _tokens(part)
            if words and (words[0] in _PLACE_WORDS or re.search(r"\d", part)):
                specific.append(part)
            # "Số 77 ngõ 12 phố Hàng Bạc" is also written "ngõ 12 phố Hàng Bạc".
            for index, word in enumerate(words[1:-1], start=1):
                if word in _ALLEYS and words[index + 1].isdigit():
                    specific.append(" ".join(words[index:]))
        if specific:
            needles += [address, *specific]
    return needles


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
        has_hit = any(
            start <= h.start and h.end <= end and h.kind not in ADVISORY_KINDS
            for h in found
        )
        if has_hit or _looks_like_name(bare):
            yield _trimmed(text, start, end)


def scan(text: str, identity: Identity) -> list[Hit]:
    """Every place in ``text`` that may identify the authors, sorted by position.

    A span found in several ways is reported once, with its most specific kind.
    """
    view = bare_view(text, lower=False)  # for the address patterns (case matters)
    folded, origin = view[0].lower(), view[1]
    if len(folded) != len(view[0]):  # a letter whose lowercase is longer (rare)
        folded, origin = bare_view(text)
    found: dict[tuple[int, int], HitKind] = {}

    def add(start: int, end: int, kind: HitKind) -> None:
        found.setdefault((start, end), kind)

    for kind, values in (
        (HitKind.NAME, identity.names),
        (HitKind.PEN_NAME, _split_names(identity.pen_names)),
        (HitKind.UNIT, identity.units),
        (HitKind.ADDRESS, _address_needles(identity.addresses)),
    ):
        for pattern in filter(None, map(_needle_re, _unique(values))):
            for match in pattern.finditer(folded):
                add(*map_span(origin, text, *match.span()), kind)
    digits = re.sub(r"\D", "", text)  # cheap test before the costly patterns
    for phone in _unique(identity.phones):
        pattern = _phone_re(phone)
        if pattern is None or _phone_digits(phone) not in digits:
            continue
        for match in pattern.finditer(text):
            add(*match.span(), HitKind.PHONE)
    emails = {e.strip().casefold() for e in identity.emails if e.strip()}
    for match in EMAIL_RE.finditer(text) if "@" in text else ():
        kind = HitKind.EMAIL if match.group().casefold() in emails else HitKind.CONTACT
        add(*match.span(), kind)
    for match in PHONE_RE.finditer(text):
        if not any(s <= match.start() < e for (s, e) in found):
            add(*match.span(), HitKind.CONTACT)
    for kind, spans in (
        (HitKind.STREET, street_spans(text, view)),
        (HitKind.LOCALITY, locality_spans(text, view)),
    ):
        for start, end in spans:
            if not any(s <= start and end <= e for (s, e) in found):
                add(start, end, kind)
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
