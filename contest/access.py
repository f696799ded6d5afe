"""Who may do what: login loading, per-blueprint role guards and object loaders."""

from __future__ import annotations

from functools import cache, wraps

from flask import Blueprint, abort, current_app, request
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, lazyload

from contest.extensions import db, login_manager
from contest.models import Entry, Role, User


@cache
def _user_statement():
    """The user with roles by id, built once per process (the id bound at execution):
    ``session.get`` would build the statement and its loader options again on every
    request (a third of the loading's Python calls)."""
    return (
        select(User)
        .options(joinedload(User.role_rows), lazyload(User.unit))
        .where(User.id == bindparam("user_id"))
    )


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """Load the user of a session; a bumped session version logs the session out."""
    user_id, _, version = identity.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    # One statement: the roles come with the account (every request asks for them);
    # the unit is left out of it (its columns cost every request; the two pages
    # that show the user's own unit load it when they ask).
    user = (
        db.session.execute(_user_statement(), {"user_id": int(user_id)})
        .unique()
        .scalar_one_or_none()
    )
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    return user


def _require(roles: tuple[Role, ...]):
    """Return a login redirect or abort(403) unless the current user has a role."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if roles and not current_user.has_role(*roles):
        abort(403)
    return None


_ALSO_FOR = "_also_for_roles"


def also_for(*roles: Role):
    """Decorator: a view of a guarded blueprint that these roles may use as well
    (the council chair opens the award list of the organizers' area)."""

    def decorator(view):
        setattr(view, _ALSO_FOR, roles)
        return view

    return decorator


def guard_blueprint(blueprint: Blueprint, *roles: Role) -> None:
    """Require login (and one of the roles, if given) for every view of a blueprint;
    a view marked with ``also_for`` admits its extra roles too."""

    @blueprint.before_request
    def _guard():
        if request.endpoint and request.endpoint.endswith(".static"):
            return None
        view = current_app.view_functions.get(request.endpoint or "")
        extra = getattr(view, _ALSO_FOR, ()) if roles else ()
        return _require(roles + extra)


def role_required(*roles: Role):
    """Decorator: the view needs a logged-in user with one of these roles."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            refusal = _require(roles)
            if refusal is not None:
                return refusal
            return view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404(model, object_id: int):
    """Load one row by id or answer 404."""
    row = db.session.get(model, object_id)
    if row is None:
        abort(404)
    return row


def get_entry_or_404(entry_id: int, user) -> Entry:
    """Load an entry the user may see; others get 404 (not even its existence leaks)."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or not entry.can_view(user):
        abort(404)
    return entry
