"""Custom error pages (400, 403, 404, 405, 409, 413, 429, 500) in the user's language."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

HANDLED = (400, 403, 404, 405, 409, 413, 429, 500)


def register(app: Flask) -> None:
    """Render templates/errors/<code>.html for the handled codes."""

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code not in HANDLED:
            return error
        return render_template(
            "errors/error.html",
            code=error.code,
            path=request.path,
            # A view's own words (abort(404, _("…"))), never Werkzeug's English default.
            detail=None
            if error.description == type(error).description
            else error.description,
        ), error.code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return render_template("errors/error.html", code=500, path=request.path), 500
