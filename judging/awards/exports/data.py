"""Plain data the award documents are made from (pure: no Flask, no database).

The award list, decision annex, certificates and anthology renderers take these frozen
dataclasses, so they do not depend on how the award layer stores its results. Every
text field is put in Unicode NFC on creation: a name typed on a Mac (NFD) must print
and sort exactly like the same name typed on Windows.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from contest.paragraphs import paragraphs
from contest.textnorm import name_sort_key, nfc, vi_sort_key
from judging.awards.core import TIER_LABELS_VI, TIER_ORDER, Tier

__all__ = [
    "AnthologyStory",
    "AwardRow",
    "EditionInfo",
    "award_sort_key",
    "long_date_vi",
    "sorted_awards",
]


def _normalise(instance: object) -> None:
    """Put every str (or tuple of str) field of a frozen dataclass in NFC, stripped."""
    for field in fields(instance):  # type: ignore[arg-type]
        value = getattr(instance, field.name)
        if isinstance(value, str):
            object.__setattr__(instance, field.name, nfc(value).strip())
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            cleaned = tuple(nfc(v).strip() for v in value)
            object.__setattr__(instance, field.name, tuple(v for v in cleaned if v))


def _tier_or_none(value: Tier | str | None) -> Tier | None:
    """A ``Tier`` from its code (ValueError for an unknown code), or None."""
    return None if value in (None, "") else Tier(value)


@dataclass(frozen=True)
class EditionInfo:
    """What the documents say about the edition and the decision that awards it."""

    title: str
    year: int
    organizer_name: str
    decision_number: str = ""  # e.g. "125/QĐ-BTC"
    decision_date: date | None = None
    preface: str = ""  # paragraphs separated by newlines
    place: str = "Hà Nội"  # the place in "Hà Nội, ngày … tháng … năm …"
    award_date: date | None = None  # the date printed on certificates

    def __post_init__(self) -> None:
        _normalise(self)


@dataclass(frozen=True)
class AwardRow:
    """One awarded entry as the award list, annex and certificates show it."""

    rank: int  # position in the track's final ranking (ties keep the given order)
    tier: Tier
    title: str
    authors: tuple[str, ...]
    author_unit: str = ""  # workplace unit or home address
    featured: tuple[str, ...] = ()  # featured person(s) or collective
    track: str = ""
    entry_number: str = ""
    track_order: int = 0  # tracks print in this order, then by name
    tier_label: str = ""  # defaults to the Vietnamese label of ``tier``

    def __post_init__(self) -> None:
        object.__setattr__(self, "tier", Tier(self.tier))
        object.__setattr__(self, "authors", tuple(self.authors))
        object.__setattr__(self, "featured", tuple(self.featured))
        _normalise(self)
        if not self.tier_label:
            object.__setattr__(self, "tier_label", TIER_LABELS_VI[self.tier])

    @property
    def author_names(self) -> str:
        """The authors as one line, "A, B"."""
        return ", ".join(self.authors)

    @property
    def featured_names(self) -> str:
        """The featured people as one line, "A, B"."""
        return ", ".join(self.featured)


@dataclass(frozen=True)
class AnthologyStory:
    """One story of the anthology "Những bông hoa đẹp"."""

    title: str
    authors: tuple[str, ...]
    text: str  # paragraphs separated by newlines
    featured_line: str = ""  # e.g. "Nhân vật: Bác sĩ Lưu Quỳnh Hương, Bệnh viện …"
    field: str = ""
    tier: Tier | None = None
    tier_label: str = ""
    photo: bytes | None = None  # any image Pillow reads; re-encoded on output
    photo_caption: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "tier", _tier_or_none(self.tier))
        object.__setattr__(self, "authors", tuple(self.authors))
        _normalise(self)
        if not self.tier_label and self.tier is not None:
            object.__setattr__(self, "tier_label", TIER_LABELS_VI[self.tier])

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs (textnorm's one paragraph separation)."""
        return paragraphs(self.text)


def award_sort_key(row: AwardRow) -> tuple:
    """Track (its order, then name), tier best first, then the rank within the track.

    A decision lists the winners of a prize in the order the jury ranked them, not by
    name; the first author's name only breaks a tie of equal ranks.
    """
    first_author = row.authors[0] if row.authors else ""
    return (
        row.track_order,
        _collation(row.track),
        TIER_ORDER.index(row.tier),
        row.rank,
        name_sort_key(first_author),
        row.entry_number,
    )


def sorted_awards(rows: list[AwardRow] | tuple[AwardRow, ...]) -> list[AwardRow]:
    """The rows in official order: grouped by track, then tier; by rank within."""
    return sorted(rows, key=award_sort_key)


def _collation(text: str) -> tuple:
    """A Vietnamese collation key that falls back to the text for symbol-only names."""
    return (vi_sort_key(text), text)


def long_date_vi(day: date | None, year: int) -> str:
    """ "ngày 05 tháng 10 năm 2025" (administrative style); blanks when no date yet.

    Vietnamese administrative documents pad days below 10 and months below 3 with a
    zero (Nghị định 30/2020/NĐ-CP), so that a date cannot be altered by hand.
    """
    if day is None:
        return f"ngày ..... tháng ..... năm {year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
