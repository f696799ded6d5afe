"""Account verbs: registration, confirmation, login, password reset, staff accounts."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from functools import cache

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from contest.extensions import db
from contest.mail import render_email, send_email
from contest.models import Role, Unit, User
from contest.models.user import password_hash_method
from contest.services.audit import audit

CONFIRM_SALT = "confirm-email"
RESET_SALT = "reset-password"
# Roles an organizer may hand out; organizer and admin rights come from an admin.
ORGANIZER_GRANTABLE = frozenset({Role.WRITER, Role.UNIT, Role.JUDGE, Role.CHAIR})


class PermissionDenied(Exception):
    """The acting user may not do this."""


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively, without surrounding spaces."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The account with this email, if any."""
    return db.session.scalar(
        select(User).where(func.lower(User.email) == normalize_email(email))
    )


@cache
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash(secrets.token_hex(8), method=method)


def _dummy_hash() -> str:
    """A hash to check unknown emails against, so they take as long as known ones."""
    return _dummy_hash_for(password_hash_method())


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def make_token(salt: str, user: User) -> str:
    """A signed, expiring token naming the user and their current session version."""
    return _serializer(salt).dumps({"uid": user.id, "v": user.session_version})


def user_from_token(salt: str, token: str) -> User | None:
    """The user a valid, unused, unexpired token names, else None."""
    max_age = current_app.config["EMAIL_TOKEN_MAX_AGE"]
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("uid"))
    # A token dies once the session version moves on (used, password changed…).
    if user is None or user.session_version != data.get("v"):
        return None
    return user


def register(email: str, full_name: str, password: str, locale: str) -> User | None:
    """Create a writer account and send the confirmation email.

    An already registered email gets a notice by email instead; the caller shows the
    same page either way, so the form does not reveal who has an account.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        generate_password_hash(
            password, method=password_hash_method()
        )  # same cost as new
        send_email(
            existing.email,
            "account_exists",
            locale=existing.locale,
            user=existing,
            login_url=url_for("auth.login", _external=True),
            reset_url=url_for("auth.forgot_password", _external=True),
        )
        return None
    user = User(
        email=normalize_email(email), full_name=full_name.strip(), locale=locale
    )
    user.set_password(password)
    user.set_roles({Role.WRITER})
    db.session.add(user)
    db.session.flush()
    send_confirmation(user)
    audit(user, "user.register", user)
    return user


def send_confirmation(user: User) -> None:
    """Email the user a link that confirms their address."""
    send_email(
        user.email,
        "confirm_email",
        locale=user.locale,
        user=user,
        confirm_url=url_for(
            "auth.confirm_email", token=make_token(CONFIRM_SALT, user), _external=True
        ),
    )


def confirm_email(token: str) -> User | None:
    """Mark the address of the token's user as confirmed."""
    user = user_from_token(CONFIRM_SALT, token)
    if user is None:
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = datetime.now(UTC)
        audit(user, "user.confirm_email", user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user with this email and password, or None; same cost either way."""
    user = find_user_by_email(email)
    if user is None:
        _load_some_account()
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password):
        return None
    return user


def record_login(user: User) -> None:
    """Remember when the user last logged in."""
    user.last_login_at = datetime.now(UTC)


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists (the caller says the same either way).

    An unknown or disabled email does the same work as a known one, so the time of
    the answer tells nothing either: an account is loaded, a token signed and the
    email rendered (for a stand-in account), and one small row is written (an audit
    line instead of the outbox row), so both requests end in a commit that writes.
    """
    user = find_user_by_email(email)
    if user is not None and user.is_active_account:
        send_email(
            user.email,
            "reset_password",
            locale=user.locale,
            user=user,
            reset_url=_reset_url(user),
        )
        return
    _load_some_account()
    stand_in = User(id=0, email=normalize_email(email), full_name="", session_version=1)
    render_email(
        "reset_password", locale="vi", user=stand_in, reset_url=_reset_url(stand_in)
    )
    audit(None, "user.reset_unknown_email")


def _load_some_account() -> None:
    """The queries a found account costs (its row, unit and roles), for an unknown
    email: the look-up of a known one loads all three."""
    db.session.scalar(select(User).order_by(User.id).limit(1))  # read, never used


def _reset_url(user: User) -> str:
    """The emailed link that lets ``user`` choose a new password."""
    return url_for(
        "auth.reset_password", token=make_token(RESET_SALT, user), _external=True
    )


def reset_password(token: str, new_password: str) -> User | None:
    """Set a new password from a reset link; the link and old sessions stop working."""
    user = user_from_token(RESET_SALT, token)
    if user is None:
        return None
    user.set_password(new_password)
    # Following the emailed link proves the address too.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = datetime.now(UTC)
    audit(user, "user.reset_password", user)
    return user


def change_password(user: User, new_password: str) -> None:
    """Change the password; every other session of the user ends."""
    user.set_password(new_password)
    audit(user, "user.change_password", user)


def update_profile(user: User, **fields) -> None:
    """Update the user's own profile details."""
    for name in (
        "full_name",
        "birth_year",
        "phone",
        "address",
        "pen_names",
        "unit_id",
        "locale",
    ):
        if name in fields:
            setattr(user, name, fields[name])
    audit(user, "user.update_profile", user)


def grantable_roles(actor: User) -> frozenset[Role]:
    """The roles this actor may give or take away."""
    if actor.has_role(Role.ADMIN):
        return frozenset(Role)
    if actor.has_role(Role.ORGANIZER):
        return ORGANIZER_GRANTABLE
    return frozenset()


def set_roles(actor: User, user: User, roles: set[Role]) -> None:
    """Give the user exactly these roles, within what the actor may grant."""
    allowed = grantable_roles(actor)
    changed = roles ^ user.roles
    if not changed <= allowed:
        raise PermissionDenied
    if user.id == actor.id and Role.ADMIN in changed:
        raise PermissionDenied  # nobody removes their own admin right by accident
    user.set_roles(roles)
    audit(actor, "user.set_roles", user, roles=sorted(roles))


def create_staff_account(
    actor: User, *, email: str, full_name: str, roles: set[Role], unit: Unit | None
) -> User:
    """Create an account for a judge or unit focal point and email a set-password link."""
    if not roles <= grantable_roles(actor):
        raise PermissionDenied
    return invite_account(
        actor, email=email, full_name=full_name, roles=roles, unit=unit
    )


def invite_account(
    actor: User, *, email: str, full_name: str, roles: set[Role], unit: Unit | None
) -> User:
    """Create an account with these roles and email it a set-password link; the
    caller checked that the actor may (an organizer's grant, a unit's own judge)."""
    user = User(
        email=normalize_email(email),
        full_name=full_name.strip(),
        unit_id=unit.id if unit else None,
        email_confirmed_at=datetime.now(UTC),
    )
    user.set_password(secrets.token_urlsafe(24))
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    send_email(
        user.email,
        "staff_invitation",
        locale=user.locale,
        user=user,
        reset_url=url_for(
            "auth.reset_password", token=make_token(RESET_SALT, user), _external=True
        ),
    )
    audit(actor, "user.create", user, roles=sorted(roles))
    return user


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate (sessions end, login refused) or reactivate an account."""
    if user.id == actor.id or not (user.roles - {Role.WRITER}) <= grantable_roles(
        actor
    ):
        raise PermissionDenied
    user.is_active_account = active
    if not active:
        user.invalidate_sessions()
    audit(actor, "user.activate" if active else "user.deactivate", user)


def create_admin(email: str, full_name: str, password: str) -> User:
    """Create (or promote) an admin account from the command line."""
    user = find_user_by_email(email)
    if user is None:
        user = User(email=normalize_email(email), full_name=full_name)
        db.session.add(user)
    user.set_password(password)
    user.email_confirmed_at = user.email_confirmed_at or datetime.now(UTC)
    user.set_roles(user.roles | {Role.ADMIN, Role.ORGANIZER})
    db.session.flush()
    audit(None, "user.create_admin", user)
    return user
