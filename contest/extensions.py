"""Bare extension instances, initialised by the app factory (no app imports here)."""

import flask_limiter
from flask_babel import Babel
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter without its pass before every request when nothing applies to
    every request.

    The contest limits a few views (login, registration, password reset, invites) by
    decorating them; those decorators check their own limits. Before every other
    request Flask-Limiter still resolves the view's limits, its exemptions and its
    blueprint's, and finds none (a third of the per-request cost of the limiter).
    That pass only ever applies application-wide, default, blueprint, meta and
    fallback limits and hints; while none is configured it is skipped. If one is (or
    a new Flask-Limiter renames these attributes), the pass runs as before.
    """

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if in_middleware and not self.limits_every_request():
            return None
        return super()._check_request_limit(callable_name, in_middleware)

    def limits_every_request(self) -> bool:
        """Whether any limit may apply before a request's view (not a decorator's)."""
        manager = getattr(self, "limit_manager", None)
        if manager is None:
            return True
        return any(
            getattr(owner, name, True)
            for owner, name in (
                (manager, "_application_limits"),
                (manager, "_default_limits"),
                (manager, "_blueprint_limits"),
                (manager, "_endpoint_hints"),
                (self, "_meta_limits"),
                (self, "_in_memory_fallback"),
            )
        )


class Base(DeclarativeBase):
    """Declarative base whose constraints get stable names (needed for migrations)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def commit_keeping_loaded() -> None:
    """Commit the session's transaction without expiring what it loaded (a read-only
    one just ends, so the next reads see what others committed since; the objects
    already loaded are not read again at their next use)."""
    session = db.session()
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
