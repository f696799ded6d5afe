"""Turn the engine's matches into SimilarityMatch rows: one row per pair, kept up to date.

Every kind of pair is stored with its kind (copy, same template, quotation: see
judging.plagiarism.core); only copies wait for a decision before judging (judging.stages.services).
A pair is stored with A = the suspect: of two entries of the edition the later one,
otherwise the edition's entry (B being an archived entry or a reference document). A
new check updates the pair's shares and passages but never its decision; an open pair
the engine no longer finds (text changed, boilerplate added) is dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from contest.extensions import db
from judging.plagiarism.core import Match, Passage
from judging.plagiarism.models import (
    KIND_COPY,
    SOURCE_EDITION,
    MatchOrigin,
    MatchStatus,
    SimilarityMatch,
)
from judging.plagiarism.services.corpus import CorpusDoc, chunks, same_author


@dataclass(frozen=True)
class RecordSummary:
    """What a check changed in the queue of suspicious pairs."""

    found: int = 0
    new: int = 0
    dropped: int = 0


def swapped(match: Match) -> Match:
    """The same match seen from B's side."""
    return replace(
        match,
        a=match.b,
        b=match.a,
        a_share=match.b_share,
        b_share=match.a_share,
        passages=tuple(
            Passage(p.b_start, p.b_end, p.a_start, p.a_end, p.quoted, p.boilerplate)
            for p in match.passages
        ),
    )


def oriented(
    match: Match, docs: dict[str, CorpusDoc]
) -> tuple[Match, CorpusDoc, CorpusDoc] | None:
    """The match with A = the suspect entry of the edition; None if neither side is."""
    a, b = docs.get(match.a), docs.get(match.b)
    if a is None or b is None:
        return None
    a_here, b_here = a.source == SOURCE_EDITION, b.source == SOURCE_EDITION
    if not (a_here or b_here):
        return None  # archive against reference: not this edition's business
    if (b_here and not a_here) or (a_here and b_here and a.entry_id < b.entry_id):
        return swapped(match), b, a
    return match, a, b


def pair_key(edition_id: int, a: CorpusDoc, b: CorpusDoc) -> str:
    """The row key of a pair: edition, A's entry, B's entry or reference."""
    other = f"e{b.entry_id}" if b.is_entry else f"r{b.reference_id}"
    return f"{edition_id}:e{a.entry_id}:{other}"


def passages_json(passages: Iterable[Passage]) -> list[list]:
    """Passages as stored: [a_start, a_end, b_start, b_end, quoted, boilerplate];
    a template's fixed text (shared around changed numbers) is stored as boilerplate:
    shown greyed, not counted."""
    return [
        [p.a_start, p.a_end, p.b_start, p.b_end, p.quoted, p.boilerplate or p.template]
        for p in passages
    ]


def _rows(
    edition_id: int, keys: Collection[str], checked: Collection[int] | None
) -> dict[str, SimilarityMatch]:
    """The edition's pair rows a check may touch, by key: all of them for a full scan,
    else those of the pairs found and of the checked entries (a few per entry)."""
    edition_rows = select(SimilarityMatch).where(
        SimilarityMatch.edition_id == edition_id
    )
    if checked is None:
        return {row.pair_key: row for row in db.session.scalars(edition_rows)}
    rows: dict[str, SimilarityMatch] = {}
    for chunk in chunks(sorted(keys)):
        query = edition_rows.where(SimilarityMatch.pair_key.in_(chunk))
        rows |= {row.pair_key: row for row in db.session.scalars(query)}
    for chunk in chunks(sorted(checked)):
        query = edition_rows.where(
            SimilarityMatch.a_entry_id.in_(chunk)
            | SimilarityMatch.b_entry_id.in_(chunk)
        )
        rows |= {row.pair_key: row for row in db.session.scalars(query)}
    return rows


def record_matches(
    edition_id: int,
    matches: Iterable[Match],
    docs: dict[str, CorpusDoc],
    *,
    checked: Collection[int] | None,
) -> RecordSummary:
    """Store the matches of a check; flushes.

    ``checked``: the entries whose every pair was looked for (their open pairs not
    found again are dropped); None for a full scan (all of the edition's).
    """
    found: dict[str, tuple[Match, CorpusDoc, CorpusDoc]] = {}
    for match in matches:
        pair = oriented(match, docs)
        if pair is not None:
            found.setdefault(pair_key(edition_id, pair[1], pair[2]), pair)
    rows = _rows(edition_id, found.keys(), checked)
    new = 0
    for key, (match, a, b) in found.items():
        row = rows.get(key)
        if row is None:
            row = SimilarityMatch(edition_id=edition_id, pair_key=key)
            db.session.add(row)
            new += 1
        row.a_entry_id, row.a_version_id = a.entry_id, a.version_id
        row.b_entry_id, row.b_version_id = b.entry_id, b.version_id
        row.b_reference_id = b.reference_id
        row.source = b.source
        row.score, row.a_share, row.b_share = match.score, match.a_share, match.b_share
        row.passages = passages_json(match.passages)
        row.same_author = same_author(a, b)
        row.kind = match.kind
    dropped = 0
    for key, row in rows.items():
        if key in found or row.origin != MatchOrigin.ENGINE or not row.is_open:
            continue
        if checked is None or row.a_entry_id in checked or row.b_entry_id in checked:
            db.session.delete(row)
            dropped += 1
    db.session.flush()
    return RecordSummary(found=len(found), new=new, dropped=dropped)


def open_pairs(edition_id: int) -> int:
    """How many copy pairs of the edition wait for a decision."""
    return db.session.scalar(
        select(func.count(SimilarityMatch.id)).where(
            SimilarityMatch.edition_id == edition_id,
            SimilarityMatch.status == MatchStatus.OPEN,
            SimilarityMatch.kind == KIND_COPY,
        )
    )
