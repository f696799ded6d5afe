"""What the organizers' entries list reads on every page and rarely changes, kept
per process under stamps of the rows it comes from (contest.sql_stamps).

- The filter form's choices: the edition's tracks and fields, every unit and
  cluster (sorted the Vietnamese way: hundreds of units in a city).
- The entries whose featured person also appears in another entry of the edition:
  every featured name of the edition (2,500 and more) folded and grouped.

Each page asks the database for the stamp of those rows now (one statement, a few
hundred kilobytes compared at most) and builds again only when it changed, in any
process: a renamed unit, a new entry's featured person, a withdrawn entry show on
the next page. The kept values are the same for every organizer (nothing per user).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from threading import Lock

from sqlalchemy import Integer, Select, bindparam, select

from contest.extensions import db
from contest.models import (
    Cluster,
    Entry,
    EntryStatus,
    FeaturedPerson,
    Field,
    Track,
    Unit,
)
from contest.services.entry_filters import shared_entry_ids
from contest.sql_stamps import digest, fingerprint, ordered, stamp, stamp_of_rows
from contest.textnorm import vi_sort_key

_EDITION = bindparam("edition_id", type_=Integer)
_KEPT_EDITIONS = 8  # editions kept per process (organizers look at one or two)


@dataclass(frozen=True)
class FilterChoices:
    """(id, name) pairs the filters offer: tracks and fields in the edition's order,
    units and clusters by name."""

    tracks: tuple[tuple[int, str], ...]
    fields: tuple[tuple[int, str], ...]
    units: tuple[tuple[int, str], ...]
    clusters: tuple[tuple[int, str], ...]
    stamp: bytes  # digest of the rows they come from


def _named(table, *where, ordered_by=()) -> Select:
    """(id, name, [ordered_by], fingerprint, key) of a table's rows, in id order;
    the fingerprint covers what the choices show: names and their order."""
    columns = (table.id, table.name, *ordered_by)
    return select(*columns, fingerprint(columns), table.id.label("key")).where(*where)


@cache
def _statements(dialect: str) -> tuple[Select, tuple[Select, ...], Select]:
    """Built once per process (the edition bound at execution): one statement of
    the five stamps (tracks, fields, units, clusters, featured names), the four
    choices' queries and the featured names' query."""
    choices = (
        _named(Track, Track.edition_id == _EDITION, ordered_by=(Track.position,)),
        _named(Field, Field.edition_id == _EDITION, ordered_by=(Field.position,)),
        _named(Unit),
        _named(Cluster),
    )
    columns = (FeaturedPerson.entry_id, FeaturedPerson.name)
    pairs = (
        select(*columns, fingerprint(columns), FeaturedPerson.id.label("key"))
        .join(Entry, Entry.id == FeaturedPerson.entry_id)
        .where(
            Entry.edition_id == _EDITION,
            Entry.number.is_not(None),  # drafts would only add noise
            Entry.status != EntryStatus.WITHDRAWN,
        )
    )
    stamps = select(*(stamp(query, ["key"], dialect) for query in (*choices, pairs)))
    return (
        stamps,
        tuple(ordered(query, ["key"]) for query in choices),
        ordered(pairs, ["key"]),
    )


def _by_position(rows) -> tuple[tuple[int, str], ...]:
    return tuple((r.id, r.name) for r in sorted(rows, key=lambda r: (r.position, r.id)))


def _by_name(rows) -> tuple[tuple[int, str], ...]:
    return tuple(
        (r.id, r.name) for r in sorted(rows, key=lambda r: (vi_sort_key(r.name), r.id))
    )


_CHOICES: dict[int, tuple[bytes, FilterChoices]] = {}
_SHARED: dict[int, tuple[bytes, frozenset[int]]] = {}
_LOCK = Lock()


def _keep(kept: dict, edition_id: int, value) -> None:
    with _LOCK:
        kept[edition_id] = value
        while len(kept) > _KEPT_EDITIONS:
            kept.pop(next(iter(kept)))


def list_context(edition_id: int) -> tuple[FilterChoices, frozenset[int]]:
    """The filters' choices and the entries sharing a featured person, as now (one
    statement; the rows of either are read again only when their stamp changed)."""
    db.session.flush()  # as the session's autoflush would
    connection = db.session.connection()
    stamps, choice_queries, pairs = _statements(connection.dialect.name)
    bound = {"edition_id": edition_id}
    *choice_stamps, pairs_stamp = connection.execute(stamps, bound).one()
    choices = _kept(_CHOICES, edition_id, digest(*choice_stamps))
    if choices is None:
        found = [connection.execute(query, bound).all() for query in choice_queries]
        tracks, fields, units, clusters = found
        stamped = digest(*(stamp_of_rows(rows) for rows in found))
        choices = FilterChoices(
            _by_position(tracks),
            _by_position(fields),
            _by_name(units),
            _by_name(clusters),
            stamped,
        )
        _keep(_CHOICES, edition_id, (stamped, choices))
    shared = _kept(_SHARED, edition_id, digest(pairs_stamp))
    if shared is None:
        rows = connection.execute(pairs, bound).all()
        shared = frozenset(shared_entry_ids((row.entry_id, row.name) for row in rows))
        _keep(_SHARED, edition_id, (digest(stamp_of_rows(rows)), shared))
    return choices, shared


def _kept(kept: dict, edition_id: int, now: bytes):
    """The value kept for the edition if its stamp is ``now``, else None."""
    found = kept.get(edition_id)
    return found[1] if found is not None and found[0] == now else None
