"""Backups and restore (database + uploads), stored files, and `flask files check`."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from contest.app import create_app
from contest.backup import BackupError, create_backup, restore_backup, verify_backup
from contest.backup_db import database_counts
from contest.extensions import db
from contest.models import User
from contest.storage import (
    TEMP_PREFIX,
    check_files,
    path_of,
    store_bytes,
    store_stream,
)
from tests.conftest import app_test_config, empty_database


@pytest.fixture(autouse=True)
def empty_uploads(app):
    """Each test starts with an empty upload directory (the app is shared)."""
    root = Path(app.config["UPLOAD_DIR"])
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)


@pytest.fixture
def fresh_app(app, tmp_path):
    """A second app on an empty database of the same kind, with its own uploads."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with empty_database(url, tmp_path / "restored.sqlite3", "restore") as fresh_url:
        fresh = create_app(app_test_config(tmp_path / "restored", fresh_url))
        yield fresh
        with fresh.app_context():
            db.engine.dispose()


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def stored_files(app):
    """Three uploads, as the entries code stores them."""
    with app.app_context():
        return [
            store_bytes(f"Bài viết số {i} về người tốt".encode(), ".txt")
            for i in range(3)
        ]


@pytest.fixture
def archive(app, stored_files, make_user, tmp_path) -> Path:
    """A backup of a small contest (a few users and files)."""
    make_user(email="lan@example.vn")
    path = tmp_path / "backup.tar.gz"
    create_backup(app, path)
    return path


def test_backup_during_signups_restores_exactly_into_a_fresh_database(
    app, fresh_app, stored_files, tmp_path
):
    """A backup taken while users keep signing up restores to a consistent copy."""
    with app.app_context():
        engine = db.engine
    stop, written = threading.Event(), [0]

    def sign_up() -> None:
        while not stop.is_set():
            with engine.begin() as conn:
                conn.execute(
                    insert(User.__table__).values(
                        email=f"w{written[0]}@example.vn",
                        password_hash="x",
                        full_name="Người viết",
                    )
                )
            written[0] += 1

    writer = threading.Thread(target=sign_up)
    writer.start()
    try:
        while written[0] < 5:
            stop.wait(0.01)
        before = user_count(app)
        manifest = create_backup(app, tmp_path / "live.tar.gz")
        goal = written[0] + 5
        while written[0] < goal:  # the writer really runs around the backup
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
    after = user_count(app)
    in_backup = manifest["database"]["tables"]["user"]
    assert before <= in_backup <= after and before < after

    restore_backup(fresh_app, tmp_path / "live.tar.gz")
    with fresh_app.app_context():
        assert database_counts(db.engine) == manifest["database"]["tables"]
        for stored in stored_files:
            assert sha256_of(path_of(stored.key)) == stored.sha256


def test_restore_refuses_a_database_that_holds_data(app, archive):
    """Restoring over live data needs --force; the message says so."""
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(app, archive)


def rewrite(source: Path, target: Path, change=None, extra: dict | None = None):
    """Copy an archive, changing members' bytes and adding members."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        members = [(m.name, old.extractfile(m).read()) for m in old]
        for name, data in [*members, *(extra or {}).items()]:
            data = change(name, data) if change else data
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def tamper_upload(name: str, data: bytes) -> bytes:
    return b"changed" + data if name.startswith("uploads/") else data


def _flip_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_truncate, "damaged"),
        (_flip_middle, "damaged|mismatch|manifest"),
        (lambda p: p.write_bytes(b"just some text"), "damaged|not a"),
        (lambda p: rewrite(p.with_suffix(".orig"), p, tamper_upload), "mismatch"),
        (
            lambda p: rewrite(p.with_suffix(".orig"), p, extra={"../evil.sh": b"x"}),
            "Unexpected entry",
        ),
    ],
    ids=["truncated", "flipped-byte", "not-an-archive", "tampered-file", "traversal"],
)
def test_a_damaged_archive_is_refused_with_a_clear_message(
    archive, fresh_app, damage, message
):
    """Restore checks everything first and refuses a bad archive, touching nothing."""
    archive.with_suffix(".orig").write_bytes(archive.read_bytes())
    damage(archive)
    with pytest.raises(BackupError, match=message):
        restore_backup(fresh_app, archive)
    with fresh_app.app_context():
        assert not any(database_counts(db.engine).values())


def test_a_backup_the_other_engine_cannot_read_is_refused(app, archive, fresh_app):
    """An old PostgreSQL backup (no portable copy) is not poured into SQLite, and a
    file that is not a SQLite database is not poured into PostgreSQL: clear refusals."""
    sqlite_app = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    other = "postgresql" if sqlite_app else "sqlite"
    original = archive.with_suffix(".orig")
    original.write_bytes(archive.read_bytes())
    with tarfile.open(original, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    manifest["database"]["dialect"] = other
    manifest["database"].pop("portable")
    encoded = json.dumps(manifest).encode()

    def swap(name: str, data: bytes) -> bytes:
        if name == "manifest.json":
            return encoded
        if name == "manifest.sha256":
            return hashlib.sha256(encoded).hexdigest().encode()
        return data

    rewrite(original, archive, swap)
    message = "without a portable copy|written before" if sqlite_app else "damaged"
    with pytest.raises(BackupError, match=message):
        restore_backup(fresh_app, archive)
    with fresh_app.app_context():
        assert not any(database_counts(db.engine).values())


def test_cli_creates_and_verifies_a_backup(app, runner, stored_files, tmp_path):
    """`flask backup create --output F` then `flask backup verify F` both succeed."""
    target = tmp_path / "cli.tar.gz"
    created = runner.invoke(args=["backup", "create", "--output", str(target)])
    assert created.exit_code == 0, created.output
    assert "3 files" in created.output
    verified = runner.invoke(args=["backup", "verify", str(target)])
    assert verified.exit_code == 0 and "backup OK" in verified.output
    assert verify_backup(target)["format"] == "contest-backup"


def test_cli_restore_reports_a_refusal_plainly(runner, archive):
    """A refused restore exits non-zero with the reason, not a traceback."""
    result = runner.invoke(args=["backup", "restore", str(archive)])
    assert result.exit_code != 0 and "not empty" in result.output


# -- stored files -----------------------------------------------------------------------


def test_same_content_is_stored_once_under_a_server_name(app):
    """Two uploads of the same bytes share one file named by their hash."""
    with app.app_context():
        first = store_bytes(b"noi dung", ".DOCX")
        second = store_stream(io.BytesIO(b"noi dung"), ".docx")
        assert first == second
        assert first.key == f"{first.sha256[:2]}/{first.sha256}.docx"
        assert path_of(first.key).read_bytes() == b"noi dung"
        with pytest.raises(ValueError):
            path_of("../../etc/passwd")


def test_files_check_lists_orphans_and_missing_files(app, runner, monkeypatch):
    """Files without rows and rows without files are both reported."""
    with app.app_context():
        kept = store_bytes(b"kept", ".txt")
        orphan = store_bytes(b"orphan", ".txt")
        (path_of(kept.key).parent / f"{TEMP_PREFIX}half").write_bytes(b"half")
        # A stand-in key column: the user's address holds a key here.
        db.session.add_all(
            [
                User(
                    email="a@x.vn", password_hash="x", full_name="A", address=kept.key
                ),
                User(
                    email="b@x.vn", password_hash="x", full_name="B", address="zz/gone"
                ),
            ]
        )
        db.session.commit()
        monkeypatch.setattr("contest.storage._FILE_COLUMNS", [User.address])
        report = check_files(db.session)
    assert report.orphans == [orphan.key]  # the half-written temp file is ignored
    assert [m.key for m in report.missing] == ["zz/gone"]
    result = runner.invoke(args=["files", "check"])
    assert result.exit_code == 1
    assert f"orphan file: {orphan.key}" in result.output
    assert "missing file: user.address" in result.output


def test_files_check_reports_a_file_no_row_refers_to(app, runner):
    """A file that no registered column names is an orphan (all of them, until the
    tables declare their key columns)."""
    with app.app_context():
        stored = store_bytes(b"alone", ".txt")
    result = runner.invoke(args=["files", "check"])
    assert f"orphan file: {stored.key}" in result.output
