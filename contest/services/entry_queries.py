"""Organizer queries over an edition's entries: filters, search, problems, pages, export.

Filtering happens in SQL. Accent-insensitive search ("Dang" finds "Đặng", "nguyen van"
finds "Nguyễn Văn") looks for the typed words, in order and from the start of a word, in
``Entry.search_text``: an accent-free copy of number, title, authors and featured people
kept by ``services.entries.refresh_search_text``. Sorting by number or
date is done in SQL; sorting by title or author needs Vietnamese collation, which no
database offers portably, so the filtered (id, text) pairs are sorted in Python with
``contest.textnorm`` (a few milliseconds for an edition's 2,500 entries). Sorted in
SQL, the page is cut by the database (its ids with the count of all matches), and its
lines are plain columns (``contest.services.entry_lines``); the filter choices and
the entries sharing a featured person are kept per process under database stamps
(``contest.services.entry_list_cache``). The list's values (filters, rows, pages,
problem flags) and the plain rules behind them are in
``contest.services.entry_filters``; this module is the SQL.

"Problems" an organizer can filter on (``ProblemFlag``):
- needs_typing: a scanned paper entry whose text has not been typed yet;
- over_limit: the latest submitted version has more words than the track allows;
- unverified: submitted and still counted, but neither verified nor forwarded by a unit;
- shared_featured: the featured person (same name, accents ignored) appears in
  another entry of the edition (informational: many writers honour the same person);
- never_submitted: a draft that never got a number;
- no_unit: the entry belongs to no unit, so it counts for no unit's participation.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, false, func, select
from sqlalchemy.orm import aliased, defer, joinedload, selectinload

from contest.extensions import db
from contest.models import (
    Edition,
    Entry,
    EntryAuthor,
    EntryVersion,
    Track,
    Unit,
)
from contest.services.entry_filters import (
    ALL_STATUSES,
    COMPETING,
    PER_PAGE,
    EntryFilters,
    EntryPage,
    EntryRow,
    ProblemFlag,
    SortKey,
    page_count,
    row_flags,
    search_phrase,
)
from contest.services.entry_lines import (
    core_rows as _rows,
)
from contest.services.entry_lines import (
    latest_words,
    line_columns,
    lines_of_rows,
    with_labels,
)
from contest.services.entry_list_cache import list_context
from contest.textnorm import name_sort_key, vi_sort_key


def shared_featured_ids(edition_id: int) -> frozenset[int]:
    """Entries of the edition whose featured person also appears in another entry."""
    return list_context(edition_id)[1]


def _conditions(edition_id: int, filters: EntryFilters, shared: set[int]) -> list:
    """SQL conditions for the filters (all ANDed)."""
    conds = [Entry.edition_id == edition_id]
    for column, value in (
        (Entry.track_id, filters.track_id),
        (Entry.field_id, filters.field_id),
        (Entry.unit_id, filters.unit_id),
    ):
        if value:
            conds.append(column == value)
    if filters.cluster_id:
        conds.append(
            Entry.unit_id.in_(
                select(Unit.id).where(Unit.cluster_id == filters.cluster_id)
            )
        )
    if filters.status == "":
        if filters.problem != ProblemFlag.NEVER_SUBMITTED:
            conds.append(Entry.number.is_not(None))
    elif filters.status != ALL_STATUSES:
        conds.append(Entry.status == filters.status)
    if (filters.q or "").strip():
        # Only punctuation typed ("%", "_", "?"): nothing can match it; listing every
        # entry would look as if "%" were a wildcard.
        phrase = search_phrase(filters.q)
        conds.append(
            Entry.search_text.contains(phrase, autoescape=True) if phrase else false()
        )
    problem = filters.problem
    if problem == ProblemFlag.NEEDS_TYPING:
        conds.append(Entry.needs_typing.is_(True))
    elif problem == ProblemFlag.OVER_LIMIT:
        track = aliased(Track)  # the list's lines join Track themselves
        limit = select(track.word_limit).where(track.id == Entry.track_id)
        conds.append(latest_words() > limit.scalar_subquery())
    elif problem == ProblemFlag.UNVERIFIED:
        conds.append(
            and_(
                Entry.status.in_(COMPETING),
                Entry.verified_at.is_(None),
                Entry.forwarded_at.is_(None),
            )
        )
    elif problem == ProblemFlag.SHARED_FEATURED:
        conds.append(Entry.id.in_(sorted(shared)))
    elif problem == ProblemFlag.NEVER_SUBMITTED:
        conds.append(Entry.number.is_(None))
    elif problem == ProblemFlag.NO_UNIT:
        conds.append(Entry.unit_id.is_(None))
    return conds


def _ordered_ids(edition_id: int, filters: EntryFilters, shared: set[int]) -> list[int]:
    """Ids of every matching entry, in the requested order."""
    conds = _conditions(edition_id, filters, shared)
    sort = filters.sort
    if sort in (SortKey.TITLE, SortKey.AUTHOR):
        return _collated_ids(conds, sort)
    query: Select = select(Entry.id).where(*conds).order_by(*_sql_order(sort))
    return list(_rows(query).scalars())


def _sql_order(sort: SortKey) -> tuple:
    """ORDER BY of the orders the database sorts (number, newest, oldest)."""
    if sort == SortKey.NEWEST:
        return (
            Entry.submitted_at.is_(None),
            Entry.submitted_at.desc(),
            Entry.id.desc(),
        )
    if sort == SortKey.OLDEST:
        return (Entry.submitted_at.is_(None), Entry.submitted_at, Entry.id)
    # Numbers are zero-padded, so text order is numeric; drafts last.
    return (Entry.number.is_(None), Entry.number, Entry.id)


def _collated_ids(conds: list, sort: SortKey) -> list[int]:
    """Ids sorted the Vietnamese way by title, or by the first author's name."""
    if sort == SortKey.TITLE:
        pairs = _rows(select(Entry.id, Entry.title).where(*conds)).all()
        keyed = [(vi_sort_key(title), entry_id) for entry_id, title in pairs]
    else:
        ids = list(_rows(select(Entry.id).where(*conds)).scalars())
        first: dict[int, tuple[int, str]] = {}
        authors = _rows(
            select(
                EntryAuthor.entry_id, EntryAuthor.position, EntryAuthor.full_name
            ).where(EntryAuthor.entry_id.in_(select(Entry.id).where(*conds)))
        ).all()
        for entry_id, position, name in authors:
            if entry_id not in first or position < first[entry_id][0]:
                first[entry_id] = (position, name)
        # Entries without an author go last.
        keyed = [
            (
                (entry_id not in first, name_sort_key(first.get(entry_id, (0, ""))[1])),
                entry_id,
            )
            for entry_id in ids
        ]
    keyed.sort()
    return [entry_id for _key, entry_id in keyed]


def load_rows(ids: list[int], shared: set[int]) -> list[EntryRow]:
    """The entries with these ids, in this order, with what the list and export show."""
    if not ids:
        return []
    entries = db.session.scalars(
        select(Entry)
        .where(Entry.id.in_(ids))
        .options(
            defer(Entry.draft_text),
            defer(Entry.search_text),
            selectinload(Entry.authors),
            selectinload(Entry.featured),
            joinedload(Entry.unit).joinedload(Unit.cluster),
            joinedload(Entry.track),
            joinedload(Entry.field),
        )
    ).unique()
    by_id = {entry.id: entry for entry in entries}
    words: dict[int, int] = {}
    for entry_id, count in _rows(
        select(EntryVersion.entry_id, EntryVersion.word_count)
        .where(EntryVersion.entry_id.in_(ids))
        .order_by(EntryVersion.number)
    ):
        words[entry_id] = count  # the last version wins
    rows = []
    for entry_id in ids:
        entry = by_id[entry_id]
        count = words.get(entry_id)
        rows.append(
            EntryRow(
                entry,
                count,
                row_flags(
                    status=entry.status,
                    needs_typing=entry.needs_typing,
                    words=count,
                    word_limit=entry.track.word_limit if entry.track else None,
                    checked_by_unit=bool(entry.verified_at or entry.forwarded_at),
                    has_unit=entry.unit_id is not None,
                    shared=entry_id in shared,
                ),
            )
        )
    return rows


def list_entries(
    edition: Edition,
    filters: EntryFilters,
    page: int = 1,
    per_page: int = PER_PAGE,
    shared: frozenset[int] | None = None,
) -> EntryPage:
    """One page of the edition's entries matching the filters (page numbers clamp).

    Sorted by number or date, the page is cut by the database with the count of
    every match alongside (one statement for the lines, one for their people);
    sorted by title or author (Vietnamese collation, in Python) the ordered ids come
    first. ``shared``: the edition's entries sharing a featured person, if known."""
    if shared is None:
        shared = list_context(edition.id)[1]
    conds = _conditions(edition.id, filters, shared)
    page = max(page, 1)
    if filters.sort in (SortKey.TITLE, SortKey.AUTHOR):
        ids = _collated_ids(conds, filters.sort)
        pages = page_count(len(ids), per_page)
        page = min(page, pages)
        chosen = ids[(page - 1) * per_page : page * per_page]
        found = _rows(
            with_labels(select(*line_columns())).where(Entry.id.in_(chosen))
        ).all()
        at = {entry_id: i for i, entry_id in enumerate(chosen)}
        found.sort(key=lambda row: at[row[0]])
        return EntryPage(lines_of_rows(found, shared), len(ids), page, pages)
    order = _sql_order(filters.sort)

    def lines_of(page: int) -> list:
        # The page's ids (and the count of all) first, then only their labels.
        chosen = (
            select(
                Entry.id,
                func.count().over().label("total"),
                func.row_number().over(order_by=order).label("at"),
            )
            .where(*conds)
            .order_by(*order)
            .limit(per_page)
            .offset((page - 1) * per_page)
            .subquery()
        )
        return _rows(
            with_labels(select(*line_columns(), chosen.c.total))
            .join(chosen, chosen.c.id == Entry.id)
            .order_by(chosen.c.at)
        ).all()

    found = lines_of(page)
    if not found and page > 1:  # past the end: the last page
        total = _rows(select(func.count()).select_from(Entry).where(*conds)).scalar()
        page = page_count(total, per_page)
        found = lines_of(page)
    total = found[0].total if found else 0
    return EntryPage(
        lines_of_rows(found, shared), total, page, page_count(total, per_page)
    )


def all_entries(edition: Edition, filters: EntryFilters) -> list[EntryRow]:
    """Every matching entry, in the list's order (for exports)."""
    shared = shared_featured_ids(edition.id)
    return load_rows(_ordered_ids(edition.id, filters, shared), shared)
