"""The one paragraph separation (contest.textnorm): pasted text, extracted text, the
reading view, the word count and the anthology all split paragraphs the same way."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contest.paragraphs import (
    drop_repeated_title,
    join_paragraphs,
    paragraph_text,
    paragraphs,
)
from contest.textnorm import bare_view, word_count


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("Một.\r\nHai.\r\nBa.", "Một.\n\nHai.\n\nBa."),  # one Enter per paragraph
        ("Một.\n\n\n\nHai.", "Một.\n\nHai."),
        ("Câu một\ncâu hai.\n\nĐoạn hai.", "Câu một\ncâu hai.\n\nĐoạn hai."),
        ("  Thụt đầu dòng.  \n \t\n  Đoạn hai.", "Thụt đầu dòng.\n\nĐoạn hai."),
        ("Một.\u2029Hai.", "Một.\n\nHai."),  # Word's paragraph separator
        (" \n ", ""),
    ],
)
def test_pasted_text_gets_the_one_separation(pasted, expected):
    assert paragraph_text(pasted) == expected


def test_join_paragraphs_keeps_line_breaks_inside_a_paragraph():
    joined = join_paragraphs(["Tiêu đề", "", "Dòng 1\nDòng 2", "  ", "Hết."])
    assert joined == "Tiêu đề\n\nDòng 1\nDòng 2\n\nHết."
    assert paragraphs(joined) == ["Tiêu đề", "Dòng 1\nDòng 2", "Hết."]


_TEXT = st.lists(
    st.text(alphabet=st.sampled_from("aăâđêôơư Ả\n\r\t.,"), max_size=30),
    max_size=8,
)


@given(_TEXT)
def test_the_separation_keeps_every_word(items):
    """Joined paragraphs keep all their words and never hold two blank lines."""
    text = join_paragraphs(items)
    assert word_count(text) == word_count(" ".join(items))
    assert "\n\n\n" not in text


@given(st.one_of(_TEXT.map(join_paragraphs), _TEXT.map("".join), st.text()))
def test_the_separation_is_idempotent(text):
    """Saving the form again changes nothing, whatever was pasted."""
    once = paragraph_text(text)
    assert paragraph_text(once) == once


_LINES = st.lists(st.sampled_from(["Mẹ", "Mẹ!", "MẸ", "Mẹ tôi.", "", "Con."]))


@given(_LINES.map("\n\n".join), st.sampled_from(["Mẹ", "Con", ""]))
def test_dropping_the_title_twice_drops_no_more(text, title):
    """A second save of the same text and title changes nothing."""
    once = drop_repeated_title(text, title)
    assert drop_repeated_title(once, title) == once


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Người giữ lửa\n\nĐoạn một.", "Người giữ lửa", "Đoạn một."),
        ("NGƯỜI GIỮ LỬA\n\nĐoạn một.", "Người giữ lửa", "Đoạn một."),
        ("“Người giữ lửa”\nĐoạn một.", "Người giữ lửa", "Đoạn một."),
        ("Nguoi giu lua\n\nĐoạn.", "Người giữ lửa", "Nguoi giu lua\n\nĐoạn."),
        (
            "Người giữ lửa ở xóm\n\nĐoạn.",
            "Người giữ lửa",
            "Người giữ lửa ở xóm\n\nĐoạn.",
        ),
        ("Người giữ lửa", "Người giữ lửa", "Người giữ lửa"),  # nothing else: kept
        ("Mẹ!\n\nMẹ!\n\nMẹ tôi.", "Mẹ", "Mẹ!\n\nMẹ!\n\nMẹ tôi."),  # the title twice
        ("Đoạn một.", "", "Đoạn một."),
    ],
)
def test_a_title_repeated_on_the_first_line_is_dropped(text, title, expected):
    assert drop_repeated_title(text, title) == expected


def test_bare_view_keeps_positions():
    assert bare_view("Đặng Thùy") == ("dang thuy", None)
    assert bare_view("Đặng Thùy", lower=False) == ("Dang Thuy", None)
    nfd = unicodedata.normalize("NFD", "Hoà An")
    view, origin = bare_view(nfd)
    assert view == "hoa an" and len(origin) == len(view)
    assert nfd[origin[4] :].startswith("A")
