"""Jinja filters and globals: Vietnamese dates, scores, labels, language links."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, request
from flask_babel import format_decimal, get_locale

from contest.models import EditionStatus, Role, RoundKind, TrackKind
from contest.numbers import format_score
from contest.organizer.people_forms import ROLE_LABELS, UNIT_KIND_LABELS
from contest.page_fragments import main_menu
from contest.timezones import format_date, format_datetime


def register(app: Flask) -> None:
    """Install the filters and globals on the app."""

    @app.template_filter("vdate")
    def _vdate(value: date | datetime | None, zone: str = "Asia/Ho_Chi_Minh") -> str:
        if isinstance(value, datetime):
            return format_date(value.astimezone(ZoneInfo(zone)))
        return format_date(value)

    @app.template_filter("vdatetime")
    def _vdatetime(value: datetime | None, zone: str = "Asia/Ho_Chi_Minh") -> str:
        return format_datetime(value, tz=zone)

    @app.template_filter("number")
    def _number(value) -> str:
        return format_decimal(value) if value is not None else ""

    @app.template_filter("score")
    def _score(value, digits: int | None = 2, signed: bool = False) -> str:
        return format_score(value, digits, signed=signed)

    @app.template_filter("isoformat")
    def _isoformat(value: datetime | None) -> str:
        return value.isoformat() if value else ""

    app.jinja_env.globals["main_menu"] = main_menu

    @app.context_processor
    def _globals() -> dict:
        return {
            "current_locale": str(get_locale()),
            "current_path": request.full_path.rstrip("?") if request else "/",
            "Role": Role,
            "EditionStatus": EditionStatus,
            "RoundKind": RoundKind,
            "TrackKind": TrackKind,
            "ROLE_LABELS": ROLE_LABELS,
            "UNIT_KIND_LABELS": UNIT_KIND_LABELS,
        }
