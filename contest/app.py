"""The contest web app: create_app() and the small register_* steps it is made of."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import event

from contest import wiring
from contest.config import PROJECT_ROOT, build_config, instance_path_for
from contest.extensions import babel, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app from the environment, then apply `overrides` (used by tests)."""
    instance_path = instance_path_for((overrides or {}).get("INSTANCE_PATH"))
    app = Flask(
        "contest",
        instance_path=str(instance_path),
        template_folder=str(Path(__file__).resolve().parent.parent / "templates"),
    )
    app.config.update(build_config(instance_path))
    app.config.update(overrides or {})
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)
    from contest.documents import sandbox

    sandbox.use_zygote(app.config["DOCUMENT_READER_ZYGOTE"])
    register_extensions(app)
    wiring.import_job_modules()
    wiring.register_exports()
    wiring.register_feature_hooks(app)
    register_blueprints(app)
    wiring.register_edition_resolvers()
    register_errorhandlers(app)
    register_template_helpers(app)
    register_cli(app)
    register_security(app)
    register_logging(app)
    register_page_cache(app)
    trust_proxies(app)  # last: the page cache sees the visitor's scheme and address
    return app


# The public pages an anonymous visitor may be served from the page cache.
PUBLIC_PAGES = (
    "public.index",
    "public.rules",
    "public.editions",
    "public.edition_record",
    "results.edition_results",
    "results.read_entry",
)


def register_page_cache(app: Flask) -> None:
    """Keep the public pages for anonymous visitors a few seconds (contest.page_cache)."""
    from contest.page_cache import install

    install(app, PUBLIC_PAGES)


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES proxies, take the visitor's address and scheme from
    their X-Forwarded-For / X-Forwarded-Proto headers (werkzeug's ProxyFix)."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    """Bind the bare extension objects to this app."""
    from contest.i18n import (
        install_template_gettext,
        select_locale_object,
        warn_if_stale,
    )
    from contest.pool_ping import ping_idle_connections

    warn_if_stale(app.logger)  # compiled by `make translations`, never at start
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale_object)
    install_template_gettext(app)
    limiter.init_app(app)
    # Importing these registers the user loader and every model with the metadata.
    import contest.access  # noqa: F401  (the user loader)

    wiring.import_models()

    with app.app_context():
        ping_idle_connections(db.engine)
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
            event.listen(db.engine, "begin", _sqlite_begin)
    from contest.jobs import init_app as init_jobs

    init_jobs(app)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys, write-ahead log, wait instead of 'locked' errors."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    # Let SQLAlchemy's "begin" event issue BEGIN itself (see _sqlite_begin).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    """SQLite: requests that write take the write lock at BEGIN (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes fails with "database is locked"
    when another writer committed in between; taking the lock first makes such
    requests wait their turn (busy_timeout) instead. Writing requests are the non-GET
    ones and the GET views marked ``@writes_on_get`` (contest.locking).
    """
    from contest.locking import request_writes

    connection.exec_driver_sql("BEGIN IMMEDIATE" if request_writes() else "BEGIN")


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per role/area, after every route module added its pages."""
    from contest import account, auth, files, health, organizer, public, unit, writer
    from judging.awards.views import public as results
    from judging.reading.views import judge

    wiring.import_route_modules()
    for blueprint in (
        public.bp,
        results.bp,
        auth.bp,
        account.bp,
        organizer.bp,
        writer.bp,
        files.bp,
        unit.bp,
        health.bp,
        judge.bp,
    ):
        app.register_blueprint(blueprint)
    from contest.edition_guard import register as register_edition_guard

    register_edition_guard(app)  # last: it joins every blueprint, after its guard
    from judging.stages.messages import register as register_stage_refusals

    register_stage_refusals(app)


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages in the user's language."""
    from contest.errors import register

    register(app)
    from contest.request_log import register as register_request_log

    register_request_log(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals used by the templates."""
    from contest.page_fragments import fixed_url
    from contest.template_helpers import register

    register(app)
    app.jinja_env.globals["fixed_url"] = fixed_url


def register_cli(app: Flask) -> None:
    """`flask users …`, `flask demo`."""
    from contest.cli import register

    register(app)
    from contest.cli_ops import register as register_ops_cli

    register_ops_cli(app)
    from judging.plagiarism.cli import register as register_plagiarism_cli

    register_plagiarism_cli(app)
    from contest.archive.cli import register as register_archive_cli

    register_archive_cli(app)


def register_security(app: Flask) -> None:
    """Security headers on every response."""
    from contest.security import add_security_headers

    add_security_headers(app)


def register_logging(app: Flask) -> None:
    """Log to stderr at INFO (emails in development show up there), once per message:
    the "contest" logger is the app's, and Flask's own handler on it would print every
    contest.* line a second time beside the root handler."""
    if not app.debug and not app.testing:
        from flask.logging import default_handler

        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        app.logger.removeHandler(default_handler)
        app.logger.setLevel(logging.INFO)
