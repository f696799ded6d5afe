"""The contest web app: create_app() and the small register_* steps it is made of."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from contest.config import DEFAULT_INSTANCE, PROJECT_ROOT, build_config
from contest.extensions import babel, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app from the environment, then apply `overrides` (used by tests)."""
    instance_path = Path(
        (overrides or {}).get("INSTANCE_PATH")
        or os.environ.get("INSTANCE_PATH")
        or DEFAULT_INSTANCE
    )
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(Path(__file__).resolve().parent.parent / "templates"),
    )
    app.config.update(build_config(instance_path))
    app.config.update(overrides or {})
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_cli(app)
    register_security(app)
    register_logging(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the bare extension objects to this app."""
    from contest.i18n import compile_catalogs, select_locale

    compile_catalogs()
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    from sqlalchemy import event

    import contest.access
    import contest.models  # noqa: F401
    import judging.models  # noqa: F401

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys, write-ahead log, wait instead of 'locked' errors."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per role/area."""
    from contest import account, auth, organizer, public

    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(organizer.bp)


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages in the user's language."""
    from contest.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals used by the templates."""
    from contest.template_helpers import register

    register(app)


def register_cli(app: Flask) -> None:
    """`flask users …`, `flask demo`."""
    from contest.cli import register

    register(app)


def register_security(app: Flask) -> None:
    """Security headers on every response."""
    from contest.security import add_security_headers

    add_security_headers(app)


def register_logging(app: Flask) -> None:
    """Log to stderr at INFO (emails in development show up there)."""
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        app.logger.setLevel(logging.INFO)
