"""The contest web app: create_app() and the small register_* steps it is made of."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import event

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
    register_exports()
    register_feature_hooks(app)
    register_blueprints(app)
    register_edition_resolvers()
    register_errorhandlers(app)
    register_template_helpers(app)
    register_cli(app)
    register_security(app)
    register_logging(app)
    trust_proxies(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES proxies, take the visitor's address and scheme from
    their X-Forwarded-For / X-Forwarded-Proto headers (werkzeug's ProxyFix)."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    """Bind the bare extension objects to this app."""
    from contest.i18n import select_locale, warn_if_stale

    warn_if_stale(app.logger)  # compiled by `make translations`, never at start
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
    # Importing these registers the user loader and every model with the metadata.
    import contest.access  # noqa: F401  (the user loader)

    import_models()

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
            event.listen(db.engine, "begin", _sqlite_begin)
    from contest.jobs import init_app as init_jobs

    init_jobs(app)


def import_models() -> tuple:
    """The one list of model modules: importing each adds its tables to the metadata."""
    import contest.models
    from judging.assignment import models as assignment
    from judging.awards.models import lists, notices
    from judging.commendation import models as commendation
    from judging.featured import models as featured
    from judging.grassroots import models as grassroots
    from judging.identity import models as identity
    from judging.plagiarism import models as plagiarism
    from judging.rounds import models as rounds
    from judging.scoring import models as scoring

    return (
        contest.models,
        assignment,
        lists,
        notices,
        commendation,
        featured,
        grassroots,
        identity,
        plagiarism,
        rounds,
        scoring,
    )


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
    requests wait their turn (busy_timeout) instead.
    """
    from flask import has_request_context, request

    writes = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per role/area, after every route module added its pages."""
    from contest import account, auth, files, health, organizer, public, unit, writer
    from judging.awards.views import public as results
    from judging.reading.views import judge

    import_route_modules()
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


def import_route_modules() -> tuple:
    """The one list of route modules: importing each adds its pages to a blueprint.

    Platform areas own their blueprints (organizer, unit, writer, public, judge's
    blueprint lives with reading); a feature's views attach its pages to the blueprint
    of the role that uses them. Returns the modules (for the architecture test).
    """
    from contest.organizer import archive, entries, ops, setup, units, users
    from contest.unit import paper
    from contest.unit import views as unit_views
    from contest.writer import views as writer_views
    from judging.assignment.views import overview, rounds
    from judging.awards.views import (
        collective,
        lists,
        notices,
        prizes,
        public_editions,
        signoff,
        writer,
    )
    from judging.commendation import views as commendation_views
    from judging.commendation.views import unit as commendation_unit_views
    from judging.grassroots import views as grassroots_views
    from judging.grassroots.views import forward as grassroots_forward_views
    from judging.grassroots.views import unit as grassroots_unit_views
    from judging.official.views import pages as official_pages
    from judging.plagiarism.views import pages as plagiarism_pages
    from judging.rounds import views as rubric_views
    from judging.scoring.views import advance, results
    from judging.scoring.views import judge as judge_scoring_views
    from judging.statistics import views as statistics_views

    return (
        archive,
        entries,
        ops,
        setup,
        units,
        users,
        paper,
        unit_views,
        writer_views,
        overview,
        rounds,
        collective,
        lists,
        notices,
        prizes,
        public_editions,
        signoff,
        writer,
        commendation_views,
        commendation_unit_views,
        grassroots_views,
        grassroots_unit_views,
        grassroots_forward_views,
        official_pages,
        plagiarism_pages,
        rubric_views,
        advance,
        results,
        judge_scoring_views,
        statistics_views,
    )


def register_exports() -> None:
    """The one list of the features' exports: each feature's ``EXPORTS`` (name →
    function) goes into the export registry (the platform's own register themselves)."""
    from contest.exports import registry
    from judging.anthology.exports import catalog as anthology
    from judging.awards.exports import catalog as awards
    from judging.commendation import exports as commendation
    from judging.featured import exports as featured
    from judging.grassroots import exports as grassroots
    from judging.scoring import exports as scoring
    from judging.statistics import exports as statistics

    for feature in (
        anthology,
        awards,
        commendation,
        featured,
        grassroots,
        scoring,
        statistics,
    ):
        for name, function in feature.EXPORTS.items():
            registry.register(name)(function)


def register_feature_hooks(app: Flask) -> None:
    """The one place where the features answer the platform: their receivers of
    contest.signals and their answers to contest.hooks (module-level functions, so
    connecting them again for another app of the process changes nothing)."""
    from contest import hooks, signals
    from judging.awards.services import published as awards_published
    from judging.awards.services import signoff as awards_signoff
    from judging.plagiarism.services import archive as plagiarism_archive
    from judging.plagiarism.services import checks as plagiarism_checks
    from judging.plagiarism.views import unit_suspects
    from judging.rounds import services as rounds
    from judging.stages import messages as stage_messages
    from judging.stages import services as stages

    # Notifications: entries and editions.
    signals.entry_submitted.connect(plagiarism_checks.check_entry_after_commit)
    signals.edition_created.connect(rounds.default_setup)
    signals.edition_cloned.connect(rounds.copy_setup)
    signals.edition_archive_changed.connect(plagiarism_archive.on_archive_change)
    # Vetoes and questions.
    hooks.before_result_change.connect(stages.require_results_open)
    hooks.result_change_blockers.connect(stage_messages.result_change_blockers)
    hooks.entry_suspects.connect(unit_suspects.suspects)
    hooks.landing_facts.connect(awards_published.landing_facts)
    hooks.landing_facts.connect(stages.landing_facts)
    hooks.awaiting_approval.connect(awards_signoff.awaiting_approval)
    hooks.archive_sync_job.connect(plagiarism_archive.latest_sync)
    hooks.sync_archive_now.connect(plagiarism_archive.sync_archive)


def register_edition_resolvers() -> None:
    """How contest.edition_guard knows the edition a feature's URL argument names."""
    from contest.edition_guard import add_resolver, edition_column
    from judging.grassroots.models import ForwardBatch
    from judging.plagiarism.models import SimilarityMatch
    from judging.reading.views.judge import edition_of_reading
    from judging.rounds.models import Round

    add_resolver("round_id", edition_column(Round))
    add_resolver("match_id", edition_column(SimilarityMatch))
    add_resolver("batch_id", edition_column(ForwardBatch))
    add_resolver("code", edition_of_reading, blueprint="judge")


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages in the user's language."""
    from contest.errors import register

    register(app)
    from contest.request_log import register as register_request_log

    register_request_log(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals used by the templates."""
    from contest.template_helpers import register

    register(app)


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
