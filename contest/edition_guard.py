"""Closed editions are read-only: one check before every request that could change one.

Every non-GET request whose URL names an edition, directly (``edition_id``) or through
one of its objects (``entry_id``; the features' objects, e.g. ``round_id``,
``match_id``, a judge's own reading ``code``, each added with ``add_resolver`` by the
app factory's ``register_edition_resolvers``), is refused with ``EditionClosed`` when
that edition is closed, before the view runs: a new write route is covered by
construction. The check runs after each
blueprint's own login and role guard. Views that must still work on a closed edition
(reopening it, exporting it) say so with ``@allowed_when_closed``.

The refusal is a 409: JSON for scripts (autosave), else the page the form was on with
a message, else a page that says the edition is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import (
    Flask,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
)
from flask_login import current_user
from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, EditionStatus, Entry
from contest.services.edition_state import EditionClosed

READS = frozenset({"GET", "HEAD", "OPTIONS"})
_ALLOWED = "_allowed_when_closed"


def allowed_when_closed(view: Callable) -> Callable:
    """Mark a view that may change things even on a closed edition (reopen, export)."""
    setattr(view, _ALLOWED, True)
    return view


def _edition_of(model, column) -> Callable[[int], int | None]:
    return lambda object_id: db.session.scalar(
        select(column).where(model.id == object_id)
    )


def _edition_of_entry(entry_id: int) -> int | None:
    """The edition of an entry the current user may see (None for any other: its
    view answers 404, as if it did not exist)."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or not entry.can_view(current_user):
        return None
    return entry.edition_id


# URL argument -> the id of the edition the object belongs to.
RESOLVERS: dict[str, Callable] = {
    "edition_id": lambda edition_id: edition_id,
    "entry_id": _edition_of_entry,
}
# Arguments whose meaning depends on the blueprint ("code" is also a language code).
BLUEPRINT_RESOLVERS: dict[tuple[str, str], Callable] = {}


def edition_column(model) -> Callable[[int], int | None]:
    """The resolver of a model with an ``edition_id`` column: its row's edition."""
    return _edition_of(model, model.edition_id)


def add_resolver(
    argument: str, resolver: Callable, blueprint: str | None = None
) -> None:
    """The URL argument ``argument`` (in ``blueprint``'s URLs only, if given) names an
    object of an edition; ``resolver(value)`` is that edition's id, or None for an
    object the current user may not see (its view answers 404)."""
    if blueprint is None:
        RESOLVERS[argument] = resolver
    else:
        BLUEPRINT_RESOLVERS[(blueprint, argument)] = resolver


def named_editions() -> set[int]:
    """The ids of the editions the current request's URL names."""
    found = set()
    for argument, value in (request.view_args or {}).items():
        resolver = RESOLVERS.get(argument) or BLUEPRINT_RESOLVERS.get(
            (request.blueprint or "", argument)
        )
        if resolver is not None:
            edition_id = resolver(value)
            if edition_id is not None:
                found.add(edition_id)
    return found


def refuse_writes_to_closed_editions() -> None:
    """before_request: raise EditionClosed for a write naming a closed edition."""
    if request.method in READS or request.endpoint is None:
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is None or getattr(view, _ALLOWED, False):
        return
    editions = named_editions()
    if not editions:
        return
    closed = db.session.scalar(  # the id only: the answer is nearly always "none"
        select(Edition.id)
        .where(Edition.id.in_(editions), Edition.status == EditionStatus.CLOSED)
        .limit(1)
    )
    if closed is not None:
        raise EditionClosed(db.session.get(Edition, closed))


def _same_site_referrer() -> str | None:
    """The page the request came from, if it is a page of this site."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != request.host or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def closed_response(error: EditionClosed):
    """What a refused write gets back (see the module docstring)."""
    message = error.description
    if request.headers.get("X-Autosave") or request.accept_mimetypes.best == (
        "application/json"
    ):
        return jsonify(saved=False, error=message), 409
    back = _same_site_referrer()
    if back is not None:
        flash(message, "warning")
        return redirect(back)
    return render_template("errors/edition_closed.html", edition=error.edition), 409


def register(app: Flask) -> None:
    """Run the check in every blueprint, after its own guard; answer the refusals."""
    for name in app.blueprints:
        app.before_request_funcs.setdefault(name, []).append(
            refuse_writes_to_closed_editions
        )
    app.register_error_handler(EditionClosed, closed_response)
