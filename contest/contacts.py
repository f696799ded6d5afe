"""PURE: contact details anyone typed into a text: emails, phones, street addresses.

Judges must never see them (``judging.identity.core`` reports them) and the public
must not either: ``scrub_contacts`` blanks them in what the results pages and the
published downloads show. Addresses are found the way Vietnamese addresses are
written, on the accent-free view of ``contest.textnorm.bare_view`` so "ngõ" and
"ngo" match alike:
- a street address: "Số 77 ngõ 12 phố Hàng Bạc, phường Hàng Đào, quận Hoàn Kiếm",
  "số nhà 5 Lê Lợi", "số 5 Lê Lợi, phường Bến Nghé", "ngõ 12 …", "hẻm 45/3 …", with
  the ward, district and city parts that follow it; a bare "số 1 Thanh Xuân" is
  a name ("Trường Tiểu học số 1 Thanh Xuân"), not a house;
- a village address: "thôn Đông, xã Tiên Phong, huyện Mê Linh" (a hamlet followed
  by its commune or ward).
Spans are [start, end) over the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from contest.textnorm import bare_view

__all__ = [
    "EMAIL_RE",
    "PHONE_RE",
    "contact_spans",
    "locality_spans",
    "map_span",
    "merged_spans",
    "scrub_contacts",
    "street_spans",
]

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A Vietnamese phone number as people write it: 0912 345 678, 0912.345.678,
# (+84) 912 345 678, 024 3825 1234.
PHONE_RE = re.compile(
    r"(?<![\d\w])(?:\(?\+?84\)?[\s.\-]?|0)\d{2,3}(?:[\s.\-]?\d{3,4}){2}(?!\d)"
)

# On the accent-free, case-kept view: a place name is up to six capitalised words
# or a number ("Hàng Bạc", "12", "45/3", "7A").
_WORD = r"(?:[A-Z][A-Za-z]*|\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*)"
_NAME = rf"{_WORD}(?:[ ]{_WORD}){{0,5}}"
_STREET_LEVEL = (
    r"(?i:ngo|ngach|hem|kiet|pho|duong|to dan pho|khu pho|khu tap the|tap the"
    r"|khu do thi|chung cu|toa nha|thon|xom)"
)
_ADMIN = (
    r"(?:(?i:phuong|xa|thi tran|quan|huyen|thi xa|thanh pho|tinh)[ ]+"
    r"|(?:P|Q|TP|TX|H)\.[ ]?)"
)
_PART = rf"(?:{_STREET_LEVEL}[ ]+|{_ADMIN}){_NAME}"
_SEP = r"(?:[ ]*[,;\-–][ ]*|[ ]+)"
_TAIL = rf"(?:{_SEP}{_PART})*"
_NUMBER = r"\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*"
# A ward, commune or district (not a province or city: "Bệnh viện số 2 Lào Cai,
# tỉnh Lào Cai" names a hospital, not a house).
_WARD = (
    r"(?:(?i:phuong|xa|thi tran|quan|huyen|thi xa)[ ]+"
    r"|(?:P|Q|TX|H)\.[ ]?)"
)
# "số 5" alone is no house: "Trường Tiểu học số 1 Thanh Xuân", "Công ty May số 10
# Hà Nội". It is one with "nhà", with a street-level word after it, or with a ward,
# commune or district after the street name.
_STREET_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?:(?i:so nha|nha so)[ ]+{_NUMBER}(?:{_SEP}{_PART}|[ ]+{_NAME})"
    rf"|(?i:so)[ ]+{_NUMBER}(?:{_SEP}{_STREET_LEVEL}[ ]+{_NAME}"
    rf"|(?:[ ]+{_NAME})?{_SEP}{_WARD}{_NAME})"
    rf"|(?i:ngo|ngach|hem|kiet)[ ]+{_NUMBER}(?:[ ]+{_NAME})?)"
    rf"{_TAIL}"
)
_LOCALITY_RE = re.compile(
    rf"(?<![A-Za-z])(?i:thon|xom|ap|ban|to dan pho|khu pho)[ ]+{_NAME}"
    rf"[ ]*[,;\-–][ ]*(?i:xa|phuong|thi tran)[ ]+{_NAME}{_TAIL}"
)


def map_span(
    origin: list[int] | None, text: str, start: int, end: int
) -> tuple[int, int]:
    """A span of ``bare_view(text)`` as a span of ``text`` (trailing marks included)."""
    if origin is None:
        return start, end
    real_start, real_end = origin[start], origin[end - 1] + 1
    while real_end < len(text) and "\u0300" <= text[real_end] <= "\u036f":
        real_end += 1
    return real_start, real_end


def _spans(
    pattern: re.Pattern[str], text: str, view: tuple[str, list[int] | None] | None
) -> Iterator[tuple[int, int]]:
    view, origin = view or bare_view(text, lower=False)
    for match in pattern.finditer(view):
        start, end = match.span()
        while end > start and not view[end - 1].isalnum():
            end -= 1  # a separator the pattern took before a part that did not come
        yield map_span(origin, text, start, end)


def street_spans(
    text: str, view: tuple[str, list[int] | None] | None = None
) -> list[tuple[int, int]]:
    """Street addresses (house number or alley, then street, ward, district…).
    ``view``: ``bare_view(text, lower=False)`` when the caller has it already."""
    return list(_spans(_STREET_RE, text, view))


def locality_spans(
    text: str, view: tuple[str, list[int] | None] | None = None
) -> list[tuple[int, int]]:
    """Village addresses: a hamlet followed by its commune or ward."""
    return list(_spans(_LOCALITY_RE, text, view))


def contact_spans(text: str) -> list[tuple[int, int]]:
    """Every email, phone number and street address in ``text``."""
    spans = [m.span() for m in EMAIL_RE.finditer(text)] if "@" in text else []
    spans += [m.span() for m in PHONE_RE.finditer(text)]
    return spans + street_spans(text)


def merged_spans(
    spans: Iterable[tuple[int, int]], length: int
) -> list[tuple[int, int]]:
    """Spans clipped to a text of ``length`` and merged where they overlap or touch."""
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


def scrub_contacts(
    text: str, extra: Iterable[tuple[int, int]] = (), mark: str = "[…]"
) -> str:
    """``text`` with every contact detail (and the ``extra`` spans) replaced by
    ``mark``: what the public may read of a text or title a writer typed."""
    pieces: list[str] = []
    position = 0
    for start, end in merged_spans([*contact_spans(text), *extra], len(text)):
        pieces += [text[position:start], mark]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
