"""Entries built through the real services, with every field a list or an export may
show (authors, featured people, phone, unit, track, field, status, forwarding): the
data of the organizer entries list, the Excel exports and the participation tests.

Registered by tests/conftest.py: the ``add_entry`` fixture (entries of the
``edition_id`` edition).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from contest.extensions import db
from contest.models import Edition, EntryStatus, User
from contest.services import entries as service
from tests.conftest import STORY, draft_entry


def entry_builder(app, make_user, edition_id: int):
    """A function creating an entry through the real services and returning its id."""
    counter = iter(range(1, 10_000))

    def _add(
        title: str = "Bếp cơm yêu thương",
        *,
        authors: tuple[str, ...] = ("Trần Thị Tác Giả",),
        featured: tuple[str, ...] = ("Nguyễn Thị Hoa",),
        phone: str = "0912 000 111",
        unit_id: int | None = None,
        track: int = 0,
        field: int = 0,
        text: str = STORY,
        submit: bool = True,
        submitted_at: datetime | None = None,
        needs_typing: bool = False,
        forwarded: bool = False,
        status: EntryStatus | None = None,
        edition: int | None = None,
    ) -> int:
        owner = make_user(
            email=f"writer{next(counter)}@example.vn",
            full_name=authors[0],
            unit_id=unit_id,
        )
        with app.test_request_context():
            row = db.session.get(Edition, edition or edition_id)
            user = db.session.get(User, owner.id)
            entry = draft_entry(
                user,
                row,
                key=f"k-{owner.id}",
                title=title,
                text=text,
                authors=[
                    service.AuthorData(full_name=name, phone=phone, email=owner.email)
                    for name in authors
                ],
                featured=[service.FeaturedData(name=name) for name in featured],
                track=track,
                field=field,
            )
            entry.declaration_accepted = True
            now = submitted_at or datetime.now(UTC)
            if submit:
                service.submit(entry, user, now)
            entry.needs_typing = needs_typing
            if forwarded:
                service.forward([entry], user, now)
            if status is not None:
                entry.status = status
            db.session.commit()
            return entry.id

    return _add


@pytest.fixture
def add_entry(app, make_user, edition_id):
    """Create an entry through the real services; returns its id."""
    return entry_builder(app, make_user, edition_id)
