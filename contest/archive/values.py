"""Archived rows: values to JSON and back (dates as ISO 8601 text), and remapped to
the ids of the database they are imported into."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, DateTime, Table
from sqlalchemy.types import TypeDecorator


def _kind(column: Column) -> type | None:
    """datetime or date for the columns that need converting, else None."""
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl
    if isinstance(kind, DateTime):
        return datetime
    if isinstance(kind, Date):
        return date
    return None


def encode_row(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A database row as JSON-able values, every column by name."""
    encoded = {}
    for column in table.columns:
        value = row[column.name]
        if isinstance(value, date | datetime):
            value = value.isoformat()
        encoded[column.name] = value
    return encoded


def decode_value(column: Column, value: Any) -> Any:
    """A JSON value back into what the column takes."""
    if value is None or not isinstance(value, str):
        return value
    kind = _kind(column)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return value


class DanglingLink(Exception):
    """A required link of an archived row points at nothing this archive brings."""

    def __init__(self, table: str, column: str, value: Any) -> None:
        super().__init__(f"{table}.{column} = {value}")
        self.table, self.column, self.value = table, column, value


def remap_row(
    table: Table,
    row: Mapping[str, Any],
    ids: Mapping[str, Mapping[int, int]],
    file_keys: Mapping[str, str],
    key_columns: frozenset[str],
) -> dict[str, Any]:
    """An archived row as values to insert here: no own id (a new one is given), every
    foreign key mapped to this database's id (NULL for a link outside the archive),
    stored-file keys mapped to where the files were put, dates decoded.

    Columns the archive lacks are left to their defaults; unknown ones are ignored.
    """
    values = {}
    for column in table.columns:
        name = column.name
        if name not in row:
            continue
        value = row[name]
        if column.primary_key and not column.foreign_keys:
            continue
        if column.foreign_keys and value is not None:
            (foreign_key,) = column.foreign_keys
            value = ids.get(foreign_key.column.table.name, {}).get(value)
            if value is None and not column.nullable:
                raise DanglingLink(table.name, name, row[name])
        elif name in key_columns and value is not None:
            value = file_keys.get(value, value)
        else:
            value = decode_value(column, value)
        values[name] = value
    return values
