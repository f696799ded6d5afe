"""Organizer area (Ban Thi đua - Khen thưởng): contest set-up, units and accounts."""

from flask import Blueprint

from contest.access import guard_blueprint
from contest.models import Role

bp = Blueprint("organizer", __name__, url_prefix="/organizer")
guard_blueprint(bp, Role.ORGANIZER, Role.ADMIN)

from contest.grassroots import views as grassroots_views  # noqa: E402,F401
from contest.organizer import (  # noqa: E402,F401  (routes)
    archive,
    awards,
    awards_signoff,
    collective,
    entries,
    judging,
    notifications,
    official_docs,
    ops,
    plagiarism,
    round_rubric,
    scoring,
    scoring_advance,
    setup,
    setup_prizes,
    statistics,
    units,
    users,
)
from judging.commendation import views as commendation_views  # noqa: E402,F401

__all__ = ["bp"]
