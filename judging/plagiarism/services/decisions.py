"""Organizers' plagiarism verbs: decide a pair, reopen it, edit the edition's
boilerplate phrases, import reference documents. They flush; the caller commits.

A decision acts on one entry of the edition: "same entry submitted twice" withdraws it
(with the reason) or, as a merge, keeps the chosen entry, gives it what the other had
(contest.services.entry_merge) and withdraws the other; "copying" rules it not
eligible through services.entries (the writer sees the reason in "My entries" and
gets it by email). Every verb is in the audit log.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import delete, select

from contest.documents import DocumentRejected, IntakeError, extract_document
from contest.extensions import db
from contest.locking import locked
from contest.models import Edition, Entry, EntryStatus, User
from contest.services import entries as entry_service
from contest.services.audit import audit
from contest.services.entry_merge import merge_into
from contest.textnorm import clean_text
from judging.plagiarism.models import (
    BoilerplatePhrase,
    MatchStatus,
    ReferenceDocument,
    SimilarityMatch,
)
from judging.plagiarism.services.checks import queue_after_commit
from judging.plagiarism.services.index import forget_index
from judging.plagiarism.services.pending import note_corpus

MAX_PHRASES = 100
MAX_PHRASE_CHARS = 500
# Entries a decision can still rule out (drafts never entered; rulings already made).
RULABLE = frozenset(EntryStatus) - {
    EntryStatus.DRAFT,
    EntryStatus.WITHDRAWN,
    EntryStatus.NOT_ELIGIBLE,
}


class DecisionError(StrEnum):
    """Why a decision was refused (the page shows it next to the form)."""

    ALREADY_DECIDED = "already_decided"
    NO_TARGET = "no_target"
    NO_REASON = "no_reason"
    CANNOT_MERGE = "cannot_merge"


class DecisionRefused(Exception):
    """A decision that cannot be applied; ``code`` says why."""

    def __init__(self, code: DecisionError) -> None:
        super().__init__(code.value)
        self.code = code


def actionable_entries(match: SimilarityMatch) -> list[Entry]:
    """The pair's entries of this edition (an archived entry is not ours to rule)."""
    found = [match.a_entry]
    b = match.b_entry
    if b is not None and b.edition_id == match.edition_id:
        found.append(b)
    return found


def decide(
    match: SimilarityMatch,
    actor: User,
    decision: MatchStatus,
    note: str,
    target: Entry | None,
    now: datetime,
    *,
    merge: bool = False,
) -> None:
    """Record an organizer's decision on an open pair and apply it to ``target``.

    With ``merge`` (a duplicate only) ``target`` is the entry kept and the pair's
    other entry is merged into it and withdrawn; the reason is then optional (the
    writer is told which entry it went into). Raises DecisionRefused: already
    decided, no entry of the pair chosen, no reason for a withdrawal or
    disqualification, or a merge without a second entry of this edition to merge.
    """
    if not locked(match).is_open:
        raise DecisionRefused(DecisionError.ALREADY_DECIDED)
    if decision in (MatchStatus.DUPLICATE, MatchStatus.COPYING):
        # It changes an entry's status: not once the results are published.
        from judging.stages.services import require_results_open

        require_results_open(match.edition)
    note = clean_text(note or "").strip()
    merge = merge and decision == MatchStatus.DUPLICATE
    acts = decision in (MatchStatus.DUPLICATE, MatchStatus.COPYING)
    if acts and (target is None or target not in actionable_entries(match)):
        raise DecisionRefused(DecisionError.NO_TARGET)
    other = next((e for e in actionable_entries(match) if e is not target), None)
    if merge and (other is None or other.status not in RULABLE or not target.number):
        raise DecisionRefused(DecisionError.CANNOT_MERGE)
    if acts and not merge and not note:
        raise DecisionRefused(DecisionError.NO_REASON)
    acted = other if merge else target
    if merge:
        merge_into(target, other, actor, note)
    elif decision == MatchStatus.DUPLICATE and target.status != EntryStatus.WITHDRAWN:
        entry_service.withdraw_for_writer(target, actor, note)
    elif decision == MatchStatus.COPYING and target.status in RULABLE:
        entry_service.mark_not_eligible(target, actor, note)
    match.status = decision
    match.decided_by_id, match.decided_at = actor.id, now
    match.decision_note = acted.status_reason if merge else note
    match.acted_entry_id = acted.id if acts else None
    audit(
        actor,
        "plagiarism.decide",
        match,
        decision=str(decision),
        merged_into=target.id if merge else None,
        entry=acted.id if acts else None,
        a=match.a_entry_id,
        b=match.b_entry_id,
        reference=match.b_reference_id,
        score=round(match.score, 4),
        note=note,
    )
    db.session.flush()


def reopen(match: SimilarityMatch, actor: User) -> None:
    """Put a decided pair back in the queue. An entry already withdrawn or ruled out
    stays so (undo that on the entry's page, with a reason)."""
    previous = str(match.status)
    match.status = MatchStatus.OPEN
    match.decided_by_id = match.decided_at = match.acted_entry_id = None
    audit(actor, "plagiarism.reopen", match, previous=previous)
    db.session.flush()


def parse_phrases(text: str) -> list[str]:
    """Boilerplate phrases typed one per line: trimmed, blank and repeated lines out."""
    phrases: list[str] = []
    for line in clean_text(text or "").splitlines():
        phrase = " ".join(line.split())[:MAX_PHRASE_CHARS]
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases[:MAX_PHRASES]


def save_boilerplate(edition: Edition, actor: User | None, text: str) -> list[str]:
    """Replace the edition's boilerplate phrases; the index is rebuilt at next check."""
    phrases = parse_phrases(text)
    db.session.execute(
        delete(BoilerplatePhrase).where(BoilerplatePhrase.edition_id == edition.id)
    )
    for position, phrase in enumerate(phrases):
        db.session.add(
            BoilerplatePhrase(edition_id=edition.id, position=position, phrase=phrase)
        )
    audit(actor, "plagiarism.boilerplate", edition, phrases=len(phrases))
    db.session.flush()
    forget_index(edition)
    return phrases


def default_title(filename: str) -> str:
    """A readable title from a file name ("bong_hoa-dep.docx" → "bong hoa dep")."""
    stem = Path(filename).stem.replace("_", " ").replace("-", " ")
    return " ".join(stem.split())[:300] or filename[:300]


def import_reference(
    data: bytes,
    filename: str,
    *,
    actor: User | None,
    source: str = "",
    year: int | None = None,
    title: str = "",
) -> tuple[ReferenceDocument, bool]:
    """Add a published story to the reference corpus; (document, created).

    The text is extracted by contest.documents (sandboxed); the same text imported
    again returns the existing document. Raises DocumentRejected (a scan has no text).
    """
    extracted = extract_document(data, filename)
    if extracted.needs_typing:
        raise DocumentRejected(IntakeError.NEEDS_TYPING)
    text = extracted.text.strip()
    if not text:
        raise DocumentRejected(IntakeError.EMPTY_DOCUMENT)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = db.session.scalar(
        select(ReferenceDocument).where(ReferenceDocument.sha256 == digest)
    )
    if existing is not None:
        return existing, False
    document = ReferenceDocument(
        title=clean_text(title).strip()[:300] or default_title(filename),
        source=clean_text(source).strip()[:300],
        year=year,
        text=text,
        word_count=extracted.word_count,
        original_name=Path(filename).name[:255],
        sha256=digest,
        imported_by_id=actor.id if actor is not None else None,
    )
    db.session.add(document)
    db.session.flush()
    audit(actor, "plagiarism.reference_import", document, title=document.title)
    for edition_id in note_corpus():  # the open editions check their corpus again
        queue_after_commit(edition_id)
    return document, True
