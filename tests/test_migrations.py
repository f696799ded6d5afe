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


UNIT_ROUNDS = "b8d2f4a6c1e3"  # units run their own rounds (round.unit_id)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_going_back_before_unit_rounds_deletes_them(backend, fresh_database, tmp_path):
    """Taking the schema back before units had rounds deletes the units' rounds and
    their criteria rather than leaving them as rounds of the city; the city's rounds
    and rubric stay."""
    from contest.models import RoundKind, UnitKind
    from contest.services.editions import create_edition
    from contest.services.units import save_unit
    from judging.rounds.models import Criterion, Round

    app = create_app(app_test_config(tmp_path, fresh_database))
    with app.app_context():
        upgrade()
        edition = create_edition(None, title="Cuộc thi", year=2026)
        unit = save_unit(
            None,
            None,
            name="UBND quận Ba Đình",
            kind=UnitKind.DISTRICT,
            cluster_name="",
            locality="Hà Nội",
            code="",
        )
        db.session.flush()
        unit_round = Round(
            edition_id=edition.id,
            unit_id=unit.id,
            position=1,
            name="Vòng chấm quận",
            kind=RoundKind.PRELIMINARY,
        )
        db.session.add(unit_round)
        db.session.flush()
        db.session.add(
            Criterion(
                edition_id=edition.id,
                round_id=unit_round.id,
                position=1,
                name="Cảm xúc",
                max_points=10,
            )
        )
        db.session.commit()
        city_rounds = {r.id for r in edition.rounds}
        city_criteria = len(edition.criteria)
        unit_round_id = unit_round.id
        db.session.remove()
        downgrade(revision=f"{UNIT_ROUNDS}-1")
        with db.engine.connect() as connection:
            rounds = set(connection.scalars(text("SELECT id FROM round")))
            criteria = connection.scalar(text("SELECT count(*) FROM criterion"))
        assert rounds == city_rounds and unit_round_id not in rounds
        assert criteria == city_criteria
        upgrade()
        db.engine.dispose()
