"""One score format: a decimal comma in Vietnamese ("82,75"), a dot in English."""

from __future__ import annotations

import pytest

from contest.numbers import format_score


@pytest.mark.parametrize(
    ("value", "kwargs", "vi", "en"),
    [
        (82.75, {}, "82,75", "82.75"),
        (69, {}, "69,00", "69.00"),  # the judge saw "69.00 / 100"
        (7.5, {"digits": None}, "7,5", "7.5"),  # criterion points: only what it has
        (8.0, {"digits": None}, "8", "8"),
        (3.14159, {"digits": 1}, "3,1", "3.1"),
        (1.234, {"signed": True}, "+1,23", "+1.23"),  # a lenient judge's offset
        (-1.234, {"signed": True}, "-1,23", "-1.23"),
        (1234.5, {}, "1.234,50", "1,234.50"),
        (None, {}, "", ""),
    ],
)
def test_scores_follow_the_language(value, kwargs, vi, en):
    """Same number, the reader's convention."""
    assert format_score(value, locale="vi", **kwargs) == vi
    assert format_score(value, locale="en", **kwargs) == en


def test_outside_a_request_the_format_is_vietnamese():
    """CLI commands and jobs have no request: Vietnamese, the contest's language."""
    assert format_score(82.75) == "82,75"
