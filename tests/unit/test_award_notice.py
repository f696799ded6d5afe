"""Placeholders of the winner notices: what is refused, and how a text is filled."""

from __future__ import annotations

import pytest

from judging.awards.core.notice import (
    DEFAULTS,
    PLACEHOLDERS,
    Audience,
    Problem,
    prize_line,
    prize_name,
    problems,
    render,
)

WINNER = PLACEHOLDERS[Audience.WINNER]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kính gửi {ten_tac_gia}", []),
        ("{ten_bai} – {giai} – Bảng {bang} – {cuoc_thi}", []),
        ("Không có chỗ trống", []),
        ("Kính gửi {ten_nguoi}", [Problem("unknown", "ten_nguoi")]),
        ("{x} và {x}", [Problem("unknown", "x")]),
        ("{}", [Problem("unknown", "")]),
        ("Kính gửi {ten_tac_gia", [Problem("unclosed")]),
        ("Kính gửi ten_tac_gia}", [Problem("unclosed")]),
        ("{{ten_bai}}", [Problem("unclosed")]),
        ("{ten_bai.__class__}", [Problem("unknown", "ten_bai.__class__")]),
    ],
)
def test_problems(text, expected):
    """Unknown names and open braces are reported once each, in order."""
    assert problems(text, WINNER) == expected


def test_unit_placeholders_are_not_winner_placeholders():
    """Each audience has its own set: {ten_don_vi} is not known to the winners'."""
    assert problems("{ten_don_vi}", WINNER) == [Problem("unknown", "ten_don_vi")]
    assert problems("{ten_don_vi}", PLACEHOLDERS[Audience.UNIT]) == []


def test_render_fills_values_as_they_are():
    """Values are inserted literally, even when they hold braces or percent signs."""
    values = {"ten_tac_gia": "Đặng {giai} 100%", "giai": "Giải Nhì"}
    assert render("{ten_tac_gia}: { giai }", values) == "Đặng {giai} 100%: Giải Nhì"


@pytest.mark.parametrize("audience", list(Audience))
def test_defaults_are_valid(audience):
    """The texts an edition starts with use only their audience's placeholders."""
    subject, body = DEFAULTS[audience]
    assert problems(subject, PLACEHOLDERS[audience]) == []
    assert problems(body, PLACEHOLDERS[audience]) == []


def test_prize_names():
    """Vietnamese prize names and one line of a unit's list."""
    assert prize_name("nhi") == "Giải Nhì"
    assert prize_name("dac_biet") == "Giải Đặc biệt"
    assert (
        prize_line("ba", "Bài viết", "Bếp cơm", ["An", "Bình"])
        == "- Giải Ba – Bảng Bài viết: «Bếp cơm» (An, Bình)"
    )
