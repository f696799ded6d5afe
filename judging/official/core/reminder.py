"""The reminder letter (Công văn đôn đốc) to the units that have not yet reached the
participation target, pure. Up to five units are addressed by name; more are
addressed together and listed in an annex with the entries each has sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from contest.exports.official.layout import (
    Annex,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    administrative_date,
)
from judging.official.core.award_decision import annex_note
from judging.official.core.context import Issuer, contest_name

__all__ = ["LETTER_KIND", "Lagging", "reminder_letter"]

LETTER_KIND = ""  # a letter's number has no kind: "08/BTC"
NAMED_AT_MOST = 5


@dataclass(frozen=True)
class Lagging:
    """A unit below the target and the entries it has sent so far."""

    unit: str
    cluster: str
    entries: int


def reminder_letter(
    title: str,
    year: int,
    units: Sequence[Lagging],
    *,
    issuer: Issuer,
    number: str,
    day: date,
    totals: tuple[int, int, int],  # entries, units taking part, active units
    target: int,
    deadline: date | None,
    plan: tuple[str, date] | None = None,
) -> OfficialDocument:
    """The letter; ``target`` is the number of entries a unit is asked for."""
    name = contest_name(title, year)
    entries, taking_part, active = totals
    listed = len(units) > NAMED_AT_MOST
    addressees = (
        ("Các cơ quan, đơn vị có tên tại danh sách kèm theo",)
        if listed
        else tuple(u.unit for u in units)
    )
    grounds = (
        f"Thực hiện Kế hoạch số {plan[0]} {administrative_date(plan[1])} của {issuer.short_name} về tổ chức {name}"
        if plan
        else f"Thực hiện Kế hoạch tổ chức {name}"
    )
    by_when = f"trước ngày {deadline.strftime('%d/%m/%Y')}" if deadline else "sớm nhất"
    body = (
        Paragraph(
            f"{grounds}, tính đến {administrative_date(day)}, Ban Tổ chức đã nhận được"
            f" {entries} tác phẩm dự thi của {taking_part}/{active} cơ quan, đơn vị."
            f" Tuy nhiên, {len(units)} đơn vị chưa có"
            + (" tác phẩm" if target == 1 else f" đủ {target} tác phẩm")
            + " gửi về Ban Tổ chức"
            + (" (danh sách kèm theo)." if listed else ".")
        ),
        Paragraph(
            "Để Cuộc thi đạt mục tiêu 100% cơ quan, đơn vị tham gia, Ban Tổ chức đề nghị"
            " các đơn vị:"
        ),
        Paragraph(
            "1. Tiếp tục tuyên truyền, phát động cán bộ, đảng viên, hội viên và nhân"
            " dân tham gia Cuộc thi, phát hiện các gương điển hình tiên tiến, người"
            " tốt, việc tốt tại đơn vị, địa phương."
        ),
        Paragraph(
            "2. Tổ chức sơ khảo tại đơn vị, lựa chọn tác phẩm tiêu biểu gửi về Ban Tổ"
            f" chức {by_when}."
        ),
        Paragraph("Ban Tổ chức trân trọng đề nghị các đơn vị quan tâm thực hiện./."),
    )
    annexes: tuple[Annex, ...] = ()
    if listed:
        rows = tuple(
            (str(i), u.unit, u.cluster, str(u.entries))
            for i, u in enumerate(units, start=1)
        )
        annexes = (
            Annex(
                "DANH SÁCH",
                "CÁC ĐƠN VỊ CHƯA ĐẠT CHỈ TIÊU THAM GIA CUỘC THI",
                annex_note("Công văn", number, day, issuer),
                (
                    Table(
                        ("STT", "Cơ quan, đơn vị", "Cụm thi đua", "Số tác phẩm đã gửi"),
                        rows,
                        (14, 80, 40, 31),
                        ("C", "L", "L", "C"),
                    ),
                ),
                landscape=False,
            ),
        )
    return OfficialDocument(
        heading=Heading(issuer.parent_body, issuer.name, number, issuer.place, day),
        kind_name="",
        summary=f"đôn đốc tham gia {name}",
        body=body,
        signer=issuer.signer,
        recipients=("Như trên;", f"Lưu: VT, {issuer.symbol}."),
        annexes=annexes,
        addressees=addressees,
        title=f"Công văn {number} - đôn đốc tham gia {name}",
    )
