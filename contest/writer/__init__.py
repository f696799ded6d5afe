"""Writers' area: my entries, submit and edit an entry, receipts."""

from flask import Blueprint

from contest.access import guard_blueprint

bp = Blueprint("writer", __name__, url_prefix="/writer")
guard_blueprint(bp)


__all__ = ["bp"]
