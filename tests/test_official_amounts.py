"""Amounts as a payment list prints them: figures with dots, and Vietnamese words with
the reading rules accountants check (mốt, tư, lăm, linh, mươi/mười, chẵn)."""

import pytest

from contest.exports.official.amounts import amount_in_words, figures, number_in_words
from judging.official.views.forms import parse_amount


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1, "Một đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (20, "Hai mươi đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (101, "Một trăm linh một đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (115, "Một trăm mười lăm đồng"),
        (1_005, "Một nghìn không trăm linh năm đồng"),
        (21_000, "Hai mươi mốt nghìn đồng chẵn"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng chẵn"),
        (150_000_000, "Một trăm năm mươi triệu đồng chẵn"),
        (1_000_000_000, "Một tỷ đồng chẵn"),
        (2_000_050_000, "Hai tỷ không trăm năm mươi nghìn đồng chẵn"),
        (1_234_567, "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng chẵn"),
    ],
)
def test_amount_in_words(amount, words):
    """What the "Bằng chữ" line of a payment list says."""
    assert amount_in_words(amount) == words


def test_figures_use_dots_between_thousands():
    assert figures(0) == "0"
    assert figures(105) == "105"
    assert figures(1_000_005) == "1.000.005"
    assert figures(150_000_000) == "150.000.000"


def test_number_in_words_reads_negative_numbers():
    assert number_in_words(-21) == "âm hai mươi mốt"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("5.000.000", 5_000_000),
        ("5 000 000", 5_000_000),
        ("5,000,000", 5_000_000),
        ("150000000", 150_000_000),
        ("", 0),
        ("0", 0),
    ],
)
def test_amounts_typed_with_separators(typed, value):
    assert parse_amount(typed) == value


@pytest.mark.parametrize(
    "typed",
    [
        "năm triệu",
        "-5",
        "5e6",
        "10000000000000",
        "5.5",
        "1.50.000",
        "٣",
        "1,500",  # a decimal comma in Vietnamese: 1.5 or 1500? ask again
        "5.000,000",  # two separator styles
    ],
)
def test_amounts_that_are_not_amounts(typed):
    assert parse_amount(typed) is None
