"""Queries behind the plagiarism pages: the ranked report with its filters, one pair's
side-by-side texts, and the groups of entries about the same featured person."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from contest.extensions import db
from contest.models import Edition, Entry, EntryAuthor, FeaturedPerson, Unit
from judging.plagiarism.core.grey import boilerplate_ranges, grey_parts
from judging.plagiarism.core.passages import (
    PersonGroup,
    PersonMention,
    Segment,
    group_same_person,
    segments,
    side_spans,
)
from judging.plagiarism.models import (
    ARCHIVE_PREFIX,
    KIND_COPY,
    MATCH_KINDS,
    SOURCE_EDITION,
    SOURCE_REFERENCE,
    MatchStatus,
    SimilarityMatch,
)
from judging.plagiarism.services.corpus import LEFT_OUT, boilerplate_of

REPORT_LIMIT = 300  # pairs on one page; the rest is reached with the filters
SOURCE_KINDS = ("edition", "archive", "reference")


@dataclass(frozen=True)
class ReportFilters:
    """The report's filters ("" = all)."""

    status: str = ""
    source: str = ""
    same_author: str = ""  # "yes" / "no" / ""
    kind: str = KIND_COPY  # the report's tab: one kind at a time, copies first


def report_kind(value: str | None) -> str:
    """The tab asked for, copies when the value is missing or unknown."""
    return value if value in MATCH_KINDS else KIND_COPY


def list_matches(
    edition: Edition, filters: ReportFilters, limit: int = REPORT_LIMIT
) -> tuple[list[SimilarityMatch], int]:
    """The edition's suspicious pairs ranked by score (best first), and their count."""
    query = select(SimilarityMatch).where(
        SimilarityMatch.edition_id == edition.id,
        SimilarityMatch.kind == report_kind(filters.kind),
    )
    if filters.status in set(MatchStatus):
        query = query.where(SimilarityMatch.status == filters.status)
    if filters.source == "archive":
        query = query.where(SimilarityMatch.source.startswith(ARCHIVE_PREFIX))
    elif filters.source in (SOURCE_EDITION, SOURCE_REFERENCE):
        query = query.where(SimilarityMatch.source == filters.source)
    if filters.same_author in ("yes", "no"):
        query = query.where(
            SimilarityMatch.same_author == (filters.same_author == "yes")
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.options(
            selectinload(SimilarityMatch.a_entry),
            selectinload(SimilarityMatch.b_entry).selectinload(Entry.edition),
            selectinload(SimilarityMatch.b_reference),
        )
        .order_by(SimilarityMatch.score.desc(), SimilarityMatch.id)
        .limit(limit)
    ).all()
    return rows, total


def status_counts(edition: Edition, kind: str = KIND_COPY) -> dict[str, int]:
    """How many pairs of the edition of this kind are in each decision state."""
    rows = db.session.execute(
        select(SimilarityMatch.status, func.count(SimilarityMatch.id))
        .where(
            SimilarityMatch.edition_id == edition.id,
            SimilarityMatch.kind == report_kind(kind),
        )
        .group_by(SimilarityMatch.status)
    )
    return {str(status): count for status, count in rows}


def kind_counts(edition: Edition) -> dict[str, int]:
    """How many pairs of the edition are of each kind (every kind present, 0 or more)."""
    rows = db.session.execute(
        select(SimilarityMatch.kind, func.count(SimilarityMatch.id))
        .where(SimilarityMatch.edition_id == edition.id)
        .group_by(SimilarityMatch.kind)
    )
    counts = dict.fromkeys(MATCH_KINDS, 0)
    counts.update({str(kind): count for kind, count in rows})
    return counts


@dataclass(frozen=True)
class Side:
    """One text of the side-by-side view, cut into plain and matched pieces."""

    text: str
    pieces: list[Segment]
    outdated: bool  # the entry has a newer version than the one compared


def _entry_text(match: SimilarityMatch, side: str) -> tuple[str, bool]:
    """The text of the compared version of an entry, and whether it is outdated."""
    entry = match.a_entry if side == "a" else match.b_entry
    version = match.a_version if side == "a" else match.b_version
    latest = entry.latest_version
    if version is None:  # the compared version is gone: show the current one
        return (latest.text if latest else ""), True
    return version.text, latest is not None and latest.id != version.id


def pair_sides(match: SimilarityMatch) -> tuple[Side, Side]:
    """Both texts of a pair with their matched passages marked."""
    a_text, a_old = _entry_text(match, "a")
    if match.b_entry is not None:
        b_text, b_old = _entry_text(match, "b")
    elif match.b_reference is not None:
        b_text, b_old = match.b_reference.text, False
    else:  # a judge's flag names no source
        b_text, b_old = "", False
    passages = match.passages or []
    phrases = boilerplate_of(match.edition_id)

    def side(text: str, name: str, outdated: bool) -> Side:
        spans = side_spans(passages, name)
        pieces = segments(text, spans)
        if any(s.counted for s in spans):  # grey the boilerplate inside them
            pieces = grey_parts(pieces, boilerplate_ranges(text, phrases))
        return Side(text, pieces, outdated)

    return side(a_text, "a", a_old), side(b_text, "b", b_old)


def same_person_groups(edition: Edition) -> list[PersonGroup]:
    """Entries of the edition about the same featured person (name and unit)."""
    rows = db.session.execute(
        select(
            Entry.id,
            Entry.number,
            Entry.title,
            Entry.status,
            FeaturedPerson.name,
            func.coalesce(Unit.name, FeaturedPerson.unit_name),
        )
        .join(FeaturedPerson, FeaturedPerson.entry_id == Entry.id)
        .outerjoin(Unit, Unit.id == FeaturedPerson.unit_id)
        .where(Entry.edition_id == edition.id, Entry.status.not_in(LEFT_OUT))
    ).all()
    authors: dict[int, str] = {}
    for entry_id, name in db.session.execute(
        select(EntryAuthor.entry_id, EntryAuthor.full_name)
        .join(Entry, Entry.id == EntryAuthor.entry_id)
        .where(Entry.edition_id == edition.id)
        .order_by(EntryAuthor.position)
    ):
        authors.setdefault(entry_id, name)
    return group_same_person(
        PersonMention(
            entry_id=entry_id,
            number=number or "",
            title=title,
            status=str(status),
            author=authors.get(entry_id, ""),
            name=name,
            unit=unit or "",
        )
        for entry_id, number, title, status, name, unit in rows
    )
