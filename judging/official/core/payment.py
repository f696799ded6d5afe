"""The payment list of the prize money (Danh sách chi trả tiền thưởng), pure.

One row per prize (a group entry is paid once; its authors are listed together),
in the annex's order; the amount of each tier and track comes from the edition's
set-up. The total is printed in figures and in words; the winners sign on receipt
("Ký nhận"), and the list is signed by its preparer, the accountant and the head.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from contest.exports.official.amounts import amount_in_words, figures
from contest.exports.official.layout import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    administrative_date,
)
from judging.awards.exports.data import AwardRow
from judging.official.core.award_decision import track_groups
from judging.official.core.context import Issuer, PrizeMoney, contest_name

__all__ = ["PAYMENT_HEADERS", "PAYMENT_KIND", "payment_list"]

PAYMENT_KIND = "DS"
PAYMENT_HEADERS = (
    "STT",
    "Họ và tên",
    "Đơn vị / địa chỉ",
    "Tác phẩm",
    "Giải",
    "Số tiền (đồng)",
    "Ký nhận",
)
PAYMENT_WIDTHS = (12, 50, 55, 63, 32, 28, 22)


def payment_list(
    edition_title: str,
    year: int,
    rows: Sequence[AwardRow],
    *,
    issuer: Issuer,
    number: str,
    day: date,
    money: PrizeMoney,
    decision: tuple[str, date] | None = None,
    preparer: str = "",
    accountant: str = "",
) -> OfficialDocument:
    """The payment list; ``decision`` is the awarding decision's number and date."""
    name = contest_name(edition_title, year)
    body_rows, groups = [], []
    total = 0
    for track, in_track in track_groups(rows):
        groups.append((len(body_rows), track or "Giải thưởng"))
        for row in in_track:
            amount = money.of(row.track, row.tier)
            total += amount
            body_rows.append(
                (
                    str(len(body_rows) + 1),
                    "\n".join(row.authors),
                    row.author_unit,
                    row.title,
                    row.tier_label,
                    figures(amount),
                    "",
                )
            )
    table = Table(
        PAYMENT_HEADERS,
        tuple(body_rows),
        PAYMENT_WIDTHS,
        ("C", "L", "L", "L", "C", "R", "C"),
        tuple(groups),
        (("", "Tổng cộng", "", f"{len(body_rows)} giải", "", figures(total), ""),),
    )
    intro = "Danh sách chi trả tiền thưởng cho các tác giả đoạt giải"
    if decision is not None:
        intro += (
            f" theo Quyết định số {decision[0]} {administrative_date(decision[1])}"
            f" của {issuer.short_name}"
        )
    return OfficialDocument(
        heading=Heading(issuer.parent_body, issuer.name, number, issuer.place, day),
        kind_name="DANH SÁCH",
        summary=f"Chi trả tiền thưởng {name}",
        body=(
            Paragraph(intro + ":"),
            table,
            Paragraph(
                f"Tổng số tiền (bằng chữ): {amount_in_words(total)}.", italic=True
            ),
        ),
        signer=issuer.signer,
        cosigners=(Signer("NGƯỜI LẬP BIỂU", preparer), Signer("KẾ TOÁN", accountant)),
        landscape=True,
        title=f"Danh sách chi trả {number} - {name}",
    )
