"""A throw-away instance of the app for the surge: folder, database, schema, data.

Each run gets a temporary folder (instance, uploads, SQLite file, logs) and, for
PostgreSQL, a fresh schema in the `test` database, selected through the URL's
`options=-csearch_path=…` so the app needs no change. The schema comes from
`flask db upgrade`; if the migrations lag behind the models (missing tables or
columns), the tables are dropped and `create_all` builds the schema (the result
says so and lists what the migrations lack). Writers get passwords hashed with
cheap scrypt parameters (scrypt:1024:8:1): a login verifies with the parameters
stored in the hash, so the 64 logins do not dominate the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
VENV_BIN = REPO / ".venv" / "bin"
PASSWORD = "Mat-khau-surge-2026"
CHEAP_HASH = "scrypt:1024:8:1"


@dataclass
class Instance:
    """Where one backend's run lives, and the environment gunicorn gets."""

    backend: str
    root: Path
    database_url: str
    env: dict[str, str]
    pg_admin_url: str | None = None
    pg_schema: str | None = None

    @property
    def upload_dir(self) -> Path:
        """Where the app stores files."""
        return self.root / "uploads"

    @property
    def log_path(self) -> Path:
        """gunicorn's (and the app's) stdout and stderr."""
        return self.root / "gunicorn.log"


def make_instance(
    backend: str, root: Path, pg_url: str, redis_url: str | None = None
) -> Instance:
    """A fresh database (SQLite file or PostgreSQL schema) and the app's environment.

    With `redis_url`, background jobs and emails go to an RQ queue of the run's own
    (run by a separate `flask jobs worker`), not to threads inside the web workers.
    """
    admin_url = schema = None
    if backend == "sqlite":
        url = f"sqlite:///{root / 'surge.sqlite3'}"
    else:
        import psycopg

        schema = f"surge_{uuid.uuid4().hex[:10]}"
        admin_url = pg_url
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        separator = "&" if "?" in pg_url else "?"
        url = f"{pg_url}{separator}options=-csearch_path%3D{schema}"
    env = {
        **os.environ,
        "APP_ENV": "development",  # console mail, cookies without the Secure flag
        "INSTANCE_PATH": str(root / "instance"),
        "UPLOAD_DIR": str(root / "uploads"),
        "DATABASE_URL": url,
        "SECRET_KEY": "surge-" + uuid.uuid4().hex,
        # 64 writers log in from one address within seconds: lift the per-IP limit.
        "LOGIN_RATE_LIMIT_PER_IP": "100000 per minute",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("FLASK_DEBUG", None)
    env.pop("REDIS_URL", None)
    if redis_url:
        env |= {"REDIS_URL": redis_url, "JOBS_QUEUE": f"surge-{uuid.uuid4().hex[:10]}"}
    return Instance(backend, root, url, env, admin_url, schema)


def drop_redis_queue(instance: Instance) -> None:
    """Delete the run's RQ queue and its jobs (Redis is shared too)."""
    if instance.env.get("REDIS_URL"):
        from redis import Redis
        from rq import Queue

        connection = Redis.from_url(instance.env["REDIS_URL"])
        Queue(instance.env["JOBS_QUEUE"], connection=connection).delete(
            delete_jobs=True
        )


def drop_instance_schema(instance: Instance) -> None:
    """Drop the PostgreSQL schema of the run (SQLite goes with the folder)."""
    if instance.pg_schema:
        import psycopg

        with psycopg.connect(instance.pg_admin_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{instance.pg_schema}" CASCADE')


def setup_app(instance: Instance):
    """The app in this process, on the instance's database (for setup and checks)."""
    from contest.app import create_app
    from contest.config import normalize_database_url

    return create_app(
        {
            "INSTANCE_PATH": str(instance.root / "instance"),
            "UPLOAD_DIR": str(instance.upload_dir),
            "SQLALCHEMY_DATABASE_URI": normalize_database_url(instance.database_url),
            "SECRET_KEY": instance.env["SECRET_KEY"],
            "PASSWORD_HASH_METHOD": CHEAP_HASH,
            "JOBS_AUTOSTART": False,
            "REQUEST_LOG": False,
        }
    )


def build_schema(instance: Instance, app) -> dict:
    """`flask db upgrade`; if that schema lacks model tables or columns, create_all instead.

    The migrations may lag behind the models while they are being regenerated; a
    benchmark on a half-migrated schema would only measure errors, so in that case
    every table is dropped and the models' schema is created (the result says so).
    """
    from sqlalchemy import MetaData, inspect

    from contest.extensions import db

    upgrade = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=REPO,
        env=instance.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    with app.app_context():
        inspector = inspect(db.engine)
        existing = set(inspector.get_table_names())
        lacking = []
        for table in db.metadata.sorted_tables:
            if table.name not in existing:
                lacking.append(table.name)
                continue
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            lacking += [
                f"{table.name}.{c.name}" for c in table.columns if c.name not in columns
            ]
        if lacking or upgrade.returncode != 0:
            reflected = MetaData()
            reflected.reflect(bind=db.engine)
            reflected.drop_all(bind=db.engine)
            db.create_all()
        db.engine.dispose()
    return {
        "schema": "create_all" if lacking or upgrade.returncode else "migrations",
        "db_upgrade_exit": upgrade.returncode,
        "db_upgrade_error": upgrade.stderr.strip().splitlines()[-1:]
        if upgrade.returncode
        else [],
        "migrations_lack": lacking[:40] + (["…"] if len(lacking) > 40 else []),
    }


def seed(app, clients: int) -> dict:
    """An open edition (default tracks and limits), a writer per client and a prober."""
    from contest.extensions import db
    from contest.models import EditionStatus, Role, User
    from contest.services.editions import create_edition

    with app.app_context():
        edition = create_edition(
            None, title="Cuộc thi viết người tốt, việc tốt", year=2026
        )
        now = datetime.now(UTC)
        edition.submission_opens_at = now - timedelta(days=10)
        edition.submission_closes_at = now + timedelta(days=20)
        edition.status = EditionStatus.PUBLISHED
        emails = [f"writer{i:03d}@surge.example.vn" for i in range(clients)]
        prober = "double-click@surge.example.vn"
        for i, email in enumerate([*emails, prober]):
            user = User(
                email=email, full_name=f"Người viết {i:03d}", email_confirmed_at=now
            )
            user.set_password(PASSWORD)
            user.set_roles({Role.WRITER})
            db.session.add(user)
        db.session.commit()
        info = {
            "edition_id": edition.id,
            "track_id": edition.tracks[0].id,
            "word_limit": edition.tracks[0].word_limit,
            "field_id": edition.fields[0].id,
            "emails": emails,
            "prober": prober,
        }
        db.session.remove()
        db.engine.dispose()
        return info
