"""Patterns of an author's declared values (names, pen names, units, addresses,
phones) over the accent-free view of a text (``contest.textnorm.bare_view``; pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from contest.textnorm import bare_view

_MIN_NEEDLE = 3  # folded characters; shorter names/units would match everywhere

# Address parts specific enough to look for alone ("số 77", "ngõ 12", "thôn Đông").
_PLACE_WORDS = frozenset(
    {"so", "nha", "ngo", "ngach", "hem", "kiet", "pho", "duong", "thon", "xom", "ap"}
    | {"ban", "to", "khu", "tap", "chung", "toa", "tdp", "kp"}
)
_ALLEYS = frozenset({"ngo", "ngach", "hem", "kiet"})


def tokens(value: str) -> list[str]:
    """The folded words of a needle ("Nguyễn Văn-An" → ["nguyen", "van", "an"])."""
    return re.findall(r"\w+", bare_view(value)[0])


def split_names(values: Iterable[str]) -> list[str]:
    """Comma- or semicolon-separated declared values, one by one."""
    return [part for value in values for part in re.split(r"[,;]", value or "")]


def address_needles(addresses: Iterable[str]) -> list[str]:
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
            words = tokens(part)
            if words and (words[0] in _PLACE_WORDS or re.search(r"\d", part)):
                specific.append(part)
            # "Số 77 ngõ 12 phố Hàng Bạc" is also written "ngõ 12 phố Hàng Bạc".
            for index, word in enumerate(words[1:-1], start=1):
                if word in _ALLEYS and words[index + 1].isdigit():
                    specific.append(" ".join(words[index:]))
        if specific:
            needles += [address, *specific]
    return needles


def needle_re(value: str) -> re.Pattern[str] | None:
    """Whole-word pattern of a name or unit, any punctuation/spacing between words."""
    words = tokens(value)
    if sum(len(t) for t in words) < _MIN_NEEDLE:
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)")


def phone_digits(value: str) -> str:
    """The national significant digits of a phone number (no 0, no +84)."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("84") and len(digits) >= 11:
        return digits[2:]
    return digits.removeprefix("0")


def phone_re(value: str) -> re.Pattern[str] | None:
    """Pattern of one author's phone with any separators and either prefix."""
    digits = phone_digits(value)
    if len(digits) < 8:
        return None
    body = r"[\s.\-]*".join(digits)
    return re.compile(r"(?<![\d])(?:\(?\+?84\)?[\s.\-]*|0[\s.\-]*)?" + body + r"(?!\d)")


def unique(values: Iterable[str]) -> list[str]:
    """Non-empty values, each once, in order."""
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
