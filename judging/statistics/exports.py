"""The statistics report as a PDF (Báo cáo thống kê): the renderer is pure (a report
in, bytes out); ``statistics_pdf``, registered in the export registry (``EXPORTS``, by
contest.app.register_exports), builds the report from the database.

Always in Vietnamese, like the other official documents, set in DejaVu Sans (every
Vietnamese letter). Each section has a simple horizontal bar chart drawn with plain
rectangles (the longest lists show their first ``MAX_BARS`` bars) and the full table
of the same numbers, so nothing is only in the picture.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import TableHeadingsDisplay
from fpdf.fonts import FontFace

from contest.exports.registry import ExportFile, edition_stem
from contest.models import Edition
from contest.tally import Tally
from judging.awards.core import TIER_LABELS_VI, TIER_ORDER
from judging.awards.exports.annex_pdf import PDF_MIME, new_pdf
from judging.statistics.core import StatisticsReport, YearTable, bands
from judging.statistics.services import statistics_report

__all__ = ["EXPORTS", "render_statistics_pdf", "statistics_pdf"]

MAX_BARS = 20
LABEL_W, BAR_W, VALUE_W, BAR_H = 70.0, 90.0, 20.0, 5.5  # mm
_HEADING = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
_FILL = (138, 28, 28)  # the colour of the web charts
NO_UNIT = "(không có đơn vị)"
NO_CLUSTER = "(không thuộc cụm)"
NONE = "(không có)"
NOT_GIVEN = "(chưa ghi)"


def number(value: int) -> str:
    """1234 → "1.234" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def percent(share: float) -> str:
    """0.875 → "87,5%"."""
    return f"{share * 100:.1f}%".replace(".", ",")


def render_statistics_pdf(report: StatisticsReport) -> bytes:
    """The report: overview, entries by unit/cluster/field/track, participation per
        cluster, score distributions per round and track, prizes per unit, featured people
    by social group and movement year on year."""
    pdf = new_pdf(f"Báo cáo thống kê - {report.title} {report.year}")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("body", "B", 14)
    pdf.cell(0, 8, "BÁO CÁO THỐNG KÊ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "B", 12)
    pdf.multi_cell(
        0,
        7,
        f"{report.title} năm {report.year}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("body", size=11)
    for line in (
        f"Tổng số bài dự thi: {number(report.total)}",
        f"Đơn vị có bài dự thi: {report.taking_part}/{report.active_units} "
        f"({percent(report.rate)})",
    ):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    sections = (
        ("1. Bài dự thi theo đơn vị", "Đơn vị", report.by_unit, NO_UNIT),
        (
            "2. Bài dự thi theo cụm thi đua",
            "Cụm thi đua",
            report.by_cluster,
            NO_CLUSTER,
        ),
        ("3. Bài dự thi theo lĩnh vực", "Lĩnh vực", report.by_field, NONE),
        ("4. Bài dự thi theo bảng", "Bảng", report.by_track, NONE),
    )
    for title, header, counts, missing in sections:
        _count_section(pdf, title, header, counts, missing)
    _participation(pdf, report)
    _histograms(pdf, report)
    _prizes(pdf, report)
    _year_table(
        pdf,
        "8. Nhân vật theo đối tượng xã hội qua các năm",
        "Đối tượng",
        report.by_group,
    )
    _year_table(
        pdf,
        "9. Nhân vật theo phong trào thi đua qua các năm",
        "Phong trào",
        report.by_movement,
    )
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    """A section heading that never sits alone at the foot of a page."""
    if pdf.get_y() > pdf.h - pdf.b_margin - 40:
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("body", "B", 12)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text, shortened with "…" to fit ``width`` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _bars(pdf: FPDF, labels: Sequence[str], values: Sequence[int]) -> None:
    """A horizontal bar chart: label, bar scaled to the largest value, the value."""
    pairs = list(zip(labels, values, strict=True))[:MAX_BARS]
    top = max((v for _l, v in pairs), default=0)
    if not pairs or top <= 0:
        return
    pdf.set_font("body", size=8)
    for label, value in pairs:
        if pdf.get_y() + BAR_H > pdf.h - pdf.b_margin:
            pdf.add_page()
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_xy(x, y)
        pdf.cell(LABEL_W - 2, BAR_H, _fit(pdf, label, LABEL_W - 3), align="R")
        pdf.set_fill_color(*_FILL)
        if value > 0:
            pdf.rect(x + LABEL_W, y + 1, BAR_W * value / top, BAR_H - 2, style="F")
        pdf.set_xy(x + LABEL_W + BAR_W + 1, y)
        pdf.cell(VALUE_W, BAR_H, number(value))
        pdf.set_xy(x, y + BAR_H)
    if len(labels) > MAX_BARS:
        pdf.cell(
            0,
            5,
            f"(Biểu đồ: {MAX_BARS} dòng đầu; bảng dưới đây có đủ {len(labels)} dòng.)",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)


def _table(
    pdf: FPDF,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
) -> None:
    """A table with its headings repeated on every page; numbers right-aligned."""
    pdf.set_font("body", size=9)
    aligns = ("LEFT",) + ("RIGHT",) * (len(headers) - 1)
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        line_height=5,
        headings_style=_HEADING,
        repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
        text_align=aligns,
        align="LEFT",
    ) as table:
        heading = table.row()
        for header in headers:
            heading.cell(header, align="CENTER")
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)


def _count_section(
    pdf: FPDF, title: str, header: str, counts: list[Tally], missing: str
) -> None:
    """Entries by one grouping: chart and table."""
    _heading(pdf, title)
    if not counts:
        pdf.set_font("body", size=10)
        pdf.cell(0, 6, "Chưa có bài dự thi.", new_x="LMARGIN", new_y="NEXT")
        return
    labels = [c.label or missing for c in counts]
    _bars(pdf, labels, [c.count for c in counts])
    _table(
        pdf,
        ("STT", header, "Số bài"),
        [
            (str(i), label, number(c.count))
            for i, (label, c) in enumerate(zip(labels, counts, strict=True), start=1)
        ],
        (12, 138, 30),
    )


def _participation(pdf: FPDF, report: StatisticsReport) -> None:
    """Units with at least one entry over active units, per cluster."""
    _heading(pdf, "5. Tỉ lệ đơn vị tham gia theo cụm thi đua")
    rows = [
        (
            p.cluster or NO_CLUSTER,
            number(p.active_units),
            number(p.taking_part),
            percent(p.rate),
        )
        for p in report.participation
    ]
    rows.append(
        (
            "Tổng cộng",
            number(report.active_units),
            number(report.taking_part),
            percent(report.rate),
        )
    )
    _bars(
        pdf,
        [p.cluster or NO_CLUSTER for p in report.participation],
        [round(p.rate * 100) for p in report.participation],
    )
    _table(pdf, ("Cụm thi đua", "Số đơn vị", "Có bài", "Tỉ lệ"), rows, (90, 30, 30, 30))


def _histograms(pdf: FPDF, report: StatisticsReport) -> None:
    """Final scores of each round and track, per band of ten points."""
    _heading(pdf, "6. Phân bố điểm theo vòng chấm")
    if not report.histograms:
        pdf.set_font("body", size=10)
        pdf.cell(0, 6, "Chưa có điểm chấm.", new_x="LMARGIN", new_y="NEXT")
        return
    labels = bands()
    for h in report.histograms:
        pdf.set_font("body", "B", 10)
        pdf.multi_cell(
            0,
            6,
            f"{h.round_name} – {h.track or NONE} ({number(h.total)} bài)",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        _bars(pdf, labels, h.counts)
        _table(
            pdf,
            ("Khoảng điểm", "Số bài"),
            [(band, number(n)) for band, n in zip(labels, h.counts, strict=True)],
            (60, 30),
        )
        pdf.ln(2)


def _prizes(pdf: FPDF, report: StatisticsReport) -> None:
    """Prizes per unit, per tier."""
    _heading(pdf, "7. Giải thưởng theo đơn vị")
    if not report.prizes:
        pdf.set_font("body", size=10)
        pdf.cell(0, 6, "Chưa có danh sách giải.", new_x="LMARGIN", new_y="NEXT")
        return
    _bars(
        pdf,
        [p.unit or NO_UNIT for p in report.prizes],
        [p.total for p in report.prizes],
    )
    headers = ("Đơn vị", *(TIER_LABELS_VI[t] for t in TIER_ORDER), "Tổng")
    rows = [
        (
            p.unit or NO_UNIT,
            *(number(p.prizes.get(t, 0)) for t in TIER_ORDER),
            number(p.total),
        )
        for p in report.prizes
    ]
    _table(pdf, headers, rows, (60, 18, 18, 18, 18, 28, 20))


def _year_table(pdf: FPDF, title: str, header: str, table: YearTable) -> None:
    """Featured people per value, one column per year; the chart is the last year."""
    _heading(pdf, title)
    if not table.rows:
        pdf.set_font("body", size=10)
        pdf.cell(0, 6, "Chưa có bài dự thi.", new_x="LMARGIN", new_y="NEXT")
        return
    latest = table.latest()
    if latest:
        _bars(pdf, [t.label or NOT_GIVEN for t in latest], [t.count for t in latest])
    year_w = min(20.0, 110.0 / len(table.years))
    _table(
        pdf,
        (header, *(str(y) for y in table.years)),
        [
            (label or NOT_GIVEN, *(number(n) for n in counts))
            for label, counts in table.rows
        ],
        (180 - year_w * len(table.years), *(year_w,) * len(table.years)),
    )


def statistics_pdf(edition: Edition) -> ExportFile:
    """The statistics report (tables and bar charts) as PDF."""
    return ExportFile(
        render_statistics_pdf(statistics_report(edition)),
        PDF_MIME,
        f"bao-cao-thong-ke-{edition_stem(edition)}.pdf",
    )


EXPORTS = {"statistics_pdf": statistics_pdf}
