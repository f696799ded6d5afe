"""Shared fixtures: the app on a real SQLite file (always) and on PostgreSQL (when
TEST_DATABASE_URL is set), a test client, factories, and login/CSRF helpers."""

from __future__ import annotations

import os
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from contest.app import create_app
from contest.config import normalize_database_url
from contest.extensions import db, limiter

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])
PASSWORD = "Mat-khau-rat-dai-2026"
CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def pytest_configure(config):
    if os.environ.get("REQUIRE_POSTGRES") and not PG_URL:
        raise pytest.UsageError("REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not")


def app_test_config(instance, database_url: str) -> dict:
    """Config overrides of every test app (cheap password hashing, memory mail)."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(instance),
        "UPLOAD_DIR": str(instance / "uploads"),
        "SQLALCHEMY_DATABASE_URI": normalize_database_url(database_url),
        "MAIL_BACKEND": "memory",
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "HSTS_ENABLED": False,
    }


def maintenance_engine(url: str):
    """An AUTOCOMMIT connection to the server's `postgres` database (CREATE DATABASE)."""
    return create_engine(
        make_url(normalize_database_url(url)).set(database="postgres"),
        isolation_level="AUTOCOMMIT",
    )


@contextmanager
def empty_database(url: str, sqlite_path, prefix: str):
    """A new empty database of the kind of ``url``: a SQLite file at ``sqlite_path``,
    or a PostgreSQL database ``<prefix>_<random>`` on the same server, dropped at the
    end. Yields its URL."""
    if url.startswith("sqlite"):
        yield f"sqlite:///{sqlite_path}"
        return
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with maintenance_engine(url).connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(url).set(database=name).render_as_string(False)
    with maintenance_engine(url).connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL database of this test session alone, dropped at its end.

    A new database per session means that nothing an earlier run (of any version of
    the code) left behind can interfere, and two runs on one server never meet.
    """
    if not PG_URL:
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL to run")
    name = f"pytest_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = maintenance_engine(PG_URL)
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def app_instance(request, tmp_path_factory):
    """One app per database backend for the whole session, with fresh tables."""
    from contest.i18n import stale_catalogs

    if stale_catalogs():  # pages would show untranslated texts: stop with the reason
        pytest.exit(
            f"translations not compiled or out of date ({stale_catalogs()[0]}): run "
            "`make translations` (`make test` does it before pytest)",
            returncode=4,
        )
    instance = tmp_path_factory.mktemp(f"instance-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{instance / 'test.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    application = create_app(app_test_config(instance, url))
    with application.app_context():
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(app_instance):
    """The app for one test; every row, rate-limit counter and email is gone after it."""
    saved_config = dict(app_instance.config)
    yield app_instance
    app_instance.config.clear()
    app_instance.config.update(saved_config)
    with app_instance.app_context():
        db.session.remove()
        tables = db.metadata.sorted_tables
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                db.session.execute(table.delete())
        db.session.commit()
    limiter.reset()
    app_instance.extensions["mail_outbox"] = []


@pytest.fixture
def client(app):
    """A browser-like test client (keeps cookies)."""
    return app.test_client()


@pytest.fixture
def english(client):
    """The test client, reading pages in English (the msgids), whatever the catalogs
    hold."""
    client.get("/lang/en")
    return client


@pytest.fixture
def runner(app):
    """Runs `flask …` commands against the test app."""
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """Emails sent during the test (the memory mail backend)."""
    app.extensions["mail_outbox"] = []
    return app.extensions["mail_outbox"]


# -- helpers ---------------------------------------------------------------------------


def csrf_token(client) -> str:
    """The CSRF token of the client's session, read from a page as a browser would."""
    page = client.get("/auth/forgot").get_data(as_text=True)
    match = CSRF_PATTERN.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """POST a form the way a browser does, with the session's CSRF token."""
    payload = {"csrf_token": csrf_token(client), **(data or {})}
    return client.post(url, data=payload, **kwargs)


def login(client, email: str, password: str = PASSWORD):
    """Log the client in through the real login form."""
    return post_form(client, "/auth/login", {"email": email, "password": password})


def client_as(app, person, lang: str | None = "en"):
    """A fresh browser (test client) logged in as ``person`` through the login form,
    reading ``lang`` (None: the default language)."""
    client = app.test_client()
    assert login(client, person.email, person.password).status_code == 302
    if lang is not None:
        client.get(f"/lang/{lang}")
    return client


def page_text(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


# -- factories -------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """What a test needs to know about a user it created."""

    id: int
    email: str
    password: str


@pytest.fixture
def make_user(app):
    """Create a confirmed, active user with the given roles."""
    from contest.models import Role, User

    counter = iter(range(1, 10_000))

    def _make(
        *roles: Role,
        email: str | None = None,
        full_name: str = "Nguyễn Văn An",
        unit_id=None,
        confirmed=True,
        password=PASSWORD,
    ) -> Person:
        with app.app_context():
            user = User(
                email=email or f"user{next(counter)}@example.vn",
                full_name=full_name,
                unit_id=unit_id,
                email_confirmed_at=datetime.now(UTC) if confirmed else None,
            )
            user.set_password(password)
            user.set_roles(set(roles) or {Role.WRITER})
            db.session.add(user)
            db.session.commit()
            return Person(user.id, user.email, password)

    return _make


@pytest.fixture
def login_as(client, make_user):
    """Create a user with these roles and log the test client in as them."""

    def _login_as(*roles, **kwargs) -> Person:
        person = make_user(*roles, **kwargs)
        response = login(client, person.email, person.password)
        assert response.status_code == 302, page_text(response)
        return person

    return _login_as


@pytest.fixture
def make_edition(app):
    """Create an edition with the default set-up; open for submissions by default."""
    from contest.models import EditionStatus
    from contest.services.editions import create_edition

    def _make(
        *,
        title: str = "Cuộc thi viết người tốt, việc tốt",
        year: int = 2026,
        status=EditionStatus.PUBLISHED,
        open_now: bool = True,
    ) -> int:
        with app.app_context():
            edition = create_edition(None, title=title, year=year)
            now = datetime.now(UTC)
            edition.submission_opens_at = (
                now - timedelta(days=10) if open_now else now + timedelta(days=10)
            )
            edition.submission_closes_at = (
                now + timedelta(days=20) if open_now else now + timedelta(days=40)
            )
            edition.status = status
            edition.rules_text = "Thể lệ: viết về người thật, việc thật."
            db.session.commit()
            return edition.id

    return _make


@pytest.fixture
def edition_id(make_edition) -> int:
    """An edition open for submissions (a test module may define its own)."""
    return make_edition()


@pytest.fixture
def make_unit(app):
    """Create a unit, optionally in a cluster."""
    from contest.models import UnitKind
    from contest.services.units import save_unit

    def _make(
        name: str = "UBND quận Đống Đa", cluster: str = "Cụm 1", kind=UnitKind.DISTRICT
    ) -> int:
        with app.app_context():
            unit = save_unit(
                None,
                None,
                name=name,
                kind=kind,
                cluster_name=cluster,
                locality="Hà Nội",
                code="",
            )
            db.session.commit()
            return unit.id

    return _make


STORY = (
    "Bà Nguyễn Thị Hoa, 68 tuổi, ở phường Hàng Bạc, đã mười năm nấu cơm miễn phí cho "
    "người nhà bệnh nhân ở Bệnh viện Việt Đức.\n\n"
    "Mỗi sáng, bà dậy từ bốn giờ để nhóm bếp, nấu hai nồi cơm lớn và một nồi canh rau."
)


@dataclass(frozen=True)
class SampleEntry:
    """What a test needs to know about an entry it created."""

    id: int
    number: str | None
    owner: Person
    document_id: int | None
    photo_id: int | None


def draft_entry(
    user,
    edition,
    *,
    key: str,
    title: str,
    text: str | None,
    authors,
    featured,
    track=0,
    field=0,
):
    """Inside a request context: a new entry of ``user`` with its draft saved through
    the services (genre Ký, the edition's ``track``-th track and ``field``-th field,
    these AuthorData and FeaturedData); not committed."""
    from contest.services import entries as service

    entry = service.start_entry(user, edition, key=key)
    service.save_draft(
        entry,
        user,
        service.EntryData(
            title=title,
            track_id=edition.tracks[track].id,
            field_id=edition.fields[field].id,
            genre="Ký",
            text=text,
            authors=list(authors),
            featured=list(featured),
        ),
    )
    return entry


@pytest.fixture
def make_entry(app, make_user, make_edition):
    """Create a complete entry (submitted unless submit=False) in the current edition."""
    from contest.models import Edition, EditionStatus, User
    from contest.services import entries as service
    from contest.services import entry_files

    def _make(
        *,
        owner: Person | None = None,
        title: str = "Bếp cơm yêu thương",
        text: str = STORY,
        submit: bool = True,
        with_document: bool = False,
        with_photo: bool = False,
        unit_id=None,
        edition_id=None,
    ) -> SampleEntry:
        owner = owner or make_user(unit_id=unit_id, full_name="Trần Thị Tác Giả")
        if edition_id is None:
            with app.app_context():
                edition_id = db.session.scalar(
                    db.select(Edition.id).filter_by(status=EditionStatus.PUBLISHED)
                )
            edition_id = edition_id or make_edition()
        with app.test_request_context():
            edition = db.session.get(Edition, edition_id)
            user = db.session.get(User, owner.id)
            entry = draft_entry(
                user,
                edition,
                key=f"key-{owner.id}-{title}",
                title=title,
                text=text,
                authors=[
                    service.AuthorData(
                        full_name=user.full_name, phone="0912 000 111", email=user.email
                    )
                ],
                featured=[
                    service.FeaturedData(
                        name="Nguyễn Thị Hoa",
                        unit_name="Phường Hàng Bạc",
                        summary="Nấu cơm miễn phí",
                    )
                ],
            )
            document_id = photo_id = None
            if with_document:
                entry_files.attach_document(
                    entry, user, text.encode(), "bai-du-thi.txt"
                )
                db.session.flush()
                document_id = entry.documents[-1].id
            if with_photo:
                from tests.docfactory import make_image

                entry_files.add_photo(entry, user, make_image(gps=True), "anh.jpg")
                db.session.flush()
                photo_id = entry.photos[-1].id
            entry.declaration_accepted = True
            if submit:
                service.submit(entry, user, datetime.now(UTC))
            db.session.commit()
            return SampleEntry(entry.id, entry.number, owner, document_id, photo_id)

    return _make


# Fixtures of the database move and cross-engine backup tests.
pytest_plugins = ["tests.move_fixtures"]

# Fixtures of the unit tree, intake policy and unit targets tests.
pytest_plugins += ["tests.grassroots_fixtures"]

# Fixtures of the judging tests (judges reading entries in an open round).
pytest_plugins += ["tests.judging_fixtures"]

# Entries with every field the organizer lists and exports show (``add_entry``).
pytest_plugins += ["tests.entry_fixtures"]

# Fixtures of the unit-round tests (a district holding entries, its focal point).
pytest_plugins += ["tests.unit_round_fixtures"]
