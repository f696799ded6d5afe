"""Builders shared by the plagiarism tests and the access walker.

Plain functions taking the app; each commits, like a view would, and returns plain
values. ``run_queued_jobs`` runs the background jobs synchronously, as a worker would.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from contest.extensions import db
from contest.jobs.backends import run_queued_jobs
from contest.models import Edition, Entry, User
from contest.services import entries as service
from judging.plagiarism.models import (
    SOURCE_REFERENCE,
    ReferenceDocument,
    SimilarityMatch,
)
from tests.conftest import draft_entry

__all__ = [
    "add_entry",
    "indexed_docs",
    "matches",
    "pair_rows",
    "plagiarism_objects",
    "run_queued_jobs",
]


def plagiarism_objects(app, entry_id: int) -> dict[str, int]:
    """Ids the access walker needs: a suspicious pair (the entry against a reference)."""
    with app.app_context():
        reference = ReferenceDocument(
            title="Bài báo mẫu", text="Một đoạn văn đã đăng báo.", sha256="0" * 64
        )
        db.session.add(reference)
        db.session.flush()
        match = SimilarityMatch(
            edition_id=db.session.get(Entry, entry_id).edition_id,
            pair_key=f"access:e{entry_id}:r{reference.id}",
            a_entry_id=entry_id,
            b_reference_id=reference.id,
            source=SOURCE_REFERENCE,
            score=0.5,
            a_share=0.5,
            b_share=0.9,
            passages=[[0, 3, 0, 3, False, False]],
        )
        db.session.add(match)
        db.session.commit()
        return {"match_id": match.id}


def add_entry(
    app,
    edition_id: int,
    owner_id: int,
    *,
    title: str,
    text: str,
    author: str = "Trần Thị Tác Giả",
    featured: tuple[str, str] = ("Nguyễn Thị Hoa", "Phường Hàng Bạc"),
    submit: bool = True,
) -> int:
    """A complete entry of the edition, submitted through services.entries.submit."""
    with app.test_request_context():
        edition = db.session.get(Edition, edition_id)
        user = db.session.get(User, owner_id)
        entry = draft_entry(
            user,
            edition,
            key=f"plag-{owner_id}-{title}"[:64],
            title=title,
            text=text,
            authors=[service.AuthorData(full_name=author, email=user.email)],
            featured=[service.FeaturedData(name=featured[0], unit_name=featured[1])],
        )
        entry.declaration_accepted = True
        if submit:
            service.submit(entry, user, datetime.now(UTC))
        db.session.commit()
        return entry.id


def matches(app, edition_id: int) -> list[dict]:
    """The edition's suspicious pairs as plain values, best first."""
    with app.app_context():
        rows = db.session.scalars(
            select(SimilarityMatch)
            .where(SimilarityMatch.edition_id == edition_id)
            .order_by(SimilarityMatch.score.desc())
        )
        return [
            {
                "id": m.id,
                "a": m.a_entry_id,
                "b": m.b_entry_id,
                "reference": m.b_reference_id,
                "source": m.source,
                "score": m.score,
                "a_share": m.a_share,
                "b_share": m.b_share,
                "same_author": m.same_author,
                "status": str(m.status),
                "passages": m.passages,
            }
            for m in rows
        ]


def pair_rows(app, edition_id: int) -> list[tuple]:
    """Everything the organizer pages read of the edition's pairs, in key order."""
    with app.app_context():
        rows = db.session.scalars(
            select(SimilarityMatch)
            .where(SimilarityMatch.edition_id == edition_id)
            .order_by(SimilarityMatch.pair_key)
        )
        return [
            (
                m.pair_key,
                m.a_entry_id,
                m.a_version_id,
                m.b_entry_id,
                m.b_version_id,
                m.b_reference_id,
                m.source,
                m.kind,
                m.score,
                m.a_share,
                m.b_share,
                m.passages,
                m.same_author,
                str(m.status),
            )
            for m in rows
        ]


def indexed_docs(app, edition_id: int) -> list[str]:
    """The document ids of the edition's saved index (snapshot and journal), sorted;
    asserts the engine holds each of them once and nothing else."""
    from judging.plagiarism.services.corpus import boilerplate_of
    from judging.plagiarism.services.index import index_lock, keep_index, open_index

    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        boilerplate = boilerplate_of(edition_id)
        with index_lock(edition):
            saved = open_index(edition, boilerplate)
            assert saved is not None, "no saved index"
            assert len(saved.index) == len(saved.doc_ids)
            assert all(doc_id in saved.index for doc_id in saved.doc_ids)
            keep_index(edition, saved, boilerplate)
            return sorted(saved.doc_ids)
