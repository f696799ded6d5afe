"""The organizer's entries list as values: filters, sort orders, problem flags (see
``contest.services.entry_queries``), rows and pages, and the plain rules behind them
(the search phrase and search text, shared featured people, an entry's flags, page
counts). No queries here: ``entry_queries`` runs them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from contest.models import Entry, EntryStatus
from contest.textnorm import search_key

PER_PAGE = 50
ALL_STATUSES = "all"  # the status filter value that includes drafts
# Statuses in which an entry still competes (a unit check is still meaningful).
COMPETING = (
    EntryStatus.SUBMITTED,
    EntryStatus.FORWARDED,
    EntryStatus.UNDER_REVIEW,
    EntryStatus.SHORTLISTED,
    EntryStatus.AWARDED,
)


class ProblemFlag(StrEnum):
    """Something an organizer may want to look at (listed in the entry_queries docstring)."""

    NEEDS_TYPING = "needs_typing"
    OVER_LIMIT = "over_limit"
    UNVERIFIED = "unverified"
    SHARED_FEATURED = "shared_featured"
    NEVER_SUBMITTED = "never_submitted"
    NO_UNIT = "no_unit"


class SortKey(StrEnum):
    """Orders of the entries list."""

    NUMBER = "number"
    NEWEST = "newest"
    OLDEST = "oldest"
    TITLE = "title"
    AUTHOR = "author"


@dataclass(frozen=True)
class EntryFilters:
    """What the organizer asked for; empty values filter nothing.

    ``status`` "" means every entry that was ever submitted (drafts hidden),
    ``ALL_STATUSES`` includes drafts, anything else is one ``EntryStatus``.
    """

    q: str = ""
    track_id: int | None = None
    field_id: int | None = None
    unit_id: int | None = None
    cluster_id: int | None = None
    status: str = ""
    problem: ProblemFlag | None = None
    sort: SortKey = SortKey.NUMBER


@dataclass
class EntryRow:
    """One line of the list: the entry, its current word count and its problems."""

    entry: Entry
    words: int | None
    flags: list[ProblemFlag] = field(default_factory=list)


@dataclass(frozen=True)
class EntryLine:
    """One line of the list page, as plain values: the names joined, the labels
    ("None": the entry has no unit, cluster, track or field)."""

    id: int
    number: str | None
    title: str
    authors: str
    unit: str | None
    cluster: str | None
    featured: str
    track: str | None
    field: str | None
    words: int | None
    status: str
    submitted_at: datetime | None
    flags: list[ProblemFlag]


@dataclass
class EntryPage:
    """A page of the list and where it sits among all pages."""

    rows: list[EntryLine]
    total: int
    page: int
    pages: int


def search_phrase(query: str) -> str:
    """What a search looks for: the accent-free words, prefixed by a space.

    "Nguyễn  Văn" → " nguyen van": the words must follow each other, and the first
    must start a word ("an" finds "An" but not "Lan"); "" for an empty query.
    """
    words = search_key(query).split()
    return " " + " ".join(words) if words else ""


def build_search_text(number: str | None, title: str, people: Iterable[str]) -> str:
    """The accent-free text an entry is found by: number, title, author and featured names.

    Parts are kept apart by " | " so that a phrase never matches across two names. The
    number also appears without its zero padding, so "123" finds HN2026-000123.
    """
    parts = [search_key(part) for part in (title, *people) if part]
    if number:
        serial = number.rsplit("-", 1)[-1].lstrip("0")
        parts.insert(0, f"{search_key(number)} {serial}".strip())
    return " " + " | ".join(parts) + " "


# search_key of featured names, kept per process: the list folds every name of the
# edition (2,500 and more) on each page, and the names hardly change.
_name_key = lru_cache(maxsize=65536)(search_key)


def shared_entry_ids(pairs: Iterable[tuple[int, str]]) -> set[int]:
    """Ids of entries whose featured person's name (accents ignored) is in another entry."""
    by_name: dict[str, set[int]] = defaultdict(set)
    for entry_id, name in pairs:
        key = _name_key(name)
        if key:
            by_name[key].add(entry_id)
    return {i for ids in by_name.values() if len(ids) > 1 for i in ids}


def row_flags(
    *,
    status: str,
    needs_typing: bool,
    words: int | None,
    word_limit: int | None,
    checked_by_unit: bool,
    has_unit: bool,
    shared: bool,
) -> list[ProblemFlag]:
    """The problems of one entry, in the order of ``ProblemFlag``."""
    flags = []
    if needs_typing:
        flags.append(ProblemFlag.NEEDS_TYPING)
    if words is not None and word_limit is not None and words > word_limit:
        flags.append(ProblemFlag.OVER_LIMIT)
    if status in COMPETING and not checked_by_unit:
        flags.append(ProblemFlag.UNVERIFIED)
    if shared:
        flags.append(ProblemFlag.SHARED_FEATURED)
    if status == EntryStatus.DRAFT:
        flags.append(ProblemFlag.NEVER_SUBMITTED)
    if not has_unit:
        flags.append(ProblemFlag.NO_UNIT)
    return flags


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` rows fill (at least one, so page 1 always exists)."""
    return max(1, -(-total // per_page))
