"""Unit tests of contest.textnorm, the one Vietnamese normaliser, on fixed lists."""

import random
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from contest.textnorm import (
    clean_text,
    fold,
    name_sort_key,
    nfc,
    search_key,
    strip_accents,
    syllables,
    vi_sort_key,
    word_count,
)
from contest.timezones import format_date, format_datetime


def nfd(text: str) -> str:
    """Decomposed form, as some Mac/phone keyboards and PDF extractors produce."""
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Hoà", "hòa"),
        ("hòa", "hòa"),
        ("thuý", "thúy"),
        ("Khoẻ", "khỏe"),
        ("Quý", "quý"),
        ("QUÝ", "quý"),
        ("gía", "giá"),
        ("gìn giữ", "gìn giữ"),
        ("hòan thành", "hoàn thành"),
        ("Hoàng", "hoàng"),
        ("ngoài", "ngoài"),
        ("khuỷu", "khuỷu"),
        ("Người tốt, việc tốt!", "người tốt việc tốt"),
        ("Nguyễn   Văn\tA", "nguyễn văn a"),
        ("“lan toả” — phong trào", "lan tỏa phong trào"),
        ("năm 2024: 1.500 chữ", "năm 2024 1 500 chữ"),
        ("señor café", "señor café"),
    ],
)
def test_fold_unifies_tone_placement_case_and_punctuation(
    typed: str, folded: str
) -> None:
    """Old and new tone placement, case and punctuation all give one matching view."""
    assert fold(typed) == folded


@pytest.mark.parametrize("text", ["Hoà bình", "Thuý Kiều khoẻ", "Đặng Thị Quỳnh"])
def test_fold_is_the_same_for_nfd_input(text: str) -> None:
    """A text pasted in decomposed Unicode matches the same text typed normally."""
    assert fold(nfd(text)) == fold(text)
    assert nfc(nfd(text)) == text


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Đặng Thùy Dương", "dang thuy duong"),
        ("Nguyễn Văn A", "nguyen van a"),
        ("HOÀ", "hoa"),
        ("Trường Tiểu học Lê Lợi", "truong tieu hoc le loi"),
    ],
)
def test_search_key_ignores_accents_and_case(text: str, key: str) -> None:
    """An organizer typing without accents ("Dang") still finds "Đặng"."""
    assert search_key(text) == key
    assert search_key(nfd(text)) == key
    assert strip_accents(text) == key


@pytest.mark.parametrize(
    ("query", "name"), [("Dang", "Đặng Thùy Dương"), ("nguyen van a", "Nguyễn Văn A")]
)
def test_search_key_lets_unaccented_queries_find_names(query: str, name: str) -> None:
    """Typing "Dang" finds "Đặng"; "nguyen van a" finds "Nguyễn Văn A"."""
    assert search_key(query) in search_key(name)


def test_syllables_drop_punctuation_and_keep_numbers() -> None:
    """Tokens are folded syllables; numbers stay, quotes and dashes go."""
    assert syllables("Ngày 10/10, anh Hoà — “người tốt”.") == [
        "ngày",
        "10",
        "10",
        "anh",
        "hòa",
        "người",
        "tốt",
    ]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("Người tốt việc tốt", 4),
        ("Ngày 10/10, anh ấy — “người tốt” ... 2.000 chữ !", 8),
        ("  Xin\u00a0chào\n\nbạn  ", 3),
        ("- - - ! ?", 0),
    ],
)
def test_word_count_counts_syllables_and_numbers_not_punctuation(
    text: str, count: int
) -> None:
    """The word limit counts each whitespace-separated syllable or number once."""
    assert word_count(text) == count


def test_clean_text_tidies_whitespace_but_keeps_the_writers_text() -> None:
    """Stored text has plain spaces and newlines, yet quotes and tone marks are kept."""
    raw = "\ufeff\r\n  \r\nAnh Hoà\u00a0nói:\u200b “Khoẻ”   \r\n\r\n\r\n\r\n"
    raw += "Dòng\tmới\u00ad \n\n"
    assert clean_text(raw) == "Anh Hoà nói: “Khoẻ”\n\nDòng mới"
    assert clean_text(nfd("Thuý")) == "Thuý"


def test_clean_text_keeps_one_blank_line_between_paragraphs() -> None:
    """Paragraph breaks survive; runs of empty lines become a single blank line."""
    assert clean_text("Một\n\nHai\n\n\n\n\nBa\nBốn") == "Một\n\nHai\n\nBa\nBốn"


SORTED_WORDS = [
    "a",
    "à",
    "ả",
    "ã",
    "á",
    "ạ",
    "ac",
    "ă",
    "â",
    "ba",
    "Da",
    "Dư",
    "Dương",
    "đa",
    "Đặng",
    "e",
    "ê",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
]


def test_vi_sort_key_orders_the_vietnamese_alphabet_and_six_tones() -> None:
    """Lists sort like a Vietnamese dictionary: Dư < Dương < Đặng; tones ngang..nặng."""
    shuffled = SORTED_WORDS[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=vi_sort_key) == SORTED_WORDS


@pytest.mark.parametrize(("left", "right"), [("Hoà", "hòa"), ("THUÝ", "thúy")])
def test_vi_sort_key_ignores_case_nfd_and_tone_placement(left: str, right: str) -> None:
    """The same word typed differently sorts as one word."""
    assert vi_sort_key(left) == vi_sort_key(right) == vi_sort_key(nfd(left))


def test_name_sort_key_sorts_by_given_name_then_family_and_middle() -> None:
    """People are listed by given name first, as on Vietnamese award lists."""
    people = [
        "Trần Văn Đức",
        "Nguyễn Thị Dương",
        "Lê Dư",
        "Phạm Thị Ánh",
        "Nguyễn Văn Dương",
        "Bùi Đặng",
    ]
    assert sorted(people, key=name_sort_key) == [
        "Phạm Thị Ánh",
        "Lê Dư",
        "Nguyễn Thị Dương",
        "Nguyễn Văn Dương",
        "Bùi Đặng",
        "Trần Văn Đức",
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (date(2025, 10, 10), "10/10/2025"),
        (date(2024, 2, 9), "09/02/2024"),
        (datetime(2025, 10, 9, 18, 30), "10/10/2025"),  # naive = UTC, 01:30 in Hà Nội
        (
            datetime(2025, 10, 9, 18, 30, tzinfo=timezone(timedelta(hours=7))),
            "09/10/2025",
        ),
    ],
)
def test_format_date_is_day_month_year(value: date | None, text: str) -> None:
    """Dates read dd/mm/yyyy, on Vietnam's calendar day."""
    assert format_date(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (datetime(2025, 10, 9, 18, 5), "01:05 10/10/2025"),
        (datetime(2025, 10, 9, 18, 5, tzinfo=UTC), "01:05 10/10/2025"),
        (
            datetime(2025, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=7))),
            "08:00 01/01/2025",
        ),
    ],
)
def test_format_datetime_is_in_vietnam_time(value: datetime | None, text: str) -> None:
    """Deadlines and receipts show Hà Nội time, "HH:MM dd/mm/yyyy"."""
    assert format_datetime(value) == text
