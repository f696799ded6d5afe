"""Send one registered export of an edition as a download, and log who took it."""

from __future__ import annotations

from flask import Response
from flask_login import current_user

from contest.exports import registry as exports
from contest.extensions import db
from contest.models import Edition
from contest.services.audit import audit


def download(edition: Edition, name: str, params: dict | None = None) -> Response:
    """Run export ``name`` for the edition; the copy is audit-logged.

    ``params`` (default: the edition) go to the export; the award documents pass
    their own ``edition`` (an ``EditionInfo``) and ``items`` there.
    """
    result = exports.run(name, **(params or {"edition": edition}))
    audit(current_user, f"export.{name}", edition)
    db.session.commit()
    return Response(
        result.data,
        mimetype=result.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{result.filename}"',
            "Cache-Control": "no-store",
        },
    )
