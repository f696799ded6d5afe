"""Unit focal points' area: the unit's entries, paper entries, verify, forward, import."""

from flask import Blueprint

from contest.access import guard_blueprint
from contest.models import Role

bp = Blueprint("unit", __name__, url_prefix="/unit")
guard_blueprint(bp, Role.UNIT)


__all__ = ["bp"]
