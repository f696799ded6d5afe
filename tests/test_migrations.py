"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from contest.app import create_app
from contest.config import normalize_database_url
from contest.extensions import db
from tests.conftest import app_test_config

SCHEMA = "migration_check"


@pytest.fixture
def fresh_database(request, tmp_path):
    """An empty database of the test's backend: a new SQLite file, or a new schema in
    the session's own PostgreSQL database."""
    if request.node.callspec.params["backend"] == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    url = request.getfixturevalue("postgres_url")
    engine = create_engine(normalize_database_url(url))
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    return f"{url}?options=-csearch_path%3D{SCHEMA}"


def schema_differences() -> list:
    """What autogenerate would still change: empty when migrations match the models."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_upgrade_matches_models_and_downgrade_round_trips(
    backend, fresh_database, tmp_path
):
    """Upgrade an empty database to head: no difference with the models; down and up again."""
    app = create_app(app_test_config(tmp_path, fresh_database))
    with app.app_context():
        upgrade()
        assert schema_differences() == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"user", "edition", "track", "criterion", "round", "audit_log"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert schema_differences() == []
        db.engine.dispose()
