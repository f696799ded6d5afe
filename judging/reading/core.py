"""What a judge sees, as plain values (pure): the blind entry and its queue line, the
queue's reading states, filters, progress and due dates.

No Flask, no session: judging.reading.services.blind builds BlindEntry and BlindHeading
values from rows (the one place that decides what a judge may know), and
judging.reading.services.queue turns rows into QueueItem values; everything here works
on those. The search folds case, accents and Unicode form with the one normaliser
(contest.textnorm.search_key), so "nguoi lai do" finds "Người lái đò".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from contest.paragraphs import paragraphs
from contest.textnorm import search_key


@dataclass(frozen=True)
class BlindFeatured:
    """A featured person or collective as judges see them (no contact)."""

    name: str
    is_collective: bool
    birth_year: int | None
    collective_type: str
    unit_name: str
    locality: str
    field_name: str
    summary: str


@dataclass(frozen=True)
class BlindHeading:
    """An entry as a judge's queue lists it: code, round, title, track and field."""

    code: str
    round_name: str
    title: str
    track: str
    field: str


@dataclass(frozen=True)
class BlindEntry:
    """An entry as one judge reads it in one round (never author names, contacts,
    units, the entry number, the owner or original files: a new field here is a
    decision about anonymity, see judging.reading.services.blind and the canary test
    tests/test_anonymity.py)."""

    code: str
    round_name: str
    title: str
    track: str
    field: str
    genre: str
    text: str
    word_count: int
    featured: tuple[BlindFeatured, ...]
    photo_ids: tuple[int, ...]  # Attachment ids with a metadata-free copy

    @property
    def paragraphs(self) -> list[str]:
        """The numbered paragraphs of the reading view (contest.paragraphs' one separation)."""
        return paragraphs(self.text)


class ReadingState(StrEnum):
    """Where one reading stands for the judge."""

    NEW = "new"  # never opened
    OPENED = "opened"  # opened, no score sheet yet
    DRAFT = "draft"  # a draft sheet is saved
    SUBMITTED = "submitted"  # the sheet is submitted and locked


def state_of(opened: bool, sheet_status: str | None) -> ReadingState:
    """The reading's state from "opened yet?" and its sheet's status (None: no sheet)."""
    if sheet_status == ReadingState.SUBMITTED:
        return ReadingState.SUBMITTED
    if sheet_status is not None:
        return ReadingState.DRAFT
    return ReadingState.OPENED if opened else ReadingState.NEW


@dataclass(frozen=True)
class QueueItem:
    """One entry in a judge's queue."""

    entry: BlindHeading
    round_id: int
    state: ReadingState

    @property
    def opened(self) -> bool:
        """True once the judge has opened the entry."""
        return self.state != ReadingState.NEW


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters ("" = all)."""

    state: str = ""
    track: str = ""
    field: str = ""
    q: str = ""


def filter_items(items: Iterable[QueueItem], filters: QueueFilters) -> list[QueueItem]:
    """The items that pass every filter; the search looks in the code and the title."""
    needle = search_key(filters.q).strip()
    out = []
    for item in items:
        if filters.state and item.state != filters.state:
            continue
        if filters.track and item.entry.track != filters.track:
            continue
        if filters.field and item.entry.field != filters.field:
            continue
        if needle and needle not in search_key(f"{item.entry.code} {item.entry.title}"):
            continue
        out.append(item)
    return out


class DueKind(StrEnum):
    """How a round's deadline stands today."""

    NONE = "none"  # the round has no end date
    OVERDUE = "overdue"
    TODAY = "today"
    DAYS_LEFT = "days_left"


@dataclass(frozen=True)
class Due:
    """A deadline as the judge reads it."""

    kind: DueKind
    days: int = 0


def due(ends_at: datetime | None, now: datetime, zone: tzinfo) -> Due:
    """Overdue, due today, or whole calendar days left, counted in the edition's zone."""
    if ends_at is None:
        return Due(DueKind.NONE)
    if now >= ends_at:
        return Due(DueKind.OVERDUE)
    days = (ends_at.astimezone(zone).date() - now.astimezone(zone).date()).days
    return Due(DueKind.TODAY) if days <= 0 else Due(DueKind.DAYS_LEFT, days)


@dataclass(frozen=True)
class RoundProgress:
    """One round of the judge's queue: submitted sheets out of readings, deadline."""

    round_id: int
    name: str
    done: int
    total: int
    ends_at: datetime | None
    ends_local: str  # "dd/mm/yyyy HH:MM" in the edition's zone ("" without an end)
    due: Due

    @property
    def percent(self) -> int:
        """Share of submitted readings, 0–100, rounded down."""
        return self.done * 100 // self.total if self.total else 0


def _local(value: datetime | None, zone: tzinfo) -> str:
    """``value`` as "dd/mm/yyyy HH:MM" in ``zone`` ("" for None)."""
    return value.astimezone(zone).strftime("%d/%m/%Y %H:%M") if value else ""


def progress(
    items: Iterable[QueueItem],
    rounds: Iterable[tuple[int, str, datetime | None]],
    now: datetime,
    zone_of: dict[int, tzinfo],
) -> list[RoundProgress]:
    """Per round (id, name, end), in the given order: the judge's submitted/total."""
    done: dict[int, int] = {}
    total: dict[int, int] = {}
    for item in items:
        total[item.round_id] = total.get(item.round_id, 0) + 1
        if item.state == ReadingState.SUBMITTED:
            done[item.round_id] = done.get(item.round_id, 0) + 1
    return [
        RoundProgress(
            round_id,
            name,
            done.get(round_id, 0),
            total[round_id],
            ends_at,
            _local(ends_at, zone_of[round_id]),
            due(ends_at, now, zone_of[round_id]),
        )
        for round_id, name, ends_at in rounds
        if round_id in total
    ]
