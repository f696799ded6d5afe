"""Time zones (pure, stdlib only): conversions between the edition's local time
(forms) and stored UTC, and the one display format of dates and times
("dd/mm/yyyy", "HH:MM dd/mm/yyyy") in a zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_to_utc(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A naive local time typed in a form, as an aware UTC datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=zone).astimezone(UTC)


def utc_to_local(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A stored UTC datetime as a naive local time to fill a form field."""
    if value is None:
        return None
    return value.astimezone(zone).replace(tzinfo=None)


def _vietnam_zone(name: str) -> tzinfo:
    """The named zone, or a fixed UTC+7 (Vietnam has no DST) when tzdata is missing."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name == "Asia/Ho_Chi_Minh":
            return timezone(timedelta(hours=7), "ICT")
        raise


def _to_zone(value: datetime, tz: str) -> datetime:
    """Convert ``value`` to zone ``tz``; naive datetimes are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_vietnam_zone(tz))


def format_date(value: date | datetime | None, tz: str = "Asia/Ho_Chi_Minh") -> str:
    """Format as "dd/mm/yyyy" ("" for None); datetimes are first put in zone ``tz``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _to_zone(value, tz)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None, tz: str = "Asia/Ho_Chi_Minh") -> str:
    """Format as "HH:MM dd/mm/yyyy" in zone ``tz`` ("" for None; naive means UTC)."""
    if value is None:
        return ""
    return _to_zone(value, tz).strftime("%H:%M %d/%m/%Y")
