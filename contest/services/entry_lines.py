"""The lines of the organizers' entries list page as plain values (EntryLine): one
Core statement for a page's columns and labels (``line_columns``, ``with_labels``),
one for its authors' and featured people's names, no ORM objects (50 a page). The
export keeps the ORM rows (entry_queries.load_rows); both show the same values.
"""

from __future__ import annotations

from sqlalchemy import Select, literal, select, union_all

from contest.extensions import db
from contest.models import (
    Cluster,
    Entry,
    EntryAuthor,
    EntryVersion,
    FeaturedPerson,
    Field,
    Track,
    Unit,
)
from contest.services.entry_filters import EntryLine, row_flags


def latest_words():
    """Word count of the entry's latest version, as a correlated scalar subquery."""
    return (
        select(EntryVersion.word_count)
        .where(EntryVersion.entry_id == Entry.id)
        .order_by(EntryVersion.number.desc())
        .limit(1)
        .scalar_subquery()
    )


def core_rows(query):
    """Rows of a column query through the session's connection: plain Core results,
    without the ORM's per-row work (thousands of ids per list page)."""
    db.session.flush()  # as the session's autoflush would
    return db.session.connection().execute(query)


def line_columns() -> list:
    """What a line of the list shows, as columns (no ORM objects: 50 a page)."""
    return [
        Entry.id,
        Entry.number,
        Entry.title,
        Entry.status,
        Entry.submitted_at,
        Entry.needs_typing,
        Entry.verified_at.is_not(None) | Entry.forwarded_at.is_not(None),
        Entry.unit_id.is_not(None),
        Unit.name,
        Cluster.name,
        Track.name,
        Track.word_limit,
        Field.name,
        latest_words(),
    ]


def with_labels(query: Select) -> Select:
    """The query joined to the labels the lines show."""
    return (
        query.outerjoin(Unit, Unit.id == Entry.unit_id)
        .outerjoin(Cluster, Cluster.id == Unit.cluster_id)
        .outerjoin(Track, Track.id == Entry.track_id)
        .outerjoin(Field, Field.id == Entry.field_id)
    )


def _names(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Per entry, its authors' and its featured people's names, in order (one
    statement for both)."""
    authors: dict[int, list[str]] = {}
    featured: dict[int, list[str]] = {}
    people = union_all(
        select(
            EntryAuthor.entry_id,
            literal(0).label("kind"),
            EntryAuthor.position,
            EntryAuthor.id,
            EntryAuthor.full_name.label("name"),
        ).where(EntryAuthor.entry_id.in_(ids)),
        select(
            FeaturedPerson.entry_id,
            literal(1),
            FeaturedPerson.position,
            FeaturedPerson.id,
            FeaturedPerson.name,
        ).where(FeaturedPerson.entry_id.in_(ids)),
    ).order_by("entry_id", "kind", "position", "id")
    for entry_id, kind, _position, _id, name in core_rows(people):
        (featured if kind else authors).setdefault(entry_id, []).append(name)
    return authors, featured


def lines_of_rows(found: list, shared: frozenset[int] | set[int]) -> list[EntryLine]:
    """The lines of rows of ``line_columns``, in their order."""
    if not found:
        return []
    authors, featured = _names([row[0] for row in found])
    lines = []
    for row in found:
        entry_id, number, title, status, submitted_at, needs_typing = row[:6]
        checked, has_unit, unit, cluster, track, limit, field, words = row[6:14]
        lines.append(
            EntryLine(
                id=entry_id,
                number=number,
                title=title,
                authors=", ".join(authors.get(entry_id, ())),
                unit=unit,
                cluster=cluster,
                featured=", ".join(featured.get(entry_id, ())),
                track=track,
                field=field,
                words=words,
                status=status,
                submitted_at=submitted_at,
                flags=row_flags(
                    status=status,
                    needs_typing=needs_typing,
                    words=words,
                    word_limit=limit,
                    checked_by_unit=bool(checked),
                    has_unit=bool(has_unit),
                    shared=entry_id in shared,
                ),
            )
        )
    return lines
