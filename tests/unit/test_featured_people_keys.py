"""Featured people: one matching key per person, and merge proposals and decisions."""

from __future__ import annotations

import unicodedata

import pytest

from judging.featured.core.merges import canonical_keys, merge_proposals, pair
from judging.featured.core.names import name_key, person_key, place_key


@pytest.mark.parametrize(
    "typed",
    [
        "Nguyễn Thị Hòa",
        "nguyễn thị hoà",  # other tone-mark placement, lower case
        "  Nguyễn   Thị  Hòa ",
        "Bà Nguyễn Thị Hòa",
        "bà nguyễn thị hòa",
        "Đồng chí Nguyễn Thị Hòa",
        "ĐỒNG CHÍ NGUYỄN THỊ HÒA",
        "Đồng chí Đại tá Nguyễn Thị Hòa",
        unicodedata.normalize("NFD", "Cô giáo Nguyễn Thị Hòa"),
        "Nguyễn Thị Hòa.",
    ],
)
def test_spellings_of_one_name_share_a_key(typed):
    """Case, Unicode form, tone placement, spacing and titles do not matter."""
    assert name_key(typed) == "nguyễn thị hòa"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nguyễn Thị Hoa", "Nguyễn Thị Hòa"),  # tones are letters: different names
        ("Nguyễn Văn Đức", "Nguyễn Văn Duc"),
        ("Trần Văn Anh", "Trần Văn Ánh"),
    ],
)
def test_diacritics_are_kept(a, b):
    """Hoa and Hòa are two names: the key keeps Vietnamese diacritics."""
    assert name_key(a) != name_key(b)


def test_titles_only_at_the_start_and_never_the_whole_name():
    """A given name that is also a title word stays; a lone title is not emptied."""
    assert name_key("Ông Lê Văn Anh") == "lê văn anh"
    assert name_key("Anh") == "anh"
    assert name_key("Bà") == "bà"
    assert (
        name_key("Cụm dân cư số 5") == "cụm dân cư số 5"
    )  # "cụ" is a word, not a prefix


def test_person_key_uses_the_unit_else_the_locality():
    """Two people of the same name in two places have two keys."""
    assert place_key("Phường Hàng Bạc", "Hoàn Kiếm") == "phường hàng bạc"
    assert place_key("", "Xã Minh Phú") == "xã minh phú"
    assert person_key("Bà Nguyễn Thị Hoa", "PHƯỜNG  Hàng Bạc") == (
        "nguyễn thị hoa|phường hàng bạc"
    )
    assert person_key("Nguyễn Thị Hoa", "Phường Hàng Bạc") != person_key(
        "Nguyễn Thị Hoa", "Xã Minh Phú"
    )


A, B, C = "hoa|phường hàng bạc", "hoa|p hàng bạc", "hoa|hàng bạc"
OTHER = "lan|hàng bạc"


def test_same_name_other_place_is_proposed_until_decided():
    """Every pair of same-name rows is proposed; other names never are."""
    proposals = merge_proposals([A, B, C, OTHER], [], [])
    assert sorted(proposals) == sorted([pair(A, B), pair(A, C), pair(B, C)])
    assert all(a < b for a, b in proposals)


def test_confirmed_merges_chain_and_rejections_stick():
    """a–b and b–c make one person; a rejected pair is not proposed again."""
    root = canonical_keys([A, B, C], [pair(A, B), pair(B, C)])
    assert len(set(root.values())) == 1
    assert merge_proposals([A, B, C], [pair(A, B)], []) == [pair(C, min(A, B))]
    assert merge_proposals([A, B, C], [pair(A, B)], [pair(C, A)]) == []
    assert merge_proposals([A, B], [], [pair(A, B)]) == []
