"""Organizer statistics report: entries by unit, cluster, field and track, participation
per cluster, score distributions per round, prizes per unit, featured people by social
group and movement year on year; charts with a table each, and the same report as a
PDF."""

from __future__ import annotations

from flask import render_template
from flask_babel import format_percent
from flask_babel import gettext as _

from contest.access import get_or_404
from contest.locking import writes_on_get
from contest.models import Edition
from contest.organizer import bp
from contest.organizer.downloads import download
from contest.tally import Tally
from judging.awards.core import TIER_ORDER
from judging.awards.views.collective_forms import TIER_LABELS
from judging.statistics.core import bands
from judging.statistics.services import statistics_report

BASE = "/editions/<int:edition_id>/statistics"


def _chart(kind: str, title: str, counts: list[Tally], missing: str) -> dict:
    """The data of one chart (drawn by static/js/charts.js) and of its table."""
    return {
        "type": kind,
        "title": title,
        "labels": [c.label or missing for c in counts],
        "values": [c.count for c in counts],
    }


@bp.route(BASE)
def statistics(edition_id: int):
    """The report page."""
    edition = get_or_404(Edition, edition_id)
    report = statistics_report(edition)
    none = _("(none)")
    charts = [
        (
            "unit",
            _("Unit"),
            _chart("hbar", _("Entries by unit"), report.by_unit, _("(no unit)")),
        ),
        (
            "cluster",
            _("Emulation cluster"),
            _chart(
                "hbar",
                _("Entries by emulation cluster"),
                report.by_cluster,
                _("(no cluster)"),
            ),
        ),
        (
            "field",
            _("Field"),
            _chart("hbar", _("Entries by field"), report.by_field, none),
        ),
        (
            "track",
            _("Track"),
            _chart("bar", _("Entries by track"), report.by_track, none),
        ),
    ]
    histograms = [
        {
            "type": "bar",
            "title": _(
                "%(round)s – %(track)s", round=h.round_name, track=h.track or none
            ),
            "labels": bands(),
            "values": list(h.counts),
            "total": h.total,
        }
        for h in report.histograms
    ]
    prize_chart = {
        "type": "hbar",
        "title": _("Prizes by unit"),
        "labels": [p.unit or _("(no unit)") for p in report.prizes],
        "values": [p.total for p in report.prizes],
    }
    year_tables = [
        (
            key,
            table,
            header,
            _chart(
                "hbar",
                _(
                    "Featured people by %(what)s in %(year)s",
                    what=what,
                    year=report.year,
                ),
                table.latest(),
                _("(not given)"),
            ),
        )
        for key, table, header, what in (
            ("group", report.by_group, _("Social group"), _("social group")),
            ("movement", report.by_movement, _("Emulation movement"), _("movement")),
        )
    ]
    return render_template(
        "organizer/statistics.html",
        prize_chart=prize_chart,
        year_tables=year_tables,
        edition=edition,
        report=report,
        charts=charts,
        histograms=histograms,
        rate=format_percent(report.rate, "#,##0.0%"),
        participation=[
            (p, format_percent(p.rate, "#,##0.0%")) for p in report.participation
        ],
        tiers=TIER_ORDER,
        tier_labels=TIER_LABELS,
    )


@bp.route(f"{BASE}.pdf")
@writes_on_get
def statistics_pdf(edition_id: int):
    """The report as a PDF (tables and bar charts, in Vietnamese)."""
    return download(get_or_404(Edition, edition_id), "statistics_pdf")
