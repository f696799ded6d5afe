"""`flask database move`: the demo contest goes SQLite → PostgreSQL → SQLite with every
row, value and uploaded file, the app serves it there, and a re-run never half-does."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from contest.db_checksums import TableSum
from contest.extensions import db
from contest.models import Attachment, Edition, Entry, User
from tests.conftest import BACKENDS
from tests.move_fixtures import PHOTO, serves_the_demo, sums_of


def move(app, url: str, *extra: str):
    """Run `flask database move --to URL …` in `app`; the click result."""
    return app.test_cli_runner().invoke(
        args=["database", "move", "--to", url, "--batch-size", "25", *extra]
    )


def test_demo_moves_to_postgresql_and_back_with_every_row_and_file(
    demo_source, databases, tmp_path
):
    """SQLite → PostgreSQL (shared uploads) → SQLite (own uploads): same counts and
    checksums at every step, the photo's bytes kept, the app serves the contest."""
    source_sums = sums_of(demo_source)
    assert sum(s.rows for s in source_sums.values()) > 500

    postgres_url = databases.url("postgres")
    there = move(demo_source, postgres_url)
    assert there.exit_code == 0, there.output
    assert "flask db upgrade" in there.output  # the schema comes from the migrations
    assert "[1/" in there.output and "rows" in there.output  # progress
    assert "files stay in place" in there.output
    on_postgres = databases.app(postgres_url)
    on_postgres.config["UPLOAD_DIR"] = demo_source.config["UPLOAD_DIR"]
    assert sums_of(on_postgres) == source_sums
    serves_the_demo(on_postgres)
    with on_postgres.app_context():  # sequences continue after the copied ids
        before = db.session.scalar(select(func.max(User.id)))
        user = User(email="moi@example.vn", full_name="Người mới")
        user.set_password("Mat-khau-rat-dai-2026")
        db.session.add(user)
        db.session.commit()
        assert user.id == before + 1
        db.session.delete(user)
        db.session.commit()
        db.engine.dispose()
    now_on_postgres = sums_of(on_postgres)  # the login wrote last_login_at
    assert now_on_postgres["user"] != source_sums["user"]

    back_url = databases.url("sqlite")
    uploads = tmp_path / "uploads-back"
    back = move(on_postgres, back_url, "--upload-dir", str(uploads))
    assert back.exit_code == 0, back.output
    assert "1 file(s) copied" in back.output
    on_sqlite = databases.app(back_url)
    on_sqlite.config["UPLOAD_DIR"] = str(uploads)
    assert sums_of(on_sqlite) == now_on_postgres
    with on_sqlite.app_context():
        key = db.session.scalars(select(Attachment.storage_key)).one()
    assert (uploads / key).read_bytes() == PHOTO
    assert hashlib.sha256(PHOTO).hexdigest() in key
    serves_the_demo(on_sqlite)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_rerun_refuses_a_non_empty_target_and_replace_replaces(
    demo_source, databases, backend
):
    """The second move stops with a clear message and changes nothing; --replace
    brings a target that drifted back to exactly the source."""
    url = databases.url(backend)
    assert move(demo_source, url).exit_code == 0
    target = databases.app(url)
    again = move(demo_source, url)
    assert again.exit_code != 0
    assert "not empty" in again.output and "--replace" in again.output
    assert "Traceback" not in again.output
    assert sums_of(target) == sums_of(demo_source)

    with target.app_context():  # the target drifts: the checksum sees a single value
        db.session.execute(update(Entry).where(Entry.id == 1).values(title="Đã sửa"))
        db.session.commit()
        db.engine.dispose()
    drifted = sums_of(target)
    assert drifted["entry"].rows == sums_of(demo_source)["entry"].rows
    assert drifted["entry"] != sums_of(demo_source)["entry"]

    replaced = move(demo_source, url, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert sums_of(target) == sums_of(demo_source)


def test_a_copy_that_does_not_match_writes_nothing(demo_source, databases, monkeypatch):
    """If the verification finds a difference, the one target transaction rolls back:
    the target keeps its (migrated, empty) schema and a re-run can start over."""
    import contest.db_copy

    real = contest.db_copy.database_sums

    def one_table_differs(connection, tables):
        sums = real(connection, tables)
        sums["entry"] = TableSum(sums["entry"].rows, "0" * 64)
        return sums

    url = databases.url("sqlite")
    monkeypatch.setattr(contest.db_copy, "database_sums", one_table_differs)
    failed = move(demo_source, url)
    assert failed.exit_code != 0
    assert "does not match the source; nothing was written" in failed.output
    assert "entry: same" in failed.output
    target = databases.app(url)
    assert not any(s.rows for s in sums_of(target).values())
    monkeypatch.setattr(contest.db_copy, "database_sums", real)
    assert move(demo_source, url).exit_code == 0
    assert sums_of(target) == sums_of(demo_source)


def test_a_source_behind_the_migrations_is_refused(databases):
    """A source at another Alembic revision is refused before anything is written."""
    from flask_migrate import upgrade

    source = databases.app(databases.url("sqlite"))
    with source.app_context():
        upgrade()
        db.session.execute(
            text("UPDATE alembic_version SET version_num = 'e78431168cb6'")
        )
        db.session.commit()
        db.engine.dispose()
    target_url = databases.url("sqlite")
    result = move(source, target_url)
    assert result.exit_code != 0
    assert "revision e78431168cb6" in result.output
    assert "flask db upgrade" in result.output
    assert not Path(target_url.removeprefix("sqlite:///")).exists()


def test_a_source_without_alembic_revision_is_refused(app, runner, tmp_path):
    """A database made without migrations says how to stamp or upgrade it."""
    result = runner.invoke(
        args=["database", "move", "--to", f"sqlite:///{tmp_path / 't.sqlite3'}"]
    )
    assert result.exit_code != 0 and "no Alembic revision" in result.output


def test_checksums_command_prints_every_table(demo_source):
    """`flask database checksums` lists each table with its rows and checksum."""
    result = demo_source.test_cli_runner().invoke(args=["database", "checksums"])
    assert result.exit_code == 0
    lines = dict(line.split(None, 1) for line in result.output.splitlines())
    sums = sums_of(demo_source)
    assert set(lines) == set(sums)
    assert lines["entry"].split() == [str(sums["entry"].rows), sums["entry"].sha256]


def test_a_row_postgresql_refuses_stops_the_move_with_its_table_named(databases):
    """SQLite keeps a NUL character in a text, PostgreSQL does not: the move names the
    table and the reason, and the target stays empty."""
    from flask_migrate import upgrade

    source = databases.app(databases.url("sqlite"))
    with source.app_context():
        upgrade()
        user = User(email="nul@example.vn", full_name="Trần\x00Văn Bình")
        user.set_password("Mat-khau-rat-dai-2026")
        db.session.add(user)
        db.session.commit()
        db.engine.dispose()
    url = databases.url("postgres")
    result = move(source, url)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "refused a row of user (nothing was written)" in result.output
    assert not any(s.rows for s in sums_of(databases.app(url)).values())


def test_an_unreachable_target_is_reported_plainly(demo_source):
    """No server at the target's address: one line saying so, no traceback."""
    result = move(demo_source, "postgresql://postgres@127.0.0.1:1/contest")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "Cannot connect to the target database" in result.output


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_row_pointing_to_a_later_row_of_its_table_is_copied(
    demo_source, databases, backend, tmp_path
):
    """An edition cloned from an edition with a higher id (a forward reference in
    the same table) arrives intact: the reference is filled in after the rows."""
    import sqlite3

    copy = tmp_path / "forward.sqlite3"
    with demo_source.app_context():
        original = sqlite3.connect(db.engine.url.database)
        with sqlite3.connect(copy) as into:
            original.backup(into)  # a consistent copy, write-ahead log included
        original.close()
    source = databases.app(f"sqlite:///{copy}")
    source.config["UPLOAD_DIR"] = demo_source.config["UPLOAD_DIR"]
    with source.app_context():
        first, last = db.session.execute(
            select(func.min(Edition.id), func.max(Edition.id))
        ).one()
        db.session.execute(
            update(Edition).where(Edition.id == first).values(cloned_from_id=last)
        )
        db.session.commit()
        db.engine.dispose()
    url = databases.url(backend)
    result = move(source, url)
    assert result.exit_code == 0, result.output
    target = databases.app(url)
    assert sums_of(target) == sums_of(source)
    with target.app_context():
        assert db.session.get(Edition, first).cloned_from_id == last
        db.engine.dispose()
