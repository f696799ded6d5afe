"""The documents an edition's entries are checked against, read from the database.

An edition's corpus is its own submitted entries (source "edition"), the entries of
every closed edition ("archive:<year>") and the reference corpus ("reference").
Document ids say what a document is and which text was indexed: "e<entry>.<version>"
for an entry's submitted version, "r<reference>" for a reference document; a new
version of an entry therefore replaces the old one at the next check.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    Edition,
    EditionStatus,
    Entry,
    EntryAuthor,
    EntryChannel,
    EntryStatus,
    EntryVersion,
    User,
)
from contest.textnorm import search_key
from judging.plagiarism.models import (
    ARCHIVE_PREFIX,
    SOURCE_EDITION,
    SOURCE_REFERENCE,
    BoilerplatePhrase,
    ReferenceDocument,
)

# Entries that are not (or no longer) in the contest are not compared.
LEFT_OUT = (EntryStatus.DRAFT, EntryStatus.WITHDRAWN)
CHUNK = 500  # rows per IN (...) query and per bulk add


@dataclass(frozen=True)
class CorpusDoc:
    """One document of an edition's corpus, without its text."""

    doc_id: str
    entry_id: int | None
    version_id: int | None
    reference_id: int | None
    source: str
    # Who wrote it, accent-free names joined by "|": the account that sent it online,
    # or the authors typed by the unit for a paper entry (see writer_key).
    author_key: str | None
    chars: int = 0  # length of the text (sizes the index)

    @property
    def is_entry(self) -> bool:
        """True for an entry (of this edition or the archive)."""
        return self.entry_id is not None


def same_author(a: CorpusDoc, b: CorpusDoc) -> bool:
    """Probably the same writer (a resubmission rather than theft): a name in common."""
    if a.author_key is None or b.author_key is None:
        return False
    return bool(set(a.author_key.split("|")) & set(b.author_key.split("|")))


def author_key(names: Iterable[str]) -> str | None:
    """Accent-free names, sorted and joined by "|" (None if there is none)."""
    keys = sorted({" ".join(search_key(name).split()) for name in names} - {""})
    return "|".join(keys) or None


def writer_key(channel: str, owner_name: str, authors: Iterable[str]) -> str | None:
    """Who wrote an entry: the account holder for an online entry (the author block
    can be copied along with the text), the typed authors for a unit's paper entry."""
    return author_key([owner_name] if channel == EntryChannel.ONLINE else authors)


def entry_doc_id(entry_id: int, version_id: int) -> str:
    """The index id of one submitted version of an entry."""
    return f"e{entry_id}.{version_id}"


def entry_of(doc_id: str) -> int | None:
    """The entry id of an entry's index id ("e12.40" → 12), None for a reference."""
    if not doc_id.startswith("e"):
        return None
    return int(doc_id[1:].split(".", 1)[0])


def reference_doc_id(reference_id: int) -> str:
    """The index id of a reference document."""
    return f"r{reference_id}"


def chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    """The values in lists of at most ``size`` (one IN (...) query each)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _entry_docs(edition: Edition, only: list[int] | None = None) -> list[CorpusDoc]:
    """This edition's entries and the closed editions' ones, latest versions (of the
    entries ``only``, when given: the entries left out or unknown are not listed)."""
    latest = select(
        EntryVersion.entry_id.label("entry_id"),
        func.max(EntryVersion.id).label("version_id"),
    ).group_by(EntryVersion.entry_id)
    if only is not None:
        latest = latest.where(EntryVersion.entry_id.in_(only))
    latest = latest.subquery()
    query = (
        select(
            Entry.id,
            latest.c.version_id,
            func.length(EntryVersion.text),
            Entry.edition_id,
            Edition.year,
            Entry.channel,
            User.full_name,
        )
        .join(latest, latest.c.entry_id == Entry.id)
        .join(EntryVersion, EntryVersion.id == latest.c.version_id)
        .join(Edition, Edition.id == Entry.edition_id)
        .join(User, User.id == Entry.owner_id)
        .where(Entry.status.not_in(LEFT_OUT))
        .where(
            (Entry.edition_id == edition.id) | (Edition.status == EditionStatus.CLOSED)
        )
    )
    if only is not None:
        query = query.where(Entry.id.in_(only))
    rows = db.session.execute(query.order_by(Entry.id)).all()
    names: dict[int, list[str]] = {}
    paper = [row[0] for row in rows if row[5] != EntryChannel.ONLINE]
    for chunk in chunks(paper):
        for entry_id, name in db.session.execute(
            select(EntryAuthor.entry_id, EntryAuthor.full_name).where(
                EntryAuthor.entry_id.in_(chunk)
            )
        ):
            names.setdefault(entry_id, []).append(name)
    return [
        CorpusDoc(
            doc_id=entry_doc_id(entry_id, version_id),
            entry_id=entry_id,
            version_id=version_id,
            reference_id=None,
            source=SOURCE_EDITION
            if edition_id == edition.id
            else f"{ARCHIVE_PREFIX}{year}",
            author_key=writer_key(channel, owner, names.get(entry_id, ())),
            chars=chars or 0,
        )
        for entry_id, version_id, chars, edition_id, year, channel, owner in rows
    ]


def _reference_docs(only: list[int] | None = None) -> list[CorpusDoc]:
    """The reference corpus (the documents ``only``, when given)."""
    query = select(ReferenceDocument.id, func.length(ReferenceDocument.text))
    if only is not None:
        query = query.where(ReferenceDocument.id.in_(only))
    return [
        CorpusDoc(
            reference_doc_id(ref_id), None, None, ref_id, SOURCE_REFERENCE, None, chars
        )
        for ref_id, chars in db.session.execute(query.order_by(ReferenceDocument.id))
    ]


def corpus_docs(edition: Edition) -> dict[str, CorpusDoc]:
    """Every document the edition's entries are compared with, by index id."""
    docs = _entry_docs(edition) + _reference_docs()
    return {doc.doc_id: doc for doc in docs}


def corpus_docs_of(
    edition: Edition, entry_ids: Iterable[int], reference_ids: Iterable[int] = ()
) -> dict[str, CorpusDoc]:
    """The documents of these entries and reference documents as they are in the
    edition's corpus now, by index id (those no longer in it are not listed)."""
    docs: list[CorpusDoc] = []
    for chunk in chunks(sorted(set(entry_ids))):
        docs += _entry_docs(edition, chunk)
    for chunk in chunks(sorted(set(reference_ids))):
        docs += _reference_docs(chunk)
    return {doc.doc_id: doc for doc in docs}


def reference_of(doc_id: str) -> int | None:
    """The reference id of a reference's index id ("r3" → 3), None for an entry."""
    return int(doc_id[1:]) if doc_id.startswith("r") else None


def texts_of(docs: list[CorpusDoc]) -> Iterator[tuple[CorpusDoc, str]]:
    """The documents with their texts, loaded a chunk at a time."""
    for chunk in chunks(docs):
        versions = [d.version_id for d in chunk if d.version_id is not None]
        refs = [d.reference_id for d in chunk if d.reference_id is not None]
        texts: dict[str, str] = {}
        if versions:
            for version_id, entry_id, text in db.session.execute(
                select(EntryVersion.id, EntryVersion.entry_id, EntryVersion.text).where(
                    EntryVersion.id.in_(versions)
                )
            ):
                texts[entry_doc_id(entry_id, version_id)] = text
        if refs:
            for ref_id, text in db.session.execute(
                select(ReferenceDocument.id, ReferenceDocument.text).where(
                    ReferenceDocument.id.in_(refs)
                )
            ):
                texts[reference_doc_id(ref_id)] = text
        for doc in chunk:
            if doc.doc_id in texts:
                yield doc, texts[doc.doc_id]


def boilerplate_of(edition_id: int) -> list[str]:
    """The edition's boilerplate phrases, in the organizers' order."""
    return list(
        db.session.scalars(
            select(BoilerplatePhrase.phrase)
            .where(BoilerplatePhrase.edition_id == edition_id)
            .order_by(BoilerplatePhrase.position, BoilerplatePhrase.id)
        )
    )
