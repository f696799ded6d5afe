"""Read-only queries of the unit area: the unit's entries, filtered, and their counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from contest.extensions import db
from contest.models import Edition, Entry, EntryChannel, EntryStatus, FeaturedPerson
from contest.services.unit_tree import subtree_ids
from contest.textnorm import search_key


@dataclass(frozen=True)
class EntryFilter:
    """What the focal point filters the list by (empty values mean "all")."""

    q: str = ""
    status: str = ""
    track_id: int | None = None
    field_id: int | None = None
    verified: str = ""  # "", "yes" or "no"
    needs_typing: bool = False


def _of_unit(edition: Edition, unit_id: int):
    """Entries of the edition whose author's or a featured person's unit is this one
    or a unit below it (a district sees its communes' entries, never a sibling's).

    A writer's online draft is still private to the writer: it shows once submitted.
    """
    units = sorted(subtree_ids(unit_id))  # the unit and every unit below it
    featured_here = select(FeaturedPerson.entry_id).where(
        FeaturedPerson.unit_id.in_(units)
    )
    return and_(
        Entry.edition_id == edition.id,
        or_(Entry.unit_id.in_(units), Entry.id.in_(featured_here)),
        not_(
            and_(
                Entry.status == EntryStatus.DRAFT,
                Entry.channel == EntryChannel.ONLINE,
            )
        ),
    )


def unit_entries(
    edition: Edition, unit_id: int, wanted: EntryFilter = EntryFilter()
) -> list[Entry]:
    """The unit's entries matching the filter, newest first."""
    query = (
        select(Entry)
        .where(_of_unit(edition, unit_id))
        .options(
            selectinload(Entry.authors),
            selectinload(Entry.featured),
            joinedload(Entry.track),
            joinedload(Entry.field),
        )
        .order_by(Entry.created_at.desc(), Entry.id.desc())
    )
    if wanted.status:
        query = query.where(Entry.status == wanted.status)
    if wanted.track_id:
        query = query.where(Entry.track_id == wanted.track_id)
    if wanted.field_id:
        query = query.where(Entry.field_id == wanted.field_id)
    if wanted.verified == "yes":
        query = query.where(Entry.verified_at.is_not(None))
    elif wanted.verified == "no":
        query = query.where(Entry.verified_at.is_(None))
    if wanted.needs_typing:
        query = query.where(Entry.needs_typing.is_(True))
    entries = db.session.scalars(query).unique().all()
    if wanted.q:
        # Accent-insensitive text search is done here: a unit has hundreds of
        # entries at most, and search_key has no SQL equivalent on both engines.
        key = search_key(wanted.q)
        entries = [entry for entry in entries if key in _haystack(entry)]
    return list(entries)


def _haystack(entry: Entry) -> str:
    """The searchable text of an entry: number, title, authors, featured people."""
    parts = [entry.number or "", entry.title]
    parts += [author.full_name for author in entry.authors]
    parts += [person.name for person in entry.featured]
    return search_key(" ".join(parts))


def status_counts(edition: Edition, unit_id: int) -> dict[str, int]:
    """How many of the unit's entries are in each status."""
    rows = db.session.execute(
        select(Entry.status, func.count())
        .where(_of_unit(edition, unit_id))
        .group_by(Entry.status)
    ).all()
    return {str(status): count for status, count in rows}


def entries_by_ids(edition: Edition, unit_id: int, ids: Iterable[int]) -> list[Entry]:
    """The unit's entries among these ids (ids of other units' entries are ignored)."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(
        db.session.scalars(
            select(Entry)
            .where(_of_unit(edition, unit_id), Entry.id.in_(wanted))
            .order_by(Entry.id)
        )
    )


def unit_deadline_passed(edition: Edition, now: datetime) -> bool:
    """True once the edition's unit deadline is over (no deadline set: never)."""
    return edition.unit_deadline_at is not None and now > edition.unit_deadline_at
