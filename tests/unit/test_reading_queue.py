"""The judge queue's pure parts: states, filters, due dates, progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from judging.reading.core import (
    BlindHeading,
    Due,
    DueKind,
    QueueFilters,
    QueueItem,
    ReadingState,
    due,
    filter_items,
    progress,
    state_of,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def item(code: str, title: str, state=ReadingState.NEW, round_id=1, track="Bài viết"):
    """A queue item with just what the filters look at."""
    entry = BlindHeading(code, "Sơ khảo", title, track, "Y tế")
    return QueueItem(entry, round_id, state)


@pytest.mark.parametrize(
    ("opened", "status", "expected"),
    [
        (False, None, ReadingState.NEW),
        (True, None, ReadingState.OPENED),
        (False, "draft", ReadingState.DRAFT),  # autosaved before the open was noted
        (True, "draft", ReadingState.DRAFT),
        (True, "submitted", ReadingState.SUBMITTED),
    ],
)
def test_state_of(opened, status, expected):
    """A sheet decides the state; without one, whether the entry was opened."""
    assert state_of(opened, status) == expected


def test_filters_combine_and_fold_accents():
    """State, track and the search (code or title, any case or accent) all apply."""
    items = [
        item("SK-AAAAAA", "Người lái đò"),
        item("SK-BBBBBB", "Bếp cơm", ReadingState.SUBMITTED),
        item("SK-CCCCCC", "Người thầy", track="Tác phẩm báo chí"),
    ]
    codes = lambda found: [i.entry.code for i in found]  # noqa: E731
    assert codes(filter_items(items, QueueFilters(q="NGUOI"))) == [
        "SK-AAAAAA",
        "SK-CCCCCC",
    ]
    assert codes(filter_items(items, QueueFilters(q="sk-bbb"))) == ["SK-BBBBBB"]
    assert codes(filter_items(items, QueueFilters(state="submitted"))) == ["SK-BBBBBB"]
    assert codes(
        filter_items(items, QueueFilters(q="người", track="Tác phẩm báo chí"))
    ) == ["SK-CCCCCC"]
    assert filter_items(items, QueueFilters()) == items


def test_due_counts_calendar_days_in_the_edition_zone():
    """23:00 on the 1st in Hanoi to 08:00 on the 2nd is "1 day left", not 0."""
    now = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # 23:00 in Hanoi
    tomorrow = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)  # 08:00 in Hanoi
    assert due(tomorrow, now, HANOI) == Due(DueKind.DAYS_LEFT, 1)
    assert due(now + timedelta(minutes=30), now, HANOI) == Due(DueKind.TODAY)
    assert due(now, now, HANOI) == Due(DueKind.OVERDUE)
    assert due(None, now, HANOI) == Due(DueKind.NONE)


def test_progress_per_round_in_round_order():
    """Submitted out of all readings, per round; rounds without readings are left out."""
    now = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    ends = datetime(2026, 12, 5, 10, 30, tzinfo=UTC)
    items = [
        item("A", "a", ReadingState.SUBMITTED),
        item("B", "b", ReadingState.DRAFT),
        item("C", "c", ReadingState.SUBMITTED, round_id=2),
    ]
    rounds = [(2, "Chung khảo", None), (1, "Sơ khảo", ends), (3, "Vòng khác", None)]
    result = progress(items, rounds, now, {1: HANOI, 2: HANOI, 3: HANOI})
    assert [(r.round_id, r.done, r.total, r.percent) for r in result] == [
        (2, 1, 1, 100),
        (1, 1, 2, 50),
    ]
    assert result[1].ends_local == "05/12/2026 17:30"
    assert result[1].due == Due(DueKind.DAYS_LEFT, 3)
