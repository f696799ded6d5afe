"""Which of a unit's entries look like a duplicate, before the unit forwards them.

Two signs, either enough: the entry is in a similar pair the organizers have not
decided yet (the plagiarism scan's queue), or another entry of the edition shares an
author (name compared without accents) and has the same title or the same text. The
unit sees a mark in its list and must confirm before forwarding such an entry; the
other entry is named only if it is one of the unit's own (units see no one else's).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus
from contest.textnorm import search_key, syllables
from judging.plagiarism.models import KIND_COPY, MatchStatus, SimilarityMatch

# Entries that are (or may still be) in the contest, and so can be duplicated.
LIVE = (
    EntryStatus.SUBMITTED,
    EntryStatus.FORWARDED,
    EntryStatus.UNDER_REVIEW,
    EntryStatus.SHORTLISTED,
    EntryStatus.AWARDED,
)


@dataclass(frozen=True)
class Suspect:
    """Why an entry looks like a duplicate; ``other`` is shown only when it is the
    unit's own entry (else None), ``share`` the similar share if known."""

    other: str | None
    share: float | None
    same_author: bool


def _text_key(entry: Entry) -> tuple[str, ...]:
    version = entry.latest_version
    return tuple(syllables(version.text)) if version is not None else ()


def suspects(
    edition: Edition, entries: list[Entry], unit_id: int | None
) -> dict[int, Suspect]:
    """Entry id → why it looks like a duplicate, for these entries of the unit."""
    if not entries:
        return {}
    ids = {e.id for e in entries}
    found: dict[int, Suspect] = {}
    own = {e.id: e for e in entries}

    def _name(other: Entry | None) -> str | None:
        if other is None or other.unit_id != unit_id:
            return None
        return other.number

    for match in db.session.scalars(
        select(SimilarityMatch).where(
            SimilarityMatch.edition_id == edition.id,
            SimilarityMatch.status == MatchStatus.OPEN,
            SimilarityMatch.kind == KIND_COPY,  # templates and quotations mark nothing
            SimilarityMatch.a_entry_id.in_(ids) | SimilarityMatch.b_entry_id.in_(ids),
        )
    ):
        for mine, other, share in (
            (match.a_entry_id, match.b_entry, match.a_share),
            (match.b_entry_id, match.a_entry, match.b_share),
        ):
            if mine in own and mine not in found:
                found[mine] = Suspect(_name(other), share, match.same_author)
    by_author: dict[str, list[Entry]] = defaultdict(list)
    others = db.session.scalars(
        select(Entry)
        .where(
            Entry.edition_id == edition.id,
            Entry.status.in_([str(s) for s in LIVE]),
        )
        .options(selectinload(Entry.authors))
    ).all()
    for other in others:
        for author in other.authors:
            by_author[search_key(author.full_name)].append(other)
    for entry in entries:
        if entry.id in found:
            continue
        title, text = search_key(entry.title or ""), None
        for author in entry.authors:
            for other in by_author.get(search_key(author.full_name), ()):
                if other.id == entry.id:
                    continue
                same = bool(title) and search_key(other.title or "") == title
                if not same:
                    text = _text_key(entry) if text is None else text
                    same = bool(text) and _text_key(other) == text
                if same:
                    found[entry.id] = Suspect(_name(other), None, True)
                    break
            if entry.id in found:
                break
    return found
