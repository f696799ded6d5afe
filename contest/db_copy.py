"""Copy every row of the app's tables from one database to another, in one transaction.

Works across engines (SQLite ↔ PostgreSQL): rows are read and written through the
models' column types, so booleans, timestamps with time zones, JSON and long texts
arrive as the same values, not as the source engine's storage form. Tables go in
foreign-key order, rows in batches; a column that points into its own table is
filled in after the table's rows. The target's transaction commits only when every
table's row count and checksum (see db_checksums) equals the source's; otherwise
nothing is written. The source is read in one snapshot (REPEATABLE READ on
PostgreSQL, one read transaction on SQLite).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from sqlalchemy import Integer, Table, and_, bindparam, func, null, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from contest.backup_errors import MoveError
from contest.db_checksums import (
    TableSum,
    database_sums,
    differences,
    json_null_columns,
    ordered_select,
    row_text,
)

Progress = Callable[[str], None]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def held_rows(connection: Connection, tables: Sequence[Table]) -> int:
    """How many rows the tables hold on `connection`."""
    return sum(
        connection.scalar(select(func.count()).select_from(table)) for table in tables
    )


def empty_tables(connection: Connection, tables: Sequence[Table]) -> None:
    """Delete every row of `tables` (children first) in the open transaction."""
    if connection.dialect.name == "postgresql":
        names = ", ".join(_quote(t.name) for t in tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    for table in reversed(tables):
        connection.execute(table.delete())


def _self_references(table: Table) -> list[str]:
    """Columns with a foreign key into their own table (filled in afterwards)."""
    return [
        c.name
        for c in table.columns
        if any(fk.column.table is table for fk in c.foreign_keys)
    ]


def _copy_table(
    source: Connection,
    target: Connection,
    table: Table,
    batch_size: int,
    report: Progress,
) -> TableSum:
    """Copy one table; the count and checksum of the rows as read from the source."""
    total = source.scalar(select(func.count()).select_from(table))
    later = _self_references(table)
    json_cols = [c.name for c in json_null_columns(table)]
    pk = [c.name for c in table.primary_key.columns]
    if later and not pk:
        raise MoveError(f"{table.name}: a self-reference without a primary key")
    columns = [c.name for c in table.columns]
    digest, copied, fixups = hashlib.sha256(), 0, []
    result = source.execution_options(yield_per=batch_size).execute(
        ordered_select(table)
    )
    for part in result.partitions():
        rows = []
        for row in part:
            digest.update(row_text(row))
            digest.update(b"\n")
            values = dict(zip(columns, row[: len(columns)], strict=True))
            is_null = dict(zip(json_cols, row[len(columns) :], strict=True))
            for name in json_cols:
                if is_null[name]:
                    values[name] = null()  # SQL NULL, not the JSON text 'null'
            for name in later:
                if values[name] is not None:
                    fixups.append(({k: values[k] for k in pk}, name, values[name]))
                    values[name] = None
            rows.append(values)
        try:
            target.execute(table.insert(), rows)
        except DBAPIError as error:
            raise MoveError(
                f"The target refused a row of {table.name} (nothing was written): "
                f"{str(error.orig).strip()[:300]}"
            ) from error
        copied += len(rows)
        report(f"  {table.name}: {copied}/{total} rows")
    for keys, name, value in fixups:
        where = and_(*(table.c[k] == bindparam(f"k_{k}") for k in keys))
        target.execute(
            table.update().where(where).values({name: value}),
            {f"k_{k}": v for k, v in keys.items()},
        )
    if copied == 0:
        report(f"  {table.name}: 0 rows")
    return TableSum(copied, digest.hexdigest())


def reset_sequences(connection: Connection, tables: Sequence[Table]) -> None:
    """PostgreSQL: every id sequence continues after the highest copied id."""
    if connection.dialect.name != "postgresql":
        return  # SQLite takes max(rowid) + 1 by itself
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        sequence = connection.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": _quote(table.name), "column": keys[0].name},
        )
        if sequence is None:
            continue
        column, name = _quote(keys[0].name), _quote(table.name)
        connection.execute(
            text(
                f"SELECT setval(:sequence, coalesce(max({column}), 1), "
                f"max({column}) IS NOT NULL) FROM {name}"
            ),
            {"sequence": sequence},
        )


def _read_snapshot(connection: Connection) -> Connection:
    if connection.dialect.name == "postgresql":
        return connection.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
    return connection


def copy_rows(
    source: Connection,
    target: Connection,
    tables: Sequence[Table],
    *,
    batch_size: int = 1000,
    report: Progress = lambda _line: None,
) -> dict[str, TableSum]:
    """Copy `tables` on open connections/transactions; checked sums of the source."""
    expected = {}
    for number, table in enumerate(tables, 1):
        report(f"[{number}/{len(tables)}] {table.name}")
        expected[table.name] = _copy_table(source, target, table, batch_size, report)
    reset_sequences(target, tables)
    found = database_sums(target, tables)
    lines = differences(expected, found)
    if lines:
        raise MoveError(
            "The copy does not match the source; nothing was written: "
            + "; ".join(lines[:5])
        )
    return expected


def copy_database(
    source_engine: Engine,
    target_engine: Engine,
    tables: Sequence[Table],
    *,
    replace: bool = False,
    batch_size: int = 1000,
    report: Progress = lambda _line: None,
) -> dict[str, TableSum]:
    """Copy every row of `tables` in one target transaction; the verified sums.

    Refuses a target that already holds rows unless `replace`, in which case its
    rows are deleted in the same transaction (a failure leaves it as it was).
    """
    with (
        source_engine.connect() as raw_source,
        target_engine.connect() as target,
    ):
        source = _read_snapshot(raw_source)
        with source.begin(), target.begin():
            held = held_rows(target, tables)
            if held and not replace:
                raise MoveError(
                    f"The target database is not empty ({held} rows). Move into an "
                    "empty database, or use --replace to replace its content."
                )
            if held:
                report(f"target: deleting its {held} rows first (--replace)")
                empty_tables(target, tables)
            return copy_rows(
                source, target, tables, batch_size=batch_size, report=report
            )
