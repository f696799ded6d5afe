"""How the features plug into the platform: the one list of each kind of thing they
register (tables, route modules, exports, job kinds, receivers of the platform's
signals and answers to its hooks, the closed-edition guard's resolvers).

Part of the app factory (``contest.app.create_app`` calls these): with ``contest.app``
the only platform module that may import features (``.importlinter``).
"""

from __future__ import annotations

from flask import Flask


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
    from judging.grassroots.views import unit_award_lists as grassroots_award_lists
    from judging.grassroots.views import unit_awards as grassroots_unit_awards
    from judging.grassroots.views import unit_awards_below as grassroots_awards_below
    from judging.grassroots.views import unit_round_results as unit_round_result_views
    from judging.grassroots.views import unit_rounds as unit_round_views
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
        grassroots_unit_awards,
        grassroots_awards_below,
        grassroots_award_lists,
        unit_round_views,
        unit_round_result_views,
        official_pages,
        plagiarism_pages,
        rubric_views,
        advance,
        results,
        judge_scoring_views,
        statistics_views,
    )


def import_job_modules() -> tuple:
    """The one list of modules that define background job kinds (``@job``): a worker
    knows a kind only if the app it builds imported the module."""
    from contest.archive import jobs as archive_jobs
    from contest.jobs import demo as demo_jobs
    from judging.plagiarism.services import archive as plagiarism_archive
    from judging.plagiarism.services import checks as plagiarism_checks

    return (archive_jobs, demo_jobs, plagiarism_archive, plagiarism_checks)


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
    from judging.commendation import services as commendation
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
    hooks.featured_lists.connect(commendation.featured_lists)


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
