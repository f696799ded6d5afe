"""The cover letter (Công văn giới thiệu bài dự thi) a unit's head signs when the unit
forwards a batch of entries upward, as an official document (pure: plain values in,
an ``OfficialDocument`` out; ``docx_writer`` and ``pdf_writer`` render it).

The unit issues it: its parent unit (or the city's body when it reports to the city)
is the superior body line, the number is the batch's ("12/CV-BĐ"), the entries are
listed in a table, and the head signs with the title the sign-off gave.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from contest.exports.official.layout import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)
from contest.textnorm import nfc

__all__ = ["CoverEntry", "cover_letter", "letter_number"]

_SYMBOL = re.compile(r"[^\w-]+")


@dataclass(frozen=True)
class CoverEntry:
    """One forwarded entry, as the letter lists it."""

    number: str
    title: str
    authors: str
    featured: str


def letter_number(batch_number: int, unit_symbol: str) -> str:
    """ "12/CV-BĐ": the batch's number and the unit's short symbol ("ĐV" without)."""
    symbol = _SYMBOL.sub("", nfc(unit_symbol or "")).upper() or "ĐV"
    return f"{batch_number:02d}/CV-{symbol}"


def cover_letter(
    *,
    unit: str,
    superior: str,
    number: str,
    place: str,
    day: date,
    contest: str,
    addressee: str,
    entries: Sequence[CoverEntry],
    head_title: str,
    head_name: str,
) -> OfficialDocument:
    """The letter of one batch; ``contest`` is the contest's name with its year and
    ``addressee`` the unit above (or the contest's organizing committee)."""
    unit, addressee = nfc(unit).strip(), nfc(addressee).strip()
    count = len(entries)
    rows = tuple(
        (str(i), e.number, e.title, e.authors, e.featured)
        for i, e in enumerate(entries, start=1)
    )
    body = (
        Paragraph(
            f"Thực hiện Kế hoạch tổ chức {contest}, {unit} đã phát động cán bộ,"
            " đảng viên, hội viên và nhân dân tham gia, tổ chức sơ khảo và lựa chọn"
            f" được {count} bài dự thi tiêu biểu."
        ),
        Paragraph(
            f"{unit} trân trọng giới thiệu {count} bài dự thi gửi {addressee},"
            " danh sách cụ thể như sau:"
        ),
        Table(
            ("STT", "Mã bài", "Tên bài dự thi", "Tác giả", "Nhân vật"),
            rows,
            (10, 33, 48, 37, 37),
            ("C", "C", "L", "L", "L"),
        ),
        Paragraph(f"Kính đề nghị {addressee} xem xét, tổng hợp./."),
    )
    return OfficialDocument(
        heading=Heading(superior, unit, number, place, day),
        kind_name="",
        summary=f"giới thiệu bài dự thi {contest}",
        body=body,
        signer=Signer(nfc(head_title).strip().upper(), nfc(head_name).strip()),
        recipients=("Như trên;", "Lưu: VT."),
        addressees=(addressee,),
        title=f"Công văn {number} - giới thiệu bài dự thi {contest}",
    )
