"""Conversions between the edition's local time (forms) and stored UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


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
