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

from contest.contacts import (
    EMAIL_RE,
    PHONE_RE,
    locality_spans,
    map_span,
    street_spans,
)
from contest.textnorm import bare_view
from judging.identity.core.hits import (
    ADVISORY_KINDS,
    Hit,
    HitKind,
    Identity,
    covered,
    redact,
    snippet,
)
from judging.identity.core.lines import label_lines, signature_lines
from judging.identity.core.needles import (
    address_needles,
    needle_re,
    phone_digits,
    phone_re,
    split_names,
    unique,
)

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
        (HitKind.PEN_NAME, split_names(identity.pen_names)),
        (HitKind.UNIT, identity.units),
        (HitKind.ADDRESS, address_needles(identity.addresses)),
    ):
        for pattern in filter(None, map(needle_re, unique(values))):
            for match in pattern.finditer(folded):
                add(*map_span(origin, text, *match.span()), kind)
    digits = re.sub(r"\D", "", text)  # cheap test before the costly patterns
    for phone in unique(identity.phones):
        pattern = phone_re(phone)
        if pattern is None or phone_digits(phone) not in digits:
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
    for start, end in label_lines(text):
        add(start, end, HitKind.AUTHOR_LINE)
    hits = [Hit(s, e, k, text[s:e]) for (s, e), k in found.items()]
    for start, end in signature_lines(text, hits):
        if (start, end) not in found:
            hits.append(Hit(start, end, HitKind.SIGNATURE, text[start:end]))
    return sorted(hits)
