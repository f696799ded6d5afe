"""Writers' area: my entries, submit and edit an entry, receipts."""

from flask import Blueprint

from contest.access import guard_blueprint

bp = Blueprint("writer", __name__, url_prefix="/writer")
guard_blueprint(bp)

from contest.writer import views  # noqa: E402,F401  (routes)

__all__ = ["bp"]
