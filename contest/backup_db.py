"""Database half of a backup: a consistent dump, row counts of that same snapshot, restore.

SQLite uses the online backup API (a consistent copy while the app keeps writing);
PostgreSQL uses pg_dump on an exported snapshot, so the row counts in the manifest
describe exactly the data in the dump, and pg_restore in a single transaction; the
same snapshot is also copied into a portable SQLite file (backup_portable), so that
the backup restores into SQLite too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from contest.backup_errors import BackupError
from contest.backup_portable import PORTABLE_NAME, write_portable

SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.pgdump"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_path(engine: Engine) -> Path:
    """The file of a SQLite engine (in-memory databases cannot be backed up)."""
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows per table of a SQLite database."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: connection.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]
        for name in names
    }


def postgres_counts(connection) -> dict[str, int]:
    """Rows per table of the current PostgreSQL schema (on an SQLAlchemy connection)."""
    names = connection.scalars(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ).all()
    return {
        name: connection.scalar(text(f"SELECT count(*) FROM {_quote(name)}"))
        for name in sorted(names)
    }


def database_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the app's database now."""
    if engine.dialect.name == "sqlite":
        with sqlite3.connect(sqlite_path(engine)) as connection:
            return sqlite_counts(connection)
    with engine.connect() as connection:
        return postgres_counts(connection)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment carrying it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed (apt-get install postgresql-client)."
        )
    return found


@dataclass(frozen=True)
class Dump:
    """A database dump: its engine, file, rows per table, and the portable copy
    (a SQLite file of the same snapshot; for SQLite the dump itself)."""

    dialect: str
    path: Path
    counts: dict[str, int]
    portable: Path


def dump_database(engine: Engine, directory: Path) -> Dump:
    """Write a consistent dump into `directory`, with a portable copy for PostgreSQL."""
    if engine.dialect.name == "sqlite":
        target = directory / SQLITE_NAME
        source = sqlite3.connect(sqlite_path(engine))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # one step: a consistent snapshot, writers keep going
            counts = sqlite_counts(copy)
        finally:
            copy.close()
            source.close()
        return Dump("sqlite", target, counts, target)
    if engine.dialect.name != "postgresql":
        raise BackupError(f"Backups of {engine.dialect.name} are not supported.")
    target = directory / POSTGRES_NAME
    uri, env = _libpq(engine.url)
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            counts = postgres_counts(connection)
            command = [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={uri}",
            ]
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]}")
            # Same snapshot again, row by row into SQLite: restorable into either engine.
            portable = directory / PORTABLE_NAME
            write_portable(connection, portable)
    return Dump("postgresql", target, counts, portable)


def restore_database(engine: Engine, dialect: str, dump: Path) -> None:
    """Replace the app's database content with the dump (same dialect only; the other
    engine restores from the portable copy, see backup_portable)."""
    if dialect != engine.dialect.name:
        raise BackupError(
            f"This backup holds a {dialect} database; the target is "
            f"{engine.dialect.name}. Restore it into a {dialect} database."
        )
    engine.dispose()  # our pooled connections must not hold locks during the restore
    if dialect == "sqlite":
        source = sqlite3.connect(dump)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The database in the backup is damaged.")
            target = sqlite3.connect(sqlite_path(engine))
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        return
    uri, env = _libpq(engine.url)
    command = [
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={uri}",
        str(dump),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()[:500]}")
