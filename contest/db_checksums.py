"""Row counts and per-table checksums that come out the same on SQLite and PostgreSQL.

Each row is read through the models' column types (so a boolean is a bool, a
timestamp an aware datetime in UTC, JSON a dict, whatever the engine stores), turned
into a canonical text (`normalise`), and hashed in primary-key order. Two databases
with equal checksums hold the same values, not merely the same number of rows.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Table, case, select
from sqlalchemy.engine import Connection

BATCH = 2000


@dataclass(frozen=True)
class TableSum:
    """A table's row count and the sha256 of its normalised rows."""

    rows: int
    sha256: str


def normalise(value: Any) -> Any:
    """A JSON-ready value that does not depend on the engine that stored `value`."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Enum):
        return normalise(value.value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        # repr round-trips a double exactly; NaN and infinities have no JSON form.
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "hex:" + bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    raise TypeError(f"no canonical form for {type(value).__name__}")


def row_text(row: Iterable[Any]) -> bytes:
    """One row as canonical JSON bytes (keys sorted, no spaces, real UTF-8)."""
    return json.dumps(
        [normalise(v) for v in row],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def json_null_columns(table: Table) -> list:
    """Nullable JSON columns: SQL NULL and the JSON value null both read as None."""
    return [c for c in table.columns if c.nullable and isinstance(c.type, JSON)]


def ordered_select(table: Table):
    """Every column of `table` in primary-key order, then an IS NULL flag for each
    nullable JSON column (so a copy keeps SQL NULL apart from JSON null)."""
    order = list(table.primary_key.columns) or list(table.columns)
    # 1/0 rather than a boolean: PostgreSQL would say True where SQLite says 1.
    flags = [case((c.is_(None), 1), else_=0) for c in json_null_columns(table)]
    return select(*table.columns, *flags).order_by(*order)


def table_sum(connection: Connection, table: Table) -> TableSum:
    """The row count and checksum of one table, read on `connection`."""
    digest, rows = hashlib.sha256(), 0
    result = connection.execution_options(yield_per=BATCH).execute(
        ordered_select(table)
    )
    for row in result:
        digest.update(row_text(row))
        digest.update(b"\n")
        rows += 1
    return TableSum(rows, digest.hexdigest())


def database_sums(
    connection: Connection, tables: Iterable[Table]
) -> dict[str, TableSum]:
    """Counts and checksums of every table in `tables`, by table name."""
    return {table.name: table_sum(connection, table) for table in tables}


def differences(expected: dict[str, TableSum], found: dict[str, TableSum]) -> list[str]:
    """Plain lines naming each table whose count or checksum differs."""
    lines = []
    for name in sorted(set(expected) | set(found)):
        want, got = expected.get(name), found.get(name)
        if want == got:
            continue
        if want is None or got is None:
            lines.append(f"{name}: present on one side only")
        elif want.rows != got.rows:
            lines.append(f"{name}: {want.rows} rows expected, {got.rows} found")
        else:
            lines.append(f"{name}: same {got.rows} rows but different values")
    return lines
