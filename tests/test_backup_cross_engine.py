"""A backup restores into either engine: the demo's SQLite backup into PostgreSQL,
and that PostgreSQL's backup (with its portable copy) back into SQLite."""

from __future__ import annotations

import pytest

from contest.backup import BackupError, create_backup, restore_backup
from contest.extensions import db
from contest.models import Attachment
from tests.move_fixtures import PHOTO, serves_the_demo, sums_of


def photo_of(app) -> bytes:
    """The bytes of the stored photo, read through the app's UPLOAD_DIR."""
    from sqlalchemy import select

    from contest.storage import read_stored

    with app.app_context():
        key = db.session.scalars(select(Attachment.storage_key)).one()
        return read_stored(key)


def test_sqlite_backup_restores_into_postgresql_and_back(
    demo_source, databases, tmp_path
):
    """Same rows and checksums, the photo restored, the app serves the contest; the
    PostgreSQL backup carries a portable copy and restores into SQLite."""
    expected = sums_of(demo_source)
    from_sqlite = create_backup(demo_source, tmp_path / "sqlite.tar.gz")
    assert from_sqlite["database"]["dialect"] == "sqlite"

    on_postgres = databases.app(databases.url("postgres"))
    restore_backup(on_postgres, tmp_path / "sqlite.tar.gz")
    assert sums_of(on_postgres) == expected
    assert photo_of(on_postgres) == PHOTO

    from_postgres = create_backup(on_postgres, tmp_path / "postgres.tar.gz")
    assert from_postgres["database"]["dialect"] == "postgresql"
    assert "database/portable.sqlite3" in from_postgres["members"]

    on_sqlite = databases.app(databases.url("sqlite"))
    restore_backup(on_sqlite, tmp_path / "postgres.tar.gz")
    assert sums_of(on_sqlite) == expected
    assert photo_of(on_sqlite) == PHOTO
    serves_the_demo(on_sqlite)
    serves_the_demo(on_postgres)


def test_a_cross_engine_restore_over_data_needs_force(demo_source, databases, tmp_path):
    """Over a database with rows: refused without --force; with it, replaced whole."""
    archive = tmp_path / "sqlite.tar.gz"
    create_backup(demo_source, archive)
    target = databases.app(databases.url("postgres"))
    restore_backup(target, archive)
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(target, archive)
    restore_backup(target, archive, force=True)
    assert sums_of(target) == sums_of(demo_source)
