"""Accounts: users, their roles, and session invalidation."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from contest.extensions import db
from contest.models.enums import Role
from contest.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models.unit import Unit


def password_hash_method() -> str:
    """The configured hashing method (scrypt; tests use cheaper scrypt parameters)."""
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


class UserRole(db.Model):
    """One role held by one user."""

    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(String(20))


class User(UserMixin, db.Model):
    """A person with an account: writer, unit focal point, judge, organizer or admin."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(255))
    # Pen names the writer declares (comma-separated): identity, like the name.
    pen_names: Mapped[str] = mapped_column(String(200), default="", server_default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    is_active_account: Mapped[bool] = mapped_column(default=True)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on logout, password change and deactivation: every older session dies.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit | None] = relationship(lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    # -- roles -------------------------------------------------------------------
    @property
    def roles(self) -> set[Role]:
        """The set of roles this user holds."""
        return {Role(row.role) for row in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        """True when the user holds at least one of the given roles."""
        return bool(self.roles & set(roles))

    def set_roles(self, roles: set[Role]) -> None:
        """Replace the user's roles with exactly these."""
        self.role_rows = [row for row in self.role_rows if Role(row.role) in roles]
        for role in roles - self.roles:
            self.role_rows.append(UserRole(role=role))

    # -- passwords and sessions -------------------------------------------------
    def set_password(self, password: str) -> None:
        """Hash and store a new password; older sessions stop working."""
        self.password_hash = generate_password_hash(
            password, method=password_hash_method()
        )
        self.invalidate_sessions()

    def check_password(self, password: str) -> bool:
        """True when the password matches."""
        return check_password_hash(self.password_hash, password)

    def invalidate_sessions(self) -> None:
        """Make every existing login session and remember-me cookie invalid."""
        self.session_version = (self.session_version or 1) + 1

    def get_id(self) -> str:
        """Flask-Login identity: id plus session version, so bumping it logs out."""
        return f"{self.id}.{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return self.is_active_account

    @property
    def email_confirmed(self) -> bool:
        """True once the user followed the confirmation link."""
        return self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
