"""Money in figures ("150.000.000") and in Vietnamese words ("Một trăm năm mươi triệu
đồng chẵn"), as payment lists and decisions print them. Pure.

Reading rules (Hà Nội usage): "mười" for 10-19 and "X mươi" from 20; after "mươi" a 1
is "mốt" and a 4 is "tư"; after "mười"/"mươi" a 5 is "lăm"; a zero tens digit before a
unit reads "linh" (105 = "một trăm linh năm"); a group of three digits that follows a
larger group reads its hundreds even when zero ("một triệu không trăm linh năm"); a
group that is all zeros is left out; "tỷ" repeats for larger amounts ("một nghìn tỷ").
"""

from __future__ import annotations

__all__ = ["amount_in_words", "figures", "number_in_words"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")  # then "tỷ", which repeats


def figures(amount: int) -> str:
    """An amount with dots between thousands, Vietnamese style: 1.500.000."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def _tens_and_units(tens: int, units: int, after_hundreds: bool) -> list[str]:
    """Words of the last two digits of a group (empty for 00)."""
    words: list[str] = []
    if tens == 0:
        if units == 0:
            return words
        if after_hundreds:
            words.append("linh")
        words.append(DIGITS[units])
        return words
    words.append("mười" if tens == 1 else f"{DIGITS[tens]} mươi")
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else "tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(value: int, full: bool) -> list[str]:
    """Words of a group of three digits; ``full`` reads a zero hundreds digit."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    return words + _tens_and_units(tens, units, after_hundreds=bool(words))


def _below_billion(value: int, leading: bool) -> list[str]:
    """Words of 0 < value < 10^9; ``leading``: nothing larger is read before it."""
    groups = [(value // 1_000_000) % 1000, (value // 1000) % 1000, value % 1000]
    words: list[str] = []
    for index, group in enumerate(groups):
        if group == 0:
            continue
        full = bool(words) or not leading
        words += _group(group, full)
        scale = SCALES[2 - index]
        if scale:
            words.append(scale)
    return words


def _words(value: int, leading: bool = True) -> list[str]:
    """Words of a positive integer (any size)."""
    billions, rest = divmod(value, 1_000_000_000)
    words: list[str] = []
    if billions:
        words += [*_words(billions, leading), "tỷ"]
    if rest:
        words += _below_billion(rest, leading and not billions)
    return words


def number_in_words(value: int) -> str:
    """A whole number in Vietnamese words, lower case: 21 → "hai mươi mốt"."""
    if value < 0:
        return "âm " + number_in_words(-value)
    if value == 0:
        return DIGITS[0]
    return " ".join(_words(value))


def amount_in_words(amount: int) -> str:
    """ "Một trăm năm mươi triệu đồng chẵn": capitalised; "chẵn" for round thousands."""
    text = f"{number_in_words(amount)} đồng"
    if amount > 0 and amount % 1000 == 0:
        text += " chẵn"
    return text[0].upper() + text[1:]
