"""The participation dashboard: entries by unit, cluster, field, track and day."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime

import pytest

from contest.extensions import db
from contest.models import Edition, EntryStatus, Role, Unit
from contest.services.entry_stats import (
    Participation,
    Tally,
    daily_counts,
    participation,
    ranked,
)
from tests.conftest import page_text


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def test_days_are_counted_in_the_contest_time_zone():
    """18:00 UTC is already the next day in Hanoi; days without entries show zero."""
    moments = [at(1, 10), at(1, 18), at(4, 2), at(4, 16, 30)]
    assert daily_counts(moments, "Asia/Ho_Chi_Minh") == [
        (date(2026, 3, 1), 1),
        (date(2026, 3, 2), 1),
        (date(2026, 3, 3), 0),
        (date(2026, 3, 4), 2),
    ]
    assert daily_counts([], "Asia/Ho_Chi_Minh") == []


def test_tallies_put_the_largest_first_then_vietnamese_order():
    """Ties are broken the Vietnamese way (Dư before Đặng); "no unit" comes last."""
    counts = {"Đặng": 2, None: 2, "Dư": 2, "Ba Vì": 5}
    assert ranked(counts) == [
        Tally("Ba Vì", 5),
        Tally("Dư", 2),
        Tally("Đặng", 2),
        Tally(None, 2),
    ]


def test_rate_without_units_is_zero():
    """An edition set up before any unit exists shows 0%, not an error."""
    empty = Participation(0, [], [], [], [], [], 0, 0, [])
    assert empty.rate == 0.0


@pytest.fixture
def known(app, add_entry, make_unit):
    """Three active units (one without entries), one inactive, and entries of each kind."""
    dong_da = make_unit("UBND quận Đống Đa", cluster="Cụm 1")
    ba_dinh = make_unit("UBND quận Ba Đình", cluster="Cụm 1")
    ba_vi = make_unit("UBND huyện Ba Vì", cluster="Cụm 2")
    closed = make_unit("Sở đã giải thể", cluster="Cụm 3")
    with app.app_context():
        db.session.get(Unit, closed).is_active = False
        db.session.commit()
    add_entry("Một", unit_id=dong_da, submitted_at=at(1, 10))
    add_entry("Hai", unit_id=dong_da, track=1, field=5, submitted_at=at(1, 18))
    add_entry("Ba", unit_id=ba_vi, submitted_at=at(4, 2))
    add_entry("Bốn", submitted_at=at(4, 16, 30))  # no unit
    add_entry("Nháp", unit_id=ba_dinh, submit=False)  # drafts do not count
    add_entry("Rút", unit_id=ba_dinh, status=EntryStatus.WITHDRAWN)


def test_figures_of_a_known_edition(app, known, edition_id):
    """Counts per unit, cluster, field, track and day, and who has not taken part."""
    with app.app_context():
        figures = participation(db.session.get(Edition, edition_id))
        fields = {t.label: t.count for t in figures.by_field}
    assert figures.total == 4
    assert figures.by_unit == [
        Tally("UBND quận Đống Đa", 2),
        Tally("UBND huyện Ba Vì", 1),
        Tally(None, 1),
    ]
    assert figures.by_cluster == [Tally("Cụm 1", 2), Tally("Cụm 2", 1), Tally(None, 1)]
    assert figures.by_track == [Tally("Bài viết", 3), Tally("Tác phẩm báo chí", 1)]
    assert fields["Xây dựng Đảng, chính quyền, đoàn thể"] == 3 and fields["Y tế"] == 1
    assert len(fields) == 14 and sum(fields.values()) == 4
    assert [n for _day, n in figures.per_day] == [1, 1, 0, 2]
    assert (figures.active_units, figures.taking_part) == (3, 2)
    assert figures.rate == pytest.approx(2 / 3)
    assert figures.missing == [("Cụm 1", "UBND quận Ba Đình")]


def test_dashboard_page_shows_charts_with_tables(client, login_as, known, edition_id):
    """Each chart has its numbers in a table; the data travels as JSON, never as inline script."""
    login_as(Role.ORGANIZER)
    response = client.get(f"/organizer/editions/{edition_id}/participation")
    assert response.status_code == 200
    page = page_text(response)
    assert re.search(r'id="participation-rate">\s*66[.,]7\s?%', page)
    assert re.search(r'id="units-taking-part">\s*2 / 3', page)
    missing = re.search(r'id="units-without-entries">.*?</table>', page, re.S).group(0)
    assert "UBND quận Ba Đình" in missing and "Đống Đa" not in missing
    assert "Sở đã giải thể" not in page  # inactive units are not expected to take part
    charts = [
        json.loads(html.unescape(raw))
        for raw in re.findall(r"<canvas data-chart='([^']*)'", page)
    ]
    assert len(charts) == 5
    day = next(c for c in charts if c["type"] == "line")
    assert day["labels"] == ["01/03", "02/03", "03/03", "04/03"]
    assert day["values"] == [1, 1, 0, 2]
    assert page.count('<th scope="row" class="fw-normal">') == sum(
        len(c["labels"]) for c in charts
    )
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)
    assert "js/charts.js" in page and "chartjs/chart.umd.min.js" in page


def test_an_edition_without_entries(client, login_as, make_unit, edition_id):
    """Before the first entry every unit is listed as not taking part yet."""
    make_unit("UBND quận Hoàn Kiếm")
    login_as(Role.ORGANIZER)
    page = page_text(client.get(f"/organizer/editions/{edition_id}/participation"))
    assert re.search(r'id="participation-rate">\s*0[.,]0\s?%', page)
    assert "UBND quận Hoàn Kiếm" in page
    assert "<canvas" in page  # the fields and tracks show zero bars


def test_unit_names_are_escaped_in_chart_data(client, login_as, add_entry, make_unit):
    """A unit called like a script cannot break out of the chart's data attribute."""
    unit = make_unit("Đơn vị '><script>alert(1)</script>")
    add_entry(unit_id=unit)
    login_as(Role.ORGANIZER)
    page = page_text(client.get("/organizer/"))
    edition = re.search(r"/organizer/editions/(\d+)/participation", page).group(1)
    page = page_text(client.get(f"/organizer/editions/{edition}/participation"))
    assert "<script>alert(1)" not in page
