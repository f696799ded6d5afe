"""The final report (Báo cáo tổng kết) to the bodies above, pure: the edition's figures
beside the previous edition's (entries, units taking part, prizes), tables by track,
field, emulation cluster, unit and judging round, and a chart of entries by track and
field for both years. Every figure comes from a ``Figures`` value: plain data of the
shape below, which judging.statistics.core.StatisticsReport has (the service that
loads the rows, judging.official.services.setup_issue, hands it over).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from contest.exports.official.layout import (
    Chart,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
)
from contest.tally import Tally
from judging.awards.core import TIER_LABELS_VI, TIER_ORDER
from judging.official.core.context import Issuer, contest_name

__all__ = ["REPORT_KIND", "Figures", "final_report"]

REPORT_KIND = "BC"
TOP_UNITS = 20


class Count(Protocol):
    """A label (None: no unit / field / track) and its number of entries."""

    label: str | None
    count: int


class Participation(Protocol):
    """A cluster (None: no cluster), its active units and those with an entry."""

    cluster: str | None
    active_units: int
    taking_part: int


class RoundScores(Protocol):
    """How many entries one round scored (in one track)."""

    round_name: str
    total: int


class UnitPrizes(Protocol):
    """The prizes won by one unit's entries, per tier, and their total."""

    unit: str | None
    prizes: Mapping[str, int]
    total: int


class Figures(Protocol):
    """One edition's figures, as the report reads them (attributes or properties)."""

    title: str
    year: int
    total: int
    taking_part: int
    active_units: int
    by_unit: Sequence[Count]
    by_field: Sequence[Count]
    by_track: Sequence[Count]
    participation: Sequence[Participation]
    histograms: Sequence[RoundScores]
    prizes: Sequence[UnitPrizes]


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "–"


def _change(now: float, before: float | None) -> str:
    """ "+12 (+8,5%)" or "–" without a previous figure."""
    if before is None:
        return "–"
    diff = now - before
    sign = "+" if diff >= 0 else "−"
    number = f"{abs(diff):g}".replace(".", ",")
    return f"{sign}{number}" + (
        f" ({sign}{_percent(abs(diff), before)})" if before else ""
    )


def _label(count: Tally, none: str) -> str:
    return count.label if count.label is not None else none


def _prizes(report: Figures) -> dict:
    totals = {tier: 0 for tier in TIER_ORDER}
    for unit in report.prizes:
        for tier, n in unit.prizes.items():
            totals[tier] = totals.get(tier, 0) + n
    return totals


def _by(
    now: Sequence[Tally], before: Sequence[Tally] | None, none: str, heading: str
) -> tuple[Table, tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """A table of counts now and before (matched by label), and the chart series."""
    previous = {_label(c, none): c.count for c in before or ()}
    labels = tuple(_label(c, none) for c in now)
    values = tuple(c.count for c in now)
    old = tuple(previous.get(label, 0) for label in labels)
    rows = tuple(
        (
            label,
            str(old_n) if before is not None else "–",
            str(n),
            _change(n, old_n if before is not None else None),
        )
        for label, n, old_n in zip(labels, values, old, strict=True)
    )
    table = Table(
        (heading, "Năm trước", "Năm nay", "Tăng/giảm"),
        rows,
        (75, 30, 30, 30),
        ("L", "C", "C", "C"),
    )
    return table, labels, values, old


def final_report(
    now: Figures,
    before: Figures | None,
    *,
    issuer: Issuer,
    number: str,
    day: date,
) -> OfficialDocument:
    """The report of ``now``, compared with ``before`` (None: no earlier edition)."""
    name = contest_name(now.title, now.year)
    rounds: dict[str, int] = {}
    for histogram in now.histograms:  # entries scored per round, all tracks
        rounds[histogram.round_name] = (
            rounds.get(histogram.round_name, 0) + histogram.total
        )
    prizes_now = _prizes(now)
    prizes_before = _prizes(before) if before else None
    won_now = sum(prizes_now.values())
    comparison = [
        ("Tác phẩm dự thi", now.total, before.total if before else None),
        ("Đơn vị tham gia", now.taking_part, before.taking_part if before else None),
        (
            "Giải thưởng",
            won_now,
            sum(prizes_before.values()) if prizes_before else None,
        ),
    ]
    summary_table = Table(
        (
            "Chỉ tiêu",
            f"Năm {before.year}" if before else "Năm trước",
            f"Năm {now.year}",
            "Tăng/giảm",
        ),
        tuple(
            (what, "–" if old is None else str(old), str(value), _change(value, old))
            for what, value, old in comparison
        ),
        (75, 30, 30, 30),
        ("L", "C", "C", "C"),
    )
    tracks, track_labels, track_now, track_old = _by(
        now.by_track, before.by_track if before else None, "(Chưa chọn bảng)", "Bảng"
    )
    fields, field_labels, field_now, field_old = _by(
        now.by_field,
        before.by_field if before else None,
        "(Chưa chọn lĩnh vực)",
        "Lĩnh vực",
    )
    series = [(f"Năm {now.year}", (*track_now, *field_now))]
    if before:
        series.insert(0, (f"Năm {before.year}", (*track_old, *field_old)))
    chart = Chart(
        "Tác phẩm dự thi theo bảng và lĩnh vực",
        (*track_labels, *field_labels),
        tuple(series),
    )
    clusters = Table(
        ("Cụm thi đua", "Số đơn vị", "Đơn vị tham gia", "Tỷ lệ"),
        tuple(
            (
                p.cluster or "(Chưa xếp cụm)",
                str(p.active_units),
                str(p.taking_part),
                _percent(p.taking_part, p.active_units),
            )
            for p in now.participation
        ),
        (75, 30, 30, 30),
        ("L", "C", "C", "C"),
    )
    prizes_of = {u.unit: u.total for u in now.prizes}
    units = Table(
        ("Đơn vị", "Số tác phẩm", "Số giải"),
        tuple(
            (
                _label(c, "(Cá nhân tự gửi)"),
                str(c.count),
                str(prizes_of.get(c.label, 0)),
            )
            for c in now.by_unit[:TOP_UNITS]
        ),
        (105, 30, 30),
        ("L", "C", "C"),
    )
    body = [
        Paragraph(f"{issuer.short_name} báo cáo kết quả tổ chức {name} như sau:"),
        Paragraph("I. KẾT QUẢ TỔ CHỨC", bold=True),
        Paragraph(
            f"Ban Tổ chức đã nhận được {now.total} tác phẩm dự thi của {now.taking_part}"
            f"/{now.active_units} cơ quan, đơn vị (đạt {_percent(now.taking_part, now.active_units)}"
            f" số đơn vị); trao {won_now} giải"
            + (
                f". So với năm {before.year}: {_change(now.total, before.total)} tác phẩm."
                if before
                else "."
            )
        ),
        summary_table,
        Paragraph("1. Theo bảng dự thi", bold=True),
        tracks,
        Paragraph("2. Theo lĩnh vực của nhân vật", bold=True),
        fields,
        chart,
        Paragraph("3. Theo cụm thi đua", bold=True),
        clusters,
        Paragraph(
            f"4. Các đơn vị có nhiều tác phẩm nhất (tối đa {TOP_UNITS})", bold=True
        ),
        units,
    ]
    if rounds:
        body += [
            Paragraph("5. Chấm thi", bold=True),
            Table(
                ("Vòng chấm", "Số tác phẩm được chấm"),
                tuple((r, str(n)) for r, n in rounds.items()),
                (105, 60),
                ("L", "C"),
            ),
        ]
    body += [
        Paragraph("6. Giải thưởng", bold=True),
        Table(
            ("Giải", "Năm trước", "Năm nay"),
            tuple(
                (
                    TIER_LABELS_VI[t],
                    str(prizes_before[t]) if prizes_before else "–",
                    str(prizes_now[t]),
                )
                for t in TIER_ORDER
            ),
            (75, 45, 45),
            ("L", "C", "C"),
        ),
        Paragraph("II. ĐÁNH GIÁ CHUNG", bold=True),
        Paragraph(
            f"Còn {now.active_units - now.taking_part} cơ quan, đơn vị chưa có tác phẩm dự"
            " thi; Ban Tổ chức đề nghị các đơn vị này rút kinh nghiệm trong công tác"
            " tuyên truyền, phát động ở những năm tiếp theo."
        ),
    ]
    return OfficialDocument(
        heading=Heading(issuer.parent_body, issuer.name, number, issuer.place, day),
        kind_name="BÁO CÁO",
        summary=f"Tổng kết {name}",
        body=tuple(body),
        signer=issuer.signer,
        recipients=issuer.recipients
        or (
            "Ban Thi đua - Khen thưởng Thành phố;",
            "Thành viên Ban Tổ chức;",
            f"Lưu: VT, {issuer.symbol}.",
        ),
        title=f"Báo cáo {number} - tổng kết {name}",
    )
