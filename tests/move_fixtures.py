"""Fixtures of the database move tests: migrated databases of either engine, and the
demo contest (with an uploaded photo) in a migrated SQLite file as the source."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from contest.app import create_app
from contest.db_checksums import database_sums
from contest.db_move import app_tables
from contest.demo import DEMO_PASSWORD
from contest.extensions import db
from contest.models import Edition, Entry
from tests.conftest import (
    PG_URL,
    app_test_config,
    login,
    maintenance_engine,
    page_text,
)


class Databases:
    """Makes empty databases (SQLite files or PostgreSQL databases) and drops them."""

    def __init__(self, root: Path) -> None:
        self.root, self.postgres = root, []

    def url(self, kind: str) -> str:
        """A new empty database of `kind` ("sqlite" or "postgres")."""
        if kind == "sqlite":
            return f"sqlite:///{self.root / f'{uuid.uuid4().hex[:8]}.sqlite3'}"
        if not PG_URL:
            pytest.skip("PostgreSQL: set TEST_DATABASE_URL to run")
        name = f"move_{uuid.uuid4().hex[:12]}"
        with maintenance_engine(PG_URL).connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.postgres.append(name)
        return make_url(PG_URL).set(database=name).render_as_string(False)

    def app(self, url: str, name: str | None = None):
        """A test app on `url` with its own instance folder and uploads."""
        instance = self.root / (name or uuid.uuid4().hex[:8])
        return create_app(app_test_config(instance, url))

    def drop(self) -> None:
        if self.postgres:
            with maintenance_engine(PG_URL).connect() as connection:
                for name in self.postgres:
                    connection.execute(
                        text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    )


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    """Empty databases on demand, dropped after the module."""
    made = Databases(tmp_path_factory.mktemp("move"))
    yield made
    made.drop()


PHOTO = "Ảnh nhân vật: bà Nguyễn Thị Hoà, tổ trưởng dân phố".encode() * 50


@pytest.fixture(scope="module")
def demo_source(databases):
    """`flask db upgrade` + `flask demo` in a new SQLite file, plus one stored photo."""
    from contest.models import Attachment, Entry
    from contest.storage import store_bytes

    app = databases.app(databases.url("sqlite"), "source")
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        entry = db.session.scalars(select(Entry).order_by(Entry.id)).first()
        stored = store_bytes(PHOTO, ".jpg")
        db.session.add(
            Attachment(
                entry=entry,
                kind="photo",
                storage_key=stored.key,
                original_name="ảnh.jpg",
                mime="image/jpeg",
                size=stored.size,
                sha256=stored.sha256,
            )
        )
        db.session.commit()
        db.engine.dispose()
    return app


def sums_of(app) -> dict:
    """Counts and checksums of every table of the app's database."""
    with app.app_context(), db.engine.connect() as connection:
        sums = database_sums(connection, app_tables())
    with app.app_context():
        db.engine.dispose()
    return sums


def serves_the_demo(app) -> None:
    """The organizer logs in on the moved database and sees the demo entries."""
    client = app.test_client()
    assert login(client, "bantochuc@demo.vn", DEMO_PASSWORD).status_code == 302
    with app.app_context():
        edition = db.session.scalars(select(Edition).order_by(Edition.year.desc()))
        edition_id = edition.first().id
        title = db.session.scalars(
            select(Entry.title).where(Entry.edition_id == edition_id).order_by(Entry.id)
        ).first()
    page = client.get(f"/organizer/editions/{edition_id}/entries")
    assert page.status_code == 200
    assert title.split()[0] in page_text(page)
