"""Closing and reopening an edition, and the one check that a closed edition is read-only.

A closed edition is an archive: nothing about it changes any more (every write request
naming it is refused by contest.edition_guard, which calls ``ensure_open``), and its
entries join the corpus the plagiarism checks of the open editions compare with: the
features hear of closing and reopening through contest.signals.edition_archive_changed.
"""

from __future__ import annotations

import uuid

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import Conflict

from contest.extensions import db
from contest.models import (
    AuditLog,
    Edition,
    EditionStatus,
    Role,
    StaffRole,
    User,
)
from contest.services.audit import audit
from contest.signals import edition_archive_changed

CLOSE_ACTION = "edition.close"
REOPEN_ACTION = "edition.reopen"


class EditionClosed(Conflict):
    """A change to a closed (read-only) edition was asked for (HTTP 409)."""

    def __init__(self, edition: Edition) -> None:
        super().__init__(description=_("This edition is closed and read-only."))
        self.edition = edition


class CannotClose(Exception):
    """The edition cannot be closed now; the message says why."""


def ensure_open(edition: Edition) -> None:
    """Raise EditionClosed when the edition is closed (read-only)."""
    if edition.status == EditionStatus.CLOSED:
        raise EditionClosed(edition)


def may_manage(user: User, edition: Edition) -> bool:
    """Admins, and organizers of this edition (any organizer while it names none)."""
    if not user.is_authenticated:
        return False
    if user.has_role(Role.ADMIN):
        return True
    if not user.has_role(Role.ORGANIZER):
        return False
    organizers = {s.user_id for s in edition.staff if s.role == StaffRole.ORGANIZER}
    return not organizers or user.id in organizers


def may_reopen(user: User) -> bool:
    """Only an admin reopens a closed edition."""
    return user.is_authenticated and user.has_role(Role.ADMIN)


def open_round_names(edition: Edition) -> list[str]:
    """The judging rounds judges may still read in (they block closing)."""
    return [round_.name for round_ in edition.rounds if round_.is_open]


def close_edition(
    actor: User, edition: Edition, reason: str, origin_url: str | None = None
) -> None:
    """Make the edition read-only and tell the features (the plagiarism checks queue
    the job that brings its entries into the open editions' indexes); the caller
    commits. Raises CannotClose."""
    if edition.status == EditionStatus.CLOSED:
        raise CannotClose(_("This edition is already closed."))
    still_open = open_round_names(edition)
    if still_open:
        raise CannotClose(
            _(
                "Close the judging rounds that are still open first: %(rounds)s.",
                rounds=", ".join(still_open),
            )
        )
    previous = edition.status
    edition.status = EditionStatus.CLOSED
    edition.archive_uuid = edition.archive_uuid or str(uuid.uuid4())
    audit(actor, CLOSE_ACTION, edition, reason=reason.strip(), previous=str(previous))
    edition_archive_changed.send(edition, actor=actor, origin_url=origin_url)


def status_before_closing(edition: Edition) -> EditionStatus:
    """What the edition was before its last closing (a draft if nobody knows)."""
    detail = db.session.scalar(
        select(AuditLog.detail)
        .where(
            AuditLog.action == CLOSE_ACTION,
            AuditLog.object_type == "edition",
            AuditLog.object_id == edition.id,
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    previous = (detail or {}).get("previous")
    if previous in (EditionStatus.DRAFT, EditionStatus.PUBLISHED):
        return EditionStatus(previous)
    return EditionStatus.DRAFT


def reopen_edition(
    actor: User, edition: Edition, reason: str, origin_url: str | None = None
) -> None:
    """Give a closed edition back its earlier status (admins only, checked by the
    caller) and tell the features (the plagiarism checks queue the job that takes its
    entries out of the archive)."""
    if edition.status != EditionStatus.CLOSED:
        raise CannotClose(_("This edition is not closed."))
    edition.status = status_before_closing(edition)
    audit(
        actor, REOPEN_ACTION, edition, reason=reason.strip(), status=str(edition.status)
    )
    edition_archive_changed.send(edition, actor=actor, origin_url=origin_url)
