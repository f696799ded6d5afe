"""Addresses, pen names and contacts: what the identity scan, the judges' short fields
and the public pages catch (pure: contest.contacts, judging.identity.core)."""

from __future__ import annotations

import unicodedata
from types import SimpleNamespace

import pytest

from contest.contacts import (
    locality_spans,
    scrub_contacts,
    street_spans,
)
from judging.identity.core import HitKind, Identity, scan
from judging.reading.services.blind import _clean

ADDRESS = "Số 77 ngõ 12 phố Hàng Bạc, phường Hàng Đào, quận Hoàn Kiếm, Hà Nội"
WRITER = Identity(
    names=("Nguyễn Thị Hoài Thương",),
    units=("Trường THPT Chu Văn An",),
    addresses=(ADDRESS, "thôn Đông, xã Tiên Phong, huyện Mê Linh"),
    pen_names=("Hoài Sương, Mây Trắng",),
)


def shown(spans, text: str) -> list[str]:
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nhà tôi ở Số 77 ngõ 12 phố Hàng Bạc, phường Hàng Đào, quận Hoàn Kiếm. Ông",
            ["Số 77 ngõ 12 phố Hàng Bạc, phường Hàng Đào, quận Hoàn Kiếm"],
        ),
        ("SỐ 5 LÊ LỢI, P. Bến Nghé, Q.1 nhé", ["SỐ 5 LÊ LỢI, P. Bến Nghé, Q.1"]),
        (
            "đến hẻm 45/3 Nguyễn Trãi, phường 2, quận 5 là",
            ["hẻm 45/3 Nguyễn Trãi, phường 2, quận 5"],
        ),
        ("so 9 ngo 4 pho Hue", ["so 9 ngo 4 pho Hue"]),  # typed without accents
        ("Ông có số 10 năm kinh nghiệm", []),
        ("số 12 của ông Hoà", []),
        ("Bà Hoa ở phường Hàng Đào", []),  # a ward alone is no street address
    ],
)
def test_street_addresses(text, expected):
    """A house number or an alley starts an address; ward and district follow."""
    assert shown(street_spans(text), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ông sống ở thôn Đông, xã Tiên Phong, huyện Mê Linh từ nhỏ.",
            ["thôn Đông, xã Tiên Phong, huyện Mê Linh"],
        ),
        ("xóm Chùa - xã Đại Áng", ["xóm Chùa - xã Đại Áng"]),
        ("bạn Lan, xã hội", []),
        ("thôn Đông rất đẹp", []),  # a hamlet without its commune
    ],
)
def test_village_addresses(text, expected):
    """A hamlet followed by its commune or ward."""
    assert shown(locality_spans(text), text) == expected


def test_spans_point_into_decomposed_text():
    """Text in NFD (combining marks) maps back to the right characters."""
    text = unicodedata.normalize("NFD", "Gọi tôi: Số 7 ngõ 3 phố Huế, hết.")
    (span,) = street_spans(text)
    assert unicodedata.normalize("NFC", text[span[0] : span[1]]) == "Số 7 ngõ 3 phố Huế"


def test_scrub_contacts_blanks_phone_email_and_street():
    """What the public may read: no phone, email or street address."""
    text = "Gọi 0912 345 678 hay a.b@example.vn, đến Số 7 ngõ 3 phố Huế. Cảm ơn."
    assert scrub_contacts(text) == "Gọi […] hay […], đến […]. Cảm ơn."
    assert scrub_contacts("Bà Hoa, 68 tuổi, ở phường Hàng Đào.") == (
        "Bà Hoa, 68 tuổi, ở phường Hàng Đào."
    )


STORY = (
    "Bà Lê Thị Hoa đã mười năm nấu cơm miễn phí cho người nhà bệnh nhân ở Bệnh viện "
    "Việt Đức. Mỗi sáng bà dậy từ bốn giờ để nhóm bếp, nấu hai nồi cơm lớn, rồi "
    "cùng các con gánh cơm vào viện cho kịp bữa sáng của mọi người."
)


def kinds(text: str, identity: Identity = WRITER) -> list[tuple[HitKind, str]]:
    """(kind, text) of each hit of ``text`` set inside a story (not a signature)."""
    full = f"{STORY}\n{text}\n{STORY}"
    return [(hit.kind, hit.text) for hit in scan(full, identity)]


def test_declared_address_is_found_whole_and_by_its_specific_parts():
    """The writer's address, whole or only its street part, is the author's."""
    assert (HitKind.ADDRESS, ADDRESS) in kinds(f"Liên hệ {ADDRESS}.")
    found = kinds("Nhà ở ngõ 12 phố Hàng Bạc, cạnh chợ.")
    assert (HitKind.ADDRESS, "ngõ 12 phố Hàng Bạc") in found
    assert (HitKind.ADDRESS, "thôn Đông") in kinds("Về thôn Đông ăn Tết.")
    # The ward or the city alone is not the writer's address.
    assert kinds("Bà Hoa ở phường Hàng Đào, Hà Nội.") == []


def test_a_street_address_is_found_even_when_nobody_declared_it():
    found = kinds("Ông ở số 15 ngõ 2 phố Tràng Tiền, quận Hoàn Kiếm.", Identity())
    assert found == [
        (HitKind.STREET, "số 15 ngõ 2 phố Tràng Tiền, quận Hoàn Kiếm"),
    ]
    found = kinds("Ông ở thôn Bến, xã Yên Bài, huyện Ba Vì.", Identity())
    assert found == [(HitKind.LOCALITY, "thôn Bến, xã Yên Bài, huyện Ba Vì")]


def test_declared_pen_names_are_found_bare_and_without_accents():
    """Each declared pen name, anywhere in the text, in any case or accents."""
    text = "Những trang này HOAI SUONG viết; bạn Mây Trắng đọc lại."
    assert kinds(text) == [
        (HitKind.PEN_NAME, "HOAI SUONG"),
        (HitKind.PEN_NAME, "Mây Trắng"),
    ]


def test_school_and_label_lines_are_identity():
    """The writer's school or workplace, by name or on a labelled line."""
    found = dict(
        (text, kind) for kind, text in kinds("Trường: THPT Chu Văn An\nLớp: 11A2")
    )
    assert found["Trường: THPT Chu Văn An"] in (HitKind.UNIT, HitKind.AUTHOR_LINE)
    assert found["Lớp: 11A2"] == HitKind.AUTHOR_LINE
    assert (HitKind.UNIT, "Trường THPT Chu Văn An") in kinds(
        "Em học ở Trường THPT Chu Văn An."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (f"Người giữ lửa – {ADDRESS}", "Người giữ lửa – ▇▇▇"),
        ("Bếp cơm số 9 ngõ 4 phố Huế", "Bếp cơm ▇▇▇"),
        ("Ghi chép của Hoài Sương", "Ghi chép của ▇▇▇"),
        ("Bà Hoa, phường Hàng Đào", "Bà Hoa, phường Hàng Đào"),  # a locality stays
        ("Thôn Bến, xã Yên Bài", "Thôn Bến, xã Yên Bài"),  # the featured person's
    ],
)
def test_short_fields_judges_see_are_blanked(value, expected):
    """Title and featured-person fields lose addresses and pen names automatically."""
    assert _clean(value, WRITER) == expected


def test_identity_of_takes_addresses_and_pen_names_from_authors_and_owner():
    from judging.reading.services.blind import identity_of

    author = SimpleNamespace(
        full_name="A B",
        phone="",
        email="",
        unit_name="",
        address="ngõ 5 phố Huế",
        pen_names="Bút Xanh",
    )
    owner = SimpleNamespace(
        full_name="A B",
        phone=None,
        email="a@b.vn",
        unit=None,
        address="thôn Đoài",
        pen_names="Mây",
    )
    entry = SimpleNamespace(authors=[author], owner=owner, unit=None, channel="online")
    identity = identity_of(entry)
    assert identity.addresses == ("ngõ 5 phố Huế", "thôn Đoài")
    assert identity.pen_names == ("Bút Xanh", "Mây")


NAMES_WITH_NUMBERS = [
    "Trường Tiểu học số 1 Thanh Xuân",
    "Bệnh viện Đa khoa số 2 Lào Cai",
    "Bệnh viện Đa khoa số 2 Lào Cai, tỉnh Lào Cai",
    "Công ty May số 10 Hà Nội",
    "Đội bóng số 1 Việt Nam",
    "Tổng số 1500 Học Sinh",
]


@pytest.mark.parametrize("name", NAMES_WITH_NUMBERS)
def test_a_school_hospital_company_or_team_number_is_no_house(name):
    """ "số N" then a name is a school, hospital, company or team, not a house."""
    assert street_spans(f"Bà công tác tại {name} đã lâu.") == []
    assert scrub_contacts(name) == name
    assert _clean(name, WRITER) == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số 77 ngõ 12 phố Huế, phường Bùi Thị Xuân, quận Hai Bà Trưng",
            "Số 77 ngõ 12 phố Huế, phường Bùi Thị Xuân, quận Hai Bà Trưng",
        ),
        ("số nhà 5, đường Trần Phú, phường 3", "số nhà 5, đường Trần Phú, phường 3"),
        ("nhà số 8 Lý Thường Kiệt", "nhà số 8 Lý Thường Kiệt"),
        ("số 5 đường Lê Lợi", "số 5 đường Lê Lợi"),
        ("Số 15, phố Tràng Tiền", "Số 15, phố Tràng Tiền"),
        ("số 5 Lê Lợi, phường Bến Nghé", "số 5 Lê Lợi, phường Bến Nghé"),
        ("hẻm 45/3 Nguyễn Trãi", "hẻm 45/3 Nguyễn Trãi"),
    ],
)
def test_true_addresses_are_still_caught(text, expected):
    """A street-level word, "nhà", or a ward after the number makes it a house."""
    assert shown(street_spans(f"Nhà ở {text}. Hết"), f"Nhà ở {text}. Hết") == [expected]


def _entry(unit_name: str, locality: str, address: str = ""):
    """An (ORM-like) online entry with one featured person, for blind_entry."""
    person = SimpleNamespace(
        name="Lê Thị Hoa",
        is_collective=False,
        birth_year=1958,
        collective_type="",
        unit_name=unit_name,
        locality=locality,
        field_name="",
        summary=f"Bà Hoa, {unit_name}, ở {locality}.",
    )
    author = SimpleNamespace(
        full_name="Trần Văn Bút",
        phone="0912 345 678",
        email="but@example.vn",
        unit_name="",
        address=address,
        pen_names="",
    )
    return SimpleNamespace(
        authors=[author],
        owner=SimpleNamespace(
            full_name="Trần Văn Bút",
            phone="",
            email="but@example.vn",
            address=address,
            pen_names="",
            unit=None,
        ),
        channel="online",
        unit=None,
        latest_version=None,
        title="Người giữ lửa",
        track=None,
        field=None,
        genre="",
        featured=[person],
        photos=[],
    )


def test_judges_read_the_featured_persons_unit_and_street():
    """The featured person's unit and street reach the judge as written; the same
    street blanked when it is the author's own declared address."""
    from judging.reading.services.blind import REDACTION_MARK, blind_entry

    unit, street = "Bệnh viện Đa khoa số 2 Lào Cai", "số 15 ngõ 2 phố Tràng Tiền"
    (person,) = blind_entry(_entry(unit, street), "A1").featured
    assert (person.unit_name, person.locality) == (unit, street)
    assert person.summary == f"Bà Hoa, {unit}, ở {street}."
    (person,) = blind_entry(_entry(unit, street, address=street), "A1").featured
    assert person.unit_name == unit
    assert person.locality == REDACTION_MARK
    assert REDACTION_MARK in person.summary and "Tràng Tiền" not in person.summary


def test_official_documents_print_the_approved_title_the_anthology_scrubs_it():
    """award_rows (decision, certificates, payment list) keep the title whole; the
    public anthology still blanks a street address in it."""
    from judging.awards.exports.source import anthology_stories, award_rows

    title = "Trường Tiểu học số 1 Thanh Xuân – bếp cơm số 9 ngõ 4 phố Huế"
    entry = SimpleNamespace(
        title=title,
        authors=[SimpleNamespace(full_name="Trần Văn Bút", unit_name="Sở Y tế")],
        unit=None,
        featured=[],
        number="HN-001",
        declaration_accepted=True,
        latest_version=SimpleNamespace(title=title, text="Bếp cơm."),
        field=None,
        photos=[],
    )
    placement = SimpleNamespace(entry=entry, track=None, position=1, tier="nhat")
    award_list = SimpleNamespace(placements=[placement])
    (row,) = award_rows(award_list)
    assert row.title == title
    (story,) = anthology_stories(award_list)
    assert story.title == "Trường Tiểu học số 1 Thanh Xuân – bếp cơm […]"
