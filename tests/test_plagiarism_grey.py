"""Boilerplate greyed inside counted passages (judging.plagiarism.core.grey, pure)."""

from __future__ import annotations

from judging.plagiarism.core.grey import boilerplate_ranges, grey_parts
from judging.plagiarism.core.passages import Segment, Span, segments

FORMULA = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
TEXT = (
    "Chị Lan là đảng viên gương mẫu của chi bộ khu phố. "
    f"Nhiều năm liền chị được khen trong phong trào {FORMULA} của phường. "
    "Chị mở lớp học tình thương cho trẻ em nghèo."
)


def test_a_shipped_formula_and_an_organizers_phrase_are_found_whole() -> None:
    start = TEXT.index(FORMULA)
    assert boilerplate_ranges(TEXT, ()) == [(start, start + len(FORMULA))]
    phrase = "lớp học tình thương"
    ranges = boilerplate_ranges(TEXT, [phrase])
    at = TEXT.index(phrase)
    assert (at, at + len(phrase)) in ranges
    assert boilerplate_ranges("Một câu bình thường không có gì.", ()) == []
    assert boilerplate_ranges("", ["x"]) == []


def test_only_counted_passages_are_cut_and_the_parts_spell_the_text() -> None:
    start = TEXT.index(FORMULA)
    spans = [Span(0, len(TEXT) - 10, 1, True)]
    pieces = grey_parts(segments(TEXT, spans), boilerplate_ranges(TEXT, ()))
    assert "".join(p.text for p in pieces) == TEXT
    [passage] = [p for p in pieces if p.number == 1]
    assert "".join(text for text, _ in passage.parts) == passage.text
    assert [text for text, greyed in passage.parts if greyed] == [FORMULA]
    assert passage.parts[0] == (TEXT[:start], False)
    # a quotation (not counted) is left whole; so is plain text
    quoted = grey_parts(
        segments(TEXT, [Span(0, len(TEXT), 1, False)]), [(start, start + 5)]
    )
    assert quoted == [Segment(TEXT, 1, False)]
