"""The decision awarding the prizes (Quyết định trao giải) and its annex, pure.

Articles: who is awarded (counts per track and tier), what each prize brings (the
certificate, and the money when amounts are set, with the total in figures and in
words), who carries the decision out. The annex lists the winners by track, then by
tier best first, then in the jury's rank order within a tier, with a total per track
and a summary table with the grand total.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from contest.exports.official.amounts import amount_in_words, figures
from contest.exports.official.layout import (
    Annex,
    Article,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    administrative_date,
)
from judging.awards.core import TIER_LABELS_VI, TIER_ORDER
from judging.awards.exports.data import AwardRow, EditionInfo, sorted_awards
from judging.awards.exports.xlsx import roman
from judging.official.core.context import Issuer, PrizeMoney, contest_name

__all__ = ["ANNEX_HEADERS", "DECISION_KIND", "award_decision", "track_groups"]

DECISION_KIND = "QĐ"
ANNEX_HEADERS = (
    "STT",
    "Tác giả",
    "Đơn vị / địa chỉ",
    "Tên tác phẩm",
    "Nhân vật",
    "Giải",
    "Tiền thưởng (đồng)",
)
ANNEX_WIDTHS = (12, 45, 48, 64, 43, 22, 28)
SUMMARY_HEADERS = ("Bảng", "Giải", "Số giải", "Mức thưởng (đồng)", "Thành tiền (đồng)")
SUMMARY_WIDTHS = (70, 40, 25, 50, 55)


def track_groups(rows: Sequence[AwardRow]) -> list[tuple[str, list[AwardRow]]]:
    """(track name, its rows in official order) per track, in the tracks' order."""
    ordered = sorted_awards(list(rows))
    return [
        (track, list(group))
        for (_order, track), group in groupby(
            ordered, key=lambda r: (r.track_order, r.track)
        )
    ]


def _counts_line(rows: Sequence[AwardRow]) -> str:
    """ "01 giải Đặc biệt, 02 giải Nhất" for one track."""
    parts = []
    for tier in TIER_ORDER:
        count = sum(1 for r in rows if r.tier == tier)
        if count:
            parts.append(f"{count:02d} giải {TIER_LABELS_VI[tier]}")
    return ", ".join(parts)


def _total(rows: Sequence[AwardRow], money: PrizeMoney) -> int:
    return sum(money.of(r.track, r.tier) for r in rows)


def _articles(
    name: str, rows: Sequence[AwardRow], money: PrizeMoney, issuer: Issuer
) -> tuple[Article, ...]:
    """Điều 1 (the awards), Điều 2 (what a prize brings), Điều 3 (who executes)."""
    groups = track_groups(rows)
    authors = {a for r in rows for a in r.authors}
    points = tuple(
        f"- {track or 'Giải thưởng'}: {_counts_line(in_track)}."
        for track, in_track in groups
    )
    first = Article(
        1,
        f"Trao giải {name} cho {len(rows):02d} tác phẩm của {len(authors):02d} tác giả"
        " (có danh sách tại Phụ lục kèm theo), gồm:",
        points,
    )
    if money.any:
        total = _total(rows, money)
        second = Article(
            2,
            "Mỗi tác phẩm đoạt giải được nhận Giấy chứng nhận của Ban Tổ chức và tiền"
            " thưởng theo mức quy định tại Phụ lục. Tổng số tiền thưởng:"
            f" {figures(total)} đồng (Bằng chữ: {amount_in_words(total)}).",
        )
    else:
        second = Article(
            2, "Mỗi tác phẩm đoạt giải được nhận Giấy chứng nhận của Ban Tổ chức."
        )
    third = Article(
        3,
        "Quyết định này có hiệu lực kể từ ngày ký. Thành viên Ban Tổ chức, Hội đồng"
        " Giám khảo, Tổ Thư ký giúp việc, các đơn vị và cá nhân có liên quan và các"
        " tác giả có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    )
    return first, second, third


def _annex_table(rows: list[AwardRow], money: PrizeMoney) -> Table:
    """One track's winners: a group row opens each tier; STT runs through the track."""
    body, groups = [], []
    for _tier, in_tier in groupby(rows, key=lambda r: r.tier):
        tier_rows = list(in_tier)
        groups.append((len(body), f"Giải {tier_rows[0].tier_label} ({len(tier_rows)})"))
        for row in tier_rows:
            amount = money.of(row.track, row.tier)
            body.append(
                (
                    str(len(body) + 1),
                    "\n".join(row.authors),
                    row.author_unit,
                    row.title,
                    row.featured_names,
                    row.tier_label,
                    figures(amount) if amount else "",
                )
            )
    total = _total(rows, money)
    totals = (("", "Cộng", "", f"{len(rows)} giải", "", "", figures(total)),)
    return Table(
        ANNEX_HEADERS,
        tuple(body),
        ANNEX_WIDTHS,
        ("C", "L", "L", "L", "L", "C", "R"),
        tuple(groups),
        totals,
    )


def _summary(rows: Sequence[AwardRow], money: PrizeMoney) -> Table:
    """Counts and money per track and tier, with the grand total."""
    body = []
    for track, in_track in track_groups(rows):
        for tier in TIER_ORDER:
            count = sum(1 for r in in_track if r.tier == tier)
            if count:
                each = money.of(track, tier)
                body.append(
                    (
                        track,
                        TIER_LABELS_VI[tier],
                        str(count),
                        figures(each),
                        figures(each * count),
                    )
                )
    total = _total(rows, money)
    return Table(
        SUMMARY_HEADERS,
        tuple(body),
        SUMMARY_WIDTHS,
        ("L", "L", "C", "R", "R"),
        (),
        (("Tổng cộng", "", str(len(rows)), "", figures(total)),),
    )


def annex_note(kind: str, number: str, day: date, issuer: Issuer) -> str:
    """ "(Kèm theo Quyết định số 05/QĐ-BTC ngày 05 tháng 10 năm 2026 của Ban Tổ chức …)"."""
    return f"(Kèm theo {kind} số {number} {administrative_date(day)} của {issuer.short_name})"


def award_decision(
    edition: EditionInfo,
    rows: Sequence[AwardRow],
    *,
    issuer: Issuer,
    number: str,
    day: date,
    money: PrizeMoney,
    approved_on: date | None = None,
) -> OfficialDocument:
    """The decision and its annex, ready for ``render_docx`` / ``render_pdf``."""
    name = contest_name(edition.title, edition.year)
    grounds = list(issuer.grounds)
    if approved_on is not None:
        grounds.append(
            "Theo đề nghị của Hội đồng Giám khảo (danh sách đoạt giải được phê duyệt"
            f" {administrative_date(approved_on)})."
        )
    blocks: list[Paragraph | Table] = []
    for number_, (track, in_track) in enumerate(track_groups(rows), start=1):
        blocks.append(
            Paragraph(f"{roman(number_)}. {track or 'Giải thưởng'}".upper(), bold=True)
        )
        blocks.append(_annex_table(in_track, money))
    if rows:
        blocks.append(Paragraph("TỔNG HỢP", bold=True))
        blocks.append(_summary(rows, money))
        total = _total(rows, money)
        if total:
            blocks.append(
                Paragraph(
                    f"Tổng số tiền thưởng bằng chữ: {amount_in_words(total)}.",
                    italic=True,
                )
            )
    else:
        blocks.append(Paragraph("(Chưa có tác phẩm đoạt giải)", centred=True))
    annex = Annex(
        "PHỤ LỤC",
        f"DANH SÁCH TÁC PHẨM ĐOẠT GIẢI\n{name.upper()}",
        annex_note("Quyết định", number, day, issuer),
        tuple(blocks),
    )
    recipients = issuer.recipients or ("Như Điều 3;", f"Lưu: VT, {issuer.symbol}.")
    return OfficialDocument(
        heading=Heading(issuer.parent_body, issuer.name, number, issuer.place, day),
        kind_name="QUYẾT ĐỊNH",
        summary=f"Về việc trao giải {name}",
        authority_line=issuer.authority_title,
        grounds=tuple(grounds),
        enacting="QUYẾT ĐỊNH:",
        body=_articles(name, rows, money, issuer),
        signer=issuer.signer,
        recipients=tuple(recipients),
        annexes=(annex,),
        title=f"Quyết định {number} - trao giải {name}",
    )
