"""Backups that restore into either engine.

A SQLite backup's dump is a SQLite file, readable anywhere. A PostgreSQL backup also
carries `database/portable.sqlite3`: the same snapshot as its pg_dump, copied row by
row into SQLite (with its Alembic revision). Restoring into the other engine builds
the target's schema from the migrations and pours that SQLite file in with the
checked, single-transaction copy of `flask database move`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError

from contest.backup_errors import BackupError
from contest.db_copy import Progress, copy_database, copy_rows
from contest.db_move import app_tables, head_revision, prepare_target, schema_revision
from contest.extensions import db

PORTABLE_NAME = "portable.sqlite3"


def _sqlite_engine(path: Path):
    return create_engine(f"sqlite:///{path}")


def write_portable(source: Connection, path: Path) -> None:
    """Copy the app's tables, as `source`'s open transaction sees them, into SQLite."""
    engine = _sqlite_engine(path)
    try:
        db.metadata.create_all(engine)
        revision = schema_revision(source)
        with engine.begin() as target:
            target.execute(
                text(
                    "CREATE TABLE alembic_version "
                    "(version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
                )
            )
            for number in (revision or "").split(","):
                if number:
                    target.execute(
                        text("INSERT INTO alembic_version VALUES (:number)"),
                        {"number": number},
                    )
            copy_rows(source, target, app_tables())
    finally:
        engine.dispose()


def portable_member(database: dict[str, Any]) -> str:
    """The archive member a restore into the other engine reads, or BackupError."""
    if database.get("portable"):
        return database["portable"]
    if database["dialect"] == "sqlite":
        return database["member"]
    raise BackupError(
        f"This backup holds a {database['dialect']} database and was written before "
        "backups carried a portable copy. Restore it into a "
        f"{database['dialect']} database, then move it with `flask database move`."
    )


def restore_portable(
    app: Flask,
    dump: Path,
    dialect: str,
    *,
    replace: bool,
    report: Progress = lambda _line: None,
) -> None:
    """Pour a backup's SQLite copy into the app's database of another engine."""
    head = head_revision(app)
    source = _sqlite_engine(dump)
    try:
        try:
            with source.connect() as connection:
                checked = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
                revision = schema_revision(connection)
        except DatabaseError as error:
            raise BackupError(
                "The database in the backup is damaged or not a SQLite file."
            ) from error
        if checked != "ok":
            raise BackupError("The database in the backup is damaged.")
        if revision != head:
            raise BackupError(
                f"The database in this backup is at revision {revision or 'unknown'}; "
                f"this version of the app expects {head}. Restore it into a {dialect} "
                "database, run `flask db upgrade`, then `flask database move`."
            )
        prepare_target(app, head, report)  # a MoveError is a BackupError
        with app.app_context():
            copy_database(
                source, db.engine, app_tables(), replace=replace, report=report
            )
    finally:
        source.dispose()
