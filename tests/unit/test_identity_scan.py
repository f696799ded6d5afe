"""Identity scan: what an organizer is shown before judging opens, and redaction."""

from __future__ import annotations

import unicodedata

import pytest

from judging.identity.core import (
    HitKind,
    Identity,
    covered,
    redact,
    scan,
    snippet,
)

AUTHOR = Identity(
    names=("Nguyễn Thị Hoài Thương",),
    phones=("0912 345 678",),
    emails=("hoai.thuong@example.vn",),
    units=("Trường THCS Thành Công",),
)
BODY = (
    "Bà Lê Thị Hoa đã mười năm nấu cơm miễn phí cho người nhà bệnh nhân ở Bệnh viện "
    "Việt Đức. Mỗi sáng bà dậy từ bốn giờ để nhóm bếp, nấu hai nồi cơm lớn."
)


def found(text: str, identity: Identity = AUTHOR) -> list[tuple[HitKind, str]]:
    """(kind, matched text) of every hit."""
    return [(hit.kind, hit.text) for hit in scan(text, identity)]


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Nguyễn Thị Hoài Thương", HitKind.NAME),
        ("NGUYỄN THỊ HOÀI THƯƠNG", HitKind.NAME),
        ("Nguyen Thi Hoai Thuong", HitKind.NAME),
        ("nguyễn  thị\nhoài thương", HitKind.NAME),
        ("Trường THCS Thành Công", HitKind.UNIT),
        ("truong thcs thanh cong", HitKind.UNIT),
        ("0912 345 678", HitKind.PHONE),
        ("0912.345.678", HitKind.PHONE),
        ("0912345678", HitKind.PHONE),
        ("(+84) 912 345 678", HitKind.PHONE),
        ("+84912345678", HitKind.PHONE),
        ("Hoai.Thuong@Example.vn", HitKind.EMAIL),
    ],
)
def test_authors_details_are_found_however_they_are_written(written, kind):
    """The organizer sees the author's name, unit, phone or email in any spelling."""
    text = f"{BODY} Người kể chuyện là {written}, rất tâm huyết."
    assert (kind, written) in found(text)


def test_spans_point_at_the_original_text():
    """One click on a hit blanks exactly the words shown, nothing more."""
    text = f"{BODY}\nCảm ơn chị Nguyễn Thị Hoài Thương đã kể."
    hit = next(h for h in scan(text, AUTHOR) if h.kind == HitKind.NAME)
    assert text[hit.start : hit.end] == "Nguyễn Thị Hoài Thương"


def test_decomposed_text_maps_back_to_whole_letters():
    """Text typed with combining accents (NFD) is matched and blanked whole."""
    text = unicodedata.normalize("NFD", f"{BODY} Tác phẩm của Nguyễn Thị Hoài Thương.")
    hit = next(h for h in scan(text, AUTHOR) if h.kind == HitKind.NAME)
    assert unicodedata.normalize("NFC", hit.text) == "Nguyễn Thị Hoài Thương"
    assert "Hoài Thương" not in unicodedata.normalize(
        "NFC", redact(text, [(hit.start, hit.end)])
    )


def test_names_match_whole_words_only():
    """A name inside a longer word is not a hit (no noise for the organizer)."""
    identity = Identity(names=("Văn An",))
    assert found("Ông Văn Anh kể về Văn Ankara.", identity) == []


@pytest.mark.parametrize(
    "line",
    [
        "Tác giả: Phạm Minh Tâm",
        "TÁC GIẢ: Phạm Minh Tâm",
        "Nhóm tác giả: Phạm Minh Tâm, Lò Thị Hạnh",
        "SĐT: 0987 111 222",
        "Đơn vị công tác: Công ty Điện lực Hoàn Kiếm",
        "Địa chỉ: số 5 ngõ 12 phố Huế",
    ],
)
def test_author_block_lines_are_found_even_for_unknown_authors(line):
    """A "Tác giả: …" line is listed whole, even when the name is not on record."""
    text = f"{line}\n\n{BODY}"
    assert (HitKind.AUTHOR_LINE, line) in found(text, Identity())


def test_a_colon_in_a_sentence_is_not_an_author_line():
    """Dialogue with a colon is part of the story."""
    text = f"{BODY}\nBà nói: “Còn sức thì còn nấu.”"
    assert found(text, Identity()) == []


@pytest.mark.parametrize(
    ("ending", "kind"),
    [
        ("Phạm Minh Tâm", HitKind.SIGNATURE),
        ("— Phạm Minh Tâm —", HitKind.SIGNATURE),
        ("Nguyễn Thị Hoài Thương", HitKind.NAME),
    ],
)
def test_a_signature_at_the_end_is_found(ending, kind):
    """A short name-like last line is listed (signed by an author on record or not)."""
    hits = found(f"{BODY}\n\n{ending}")
    assert any(k == kind and ending.strip("— ") in text for k, text in hits)


def test_signature_line_with_the_authors_unit_is_listed_whole():
    """The author's name and unit at the end are listed, and so is the whole line."""
    text = f"{BODY}\n\nNguyễn Thị Hoài Thương - Trường THCS Thành Công"
    kinds = {k for k, _ in found(text)}
    assert {HitKind.NAME, HitKind.UNIT, HitKind.SIGNATURE} <= kinds


def test_the_storys_last_sentence_is_not_a_signature():
    """A normal ending is not flagged."""
    assert found(BODY, Identity()) == []


@pytest.mark.parametrize(
    "contact", ["lienhe@baomoi.vn", "0243 825 1234", "098.765.4321"]
)
def test_any_other_contact_is_listed(contact):
    """Emails and phone numbers that are not the author's are listed too."""
    assert (HitKind.CONTACT, contact) in found(f"{BODY} Liên hệ {contact} nhé.")


@pytest.mark.parametrize(
    "number", ["2.000.000 đồng", "năm 1990 - 2020", "120 suất cơm", "0,5 tấn"]
)
def test_ordinary_numbers_are_not_contacts(number):
    """Money, years and counts are not phone numbers."""
    assert found(f"{BODY} Bà đã góp {number}.", Identity()) == []


def test_short_or_empty_needles_are_ignored():
    """An empty or one-letter value on record does not flag the whole text."""
    identity = Identity(names=("", "A"), units=("  ",), phones=("12",), emails=("",))
    assert found(BODY, identity) == []


def test_redact_blanks_spans_and_merges_overlaps():
    """Redacted copies hide each span once; the original is untouched."""
    text = "abc Nguyễn Văn An, 0912 345 678 xyz"
    copy = redact(text, [(4, 17), (10, 17), (19, 31), (100, 120)], mark="[…]")
    assert copy == "abc […], […] xyz"
    assert text.startswith("abc Nguyễn")


def test_covered_tells_which_hits_are_already_redacted():
    """A hit inside a redaction shows as done."""
    assert covered(5, 8, [(0, 6), (6, 10)])
    assert not covered(5, 12, [(0, 10)])


def test_snippet_shows_context_on_one_line():
    """The organizer sees the hit with its neighbours."""
    before, hit, after = snippet("một\nhai Ba bốn\nnăm", 8, 10, width=4)
    assert (before, hit, after) == ("…hai ", "Ba", " bốn…")
