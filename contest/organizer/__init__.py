"""Organizer area (Ban Thi đua - Khen thưởng): contest set-up, units and accounts."""

from flask import Blueprint

from contest.access import guard_blueprint
from contest.models import Role

bp = Blueprint("organizer", __name__, url_prefix="/organizer")
guard_blueprint(bp, Role.ORGANIZER, Role.ADMIN)

__all__ = ["bp"]
