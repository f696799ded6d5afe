"""Move a contest to another database (SQLite → PostgreSQL, or back): `flask database move`.

Steps: the source must be at the migrations' head revision; the target gets its
schema from the migrations (`flask db upgrade` run against it) and must end at the
same revision; the uploaded files are copied when the target has its own
UPLOAD_DIR (content-addressed, each verified by its sha256) and left in place when
it shares the source's; then every row is copied in one target transaction that
commits only if row counts and per-table checksums match (db_copy).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError

from contest.backup_errors import MoveError
from contest.config import engine_options, normalize_database_url
from contest.db_checksums import TableSum
from contest.db_copy import Progress, copy_database, held_rows
from contest.extensions import db
from contest.storage import TEMP_PREFIX, iter_stored_keys

CHUNK = 1 << 20
_DIGEST = re.compile(r"^[0-9a-f]{64}")


@dataclass
class MoveReport:
    """What a move did: verified sums per table and what happened to the files."""

    sums: dict[str, TableSum]
    revision: str
    files_copied: int = 0
    files_present: int = 0
    shared_uploads: bool = False
    warnings: list[str] = field(default_factory=list)


def app_tables() -> list:
    """The app's tables in foreign-key order (parents first)."""
    return list(db.metadata.sorted_tables)


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision a database is at (None when it has no alembic_version)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.scalars(text("SELECT version_num FROM alembic_version")).all()
    return ",".join(sorted(found)) or None


def head_revision(app: Flask) -> str:
    """The revision the migrations of this version of the app end at."""
    from alembic.script import ScriptDirectory

    config = app.extensions["migrate"].migrate.get_config()
    return ",".join(sorted(ScriptDirectory.from_config(config).get_heads()))


def check_source(engine: Engine, head: str) -> str:
    """Refuse a source that is not at `head` or holds tables the app does not know."""
    with engine.connect() as connection:
        revision = schema_revision(connection)
        names = set(inspect(connection).get_table_names())
    if revision is None:
        raise MoveError(
            "The source database has no Alembic revision (no alembic_version table). "
            "Run `flask db upgrade` on it first (or `flask db stamp head` if its "
            "tables were made by this version without migrations)."
        )
    if revision != head:
        raise MoveError(
            f"The source database is at revision {revision}; this version of the app "
            f"expects {head}. Run `flask db upgrade` on the source first."
        )
    unknown = names - {t.name for t in app_tables()} - {"alembic_version"}
    if unknown:
        raise MoveError(
            "The source holds tables this version does not know, which a move would "
            f"leave behind: {', '.join(sorted(unknown))}."
        )
    return revision


def prepare_target(app: Flask, head: str, report: Progress) -> None:
    """Build or bring the target's schema to `head` with the migrations (upgrade)."""
    from flask_migrate import upgrade

    with app.app_context():
        try:
            with db.engine.connect() as connection:
                revision = schema_revision(connection)
                names = set(inspect(connection).get_table_names())
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0][:200]
            raise MoveError(
                f"Cannot connect to the target database: {reason}"
            ) from error
        names -= {"alembic_version"}
        if revision is None and names:
            raise MoveError(
                "The target database has tables but no Alembic revision: use an "
                "empty database, or one made by `flask db upgrade`."
            )
        if revision != head:
            report(f"target: flask db upgrade ({revision or 'empty'} → {head})")
            try:
                upgrade()
            except (Exception, SystemExit) as error:
                raise MoveError(
                    f"flask db upgrade on the target failed: {error}"
                ) from error
        with db.engine.connect() as connection:
            revision = schema_revision(connection)
        db.engine.dispose()
    if revision != head:
        raise MoveError(
            f"The target database is at revision {revision}, not {head}: it may "
            "belong to another version of the app."
        )


def refuse_non_empty(app: Flask) -> None:
    """Refuse early, before any file is copied, a target that already holds rows."""
    with app.app_context(), db.engine.connect() as connection:
        held = held_rows(connection, app_tables())
    if held:
        raise MoveError(
            f"The target database is not empty ({held} rows). Move into an "
            "empty database, or use --replace to replace its content."
        )


def target_app(source: Flask, url: str, upload_dir: Path) -> Flask:
    """An app on the target database (and UPLOAD_DIR) sharing the source's instance."""
    from contest.app import create_app

    url = normalize_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise MoveError("The target must be a SQLite file, not an in-memory one.")
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    elif parsed.get_backend_name() != "postgresql":
        raise MoveError(f"Moving to {parsed.get_backend_name()} is not supported.")
    return create_app(
        {
            "INSTANCE_PATH": source.instance_path,
            "SECRET_KEY": source.config["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
            "UPLOAD_DIR": str(upload_dir),
            "JOBS_AUTOSTART": False,
        }
    )


def _copy_file(source: Path, target: Path) -> str:
    """Copy atomically (temp name, then rename); the sha256 of what was written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(TEMP_PREFIX + target.name)
    digest = hashlib.sha256()
    with source.open("rb") as reader, incoming.open("wb") as writer:
        while block := reader.read(CHUNK):
            digest.update(block)
            writer.write(block)
        writer.flush()
        os.fsync(writer.fileno())
    os.replace(incoming, target)
    return digest.hexdigest()


def copy_uploads(source: Path, target: Path, result: MoveReport, report: Progress):
    """Copy the stored files the target lacks; same directory: leave them in place."""
    if source.resolve() == target.resolve():
        result.shared_uploads = True
        report(f"uploads: the target shares UPLOAD_DIR {source}; files stay in place")
        return
    keys = list(iter_stored_keys(source))
    report(f"uploads: copying {len(keys)} file(s) from {source} to {target}")
    for key in keys:
        destination = target / key
        digest = _DIGEST.match(Path(key).name)
        if destination.exists() and destination.stat().st_size == (
            (source / key).stat().st_size
        ):
            result.files_present += 1
            continue
        written = _copy_file(source / key, destination)
        result.files_copied += 1
        if digest and digest.group(0) != written:
            result.warnings.append(f"{key}: its content does not match its name")


def move_database(
    source: Flask,
    target_url: str,
    *,
    upload_dir: Path | None = None,
    replace: bool = False,
    batch_size: int = 1000,
    report: Progress = lambda _line: None,
) -> MoveReport:
    """Move the contest of `source` into the database at `target_url`."""
    from contest.storage import check_files

    source_root = Path(source.config["UPLOAD_DIR"])
    upload_dir = Path(upload_dir or source_root)
    head = head_revision(source)
    with source.app_context():
        source_engine = db.engine
        if source_engine.url == make_url(normalize_database_url(target_url)):
            raise MoveError("The target is the database the app uses now.")
        revision = check_source(source_engine, head)
        missing = check_files(db.session).missing
        db.session.remove()
    target = target_app(source, target_url, upload_dir)
    prepare_target(target, head, report)
    if not replace:
        refuse_non_empty(target)
    result = MoveReport(sums={}, revision=revision)
    if missing:
        result.warnings.append(
            f"{len(missing)} row(s) name files missing from the source's UPLOAD_DIR "
            "(`flask files check` lists them)"
        )
    copy_uploads(source_root, upload_dir, result, report)
    with target.app_context():
        target_engine = db.engine
        try:
            result.sums = copy_database(
                source_engine,
                target_engine,
                app_tables(),
                replace=replace,
                batch_size=batch_size,
                report=report,
            )
        finally:
            target_engine.dispose()
    return result
