"""After the surge: is every acknowledged entry really there, and what were the figures.

An acknowledged entry must exist with its receipt number, be submitted, be owned by
the writer who sent it, have a version whose text carries the submission's unique
code, and have the uploaded .docx as that version's document: a row with the sha256
of what was sent and a file under UPLOAD_DIR whose content hashes to it.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter

from _surge_writer import Ack


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (share in 0..1) in the values' unit; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def latency_summary(seconds: list[float]) -> dict:
    """Count, p50/p95/p99 and max in seconds (3 decimals)."""
    if not seconds:
        return {"n": 0}
    return {
        "n": len(seconds),
        "p50_s": round(percentile(seconds, 0.50), 3),
        "p95_s": round(percentile(seconds, 0.95), 3),
        "p99_s": round(percentile(seconds, 0.99), 3),
        "max_s": round(max(seconds), 3),
    }


def window_rates(
    started_at: list[float], start: float, end: float, width: float = 30.0
) -> list[float]:
    """Acknowledged submissions per second, by start time, in windows of `width` s."""
    if end <= start:
        return []
    count = max(1, math.ceil((end - start) / width))
    buckets = [0] * count
    for moment in started_at:
        buckets[min(count - 1, max(0, int((moment - start) // width)))] += 1
    spans = [min(width, end - start - i * width) for i in range(count)]
    return [round(n / span, 2) for n, span in zip(buckets, spans, strict=True)]


def check_integrity(app, acks: list[Ack], writers: set[str]) -> dict:
    """Compare the acknowledged submissions with the database and the upload folder.

    `writers` are the surge's accounts: entries of other accounts are not counted.
    """
    from sqlalchemy import func, select

    from contest.extensions import db
    from contest.models import (
        Attachment,
        Edition,
        Entry,
        EntryStatus,
        EntryVersion,
        OutboxMessage,
        User,
    )
    from contest.storage import path_of

    problems: Counter = Counter()
    examples: list[str] = []

    def flag(kind: str, ack: Ack) -> None:
        problems[kind] += 1
        if len(examples) < 10:
            examples.append(f"{kind}: entry {ack.entry_id} {ack.number} {ack.code}")

    with app.app_context():
        rows = db.session.execute(
            select(Entry.id, Entry.number, Entry.status, User.email).join(
                User, Entry.owner_id == User.id
            )
        )
        entries = {row.id: row for row in rows}
        latest: dict[int, tuple] = {}
        for row in db.session.execute(
            select(
                EntryVersion.entry_id,
                EntryVersion.number,
                EntryVersion.text,
                EntryVersion.document_id,
            ).order_by(EntryVersion.number)
        ):
            latest[row.entry_id] = row
        attachments = {
            row.id: row
            for row in db.session.execute(
                select(Attachment.id, Attachment.sha256, Attachment.storage_key)
            )
        }
        last_seq = db.session.scalar(select(func.sum(Edition.last_entry_seq)))
        receipts = Counter(
            dict(
                db.session.execute(
                    select(OutboxMessage.status, func.count(OutboxMessage.id))
                    .where(OutboxMessage.template == "entry_receipt")
                    .where(OutboxMessage.to_address.in_(writers))
                    .group_by(OutboxMessage.status)
                ).all()
            )
        )

        lost = 0
        for ack in acks:
            entry = entries.get(ack.entry_id)
            if entry is None or entry.number is None:
                lost += 1
                flag("lost", ack)
                continue
            if ack.number is not None and entry.number != ack.number:
                flag("number_differs_from_receipt", ack)
            if entry.status != EntryStatus.SUBMITTED:
                flag("not_submitted", ack)
            if entry.email != ack.owner_email:
                flag("wrong_owner", ack)
            version = latest.get(ack.entry_id)
            if version is None:
                flag("no_version", ack)
                continue
            if ack.code not in version.text:
                flag("version_text_lacks_code", ack)
            if not ack.docx_sha256:
                continue  # pasted text only
            document = attachments.get(version.document_id)
            if document is None:
                flag("no_document", ack)
                continue
            if document.sha256 != ack.docx_sha256:
                flag("document_sha256_differs", ack)
            path = path_of(document.storage_key)
            if not path.is_file():
                flag("file_missing", ack)
            elif hashlib.sha256(path.read_bytes()).hexdigest() != ack.docx_sha256:
                flag("file_content_differs", ack)
        mine = {i: e for i, e in entries.items() if e.email in writers}
        numbered = [e.number for e in mine.values() if e.number is not None]
        db.session.remove()
        db.engine.dispose()

    acked_ids = Counter(ack.entry_id for ack in acks)
    acked_numbers = Counter(ack.number for ack in acks if ack.number)
    return {
        "acknowledged": len(acks),
        "lost": lost,
        "duplicates": {
            "same_entry_acknowledged_twice": sum(
                n - 1 for n in acked_ids.values() if n > 1
            ),
            "same_number_on_two_receipts": sum(
                n - 1 for n in acked_numbers.values() if n > 1
            ),
            "same_number_in_database": len(numbered) - len(set(numbered)),
        },
        "receipts_without_number": sum(1 for ack in acks if ack.number is None),
        "problems": dict(problems),
        "problem_examples": examples,
        "submitted_in_database": len(numbered),
        "submitted_but_not_acknowledged": len(
            {i for i, e in entries.items() if e.number} - set(acked_ids)
        ),
        "drafts_left": len(mine) - len(numbered),
        "numbers_issued": last_seq,
        # Sent by the workers' outbox threads right after commit; pending = not yet.
        "receipt_emails": {str(k): v for k, v in receipts.items()},
    }


def similarity_flags(app) -> int:
    """Pairs the plagiarism check flagged so far: every surge story is new, so 0."""
    from sqlalchemy import func, select

    from contest.extensions import db
    from judging.plagiarism.models import SimilarityMatch

    with app.app_context():
        flagged = db.session.scalar(select(func.count(SimilarityMatch.id)))
        db.session.remove()
        db.engine.dispose()
    return flagged


def background_jobs(app) -> dict:
    """The app's background jobs right after the surge, per kind.

    How many by status, seconds spent by the finished ones (busy_s, longest_s), how
    long the still-running ones have been at it, and the first error.
    """
    from datetime import UTC, datetime

    from sqlalchemy import select

    from contest.extensions import db
    from contest.models import Job

    kinds: dict[str, dict] = {}
    now = datetime.now(UTC)
    with app.app_context():
        for job in db.session.scalars(select(Job).order_by(Job.id)):
            kind = kinds.setdefault(
                job.kind,
                {
                    "status": Counter(),
                    "busy_s": 0.0,
                    "longest_s": 0.0,
                    "running_for_s": 0.0,
                    "first_error": "",
                },
            )
            kind["status"][str(job.status)] += 1
            if job.started_at and job.finished_at:
                seconds = (job.finished_at - job.started_at).total_seconds()
                kind["busy_s"] += seconds
                kind["longest_s"] = max(kind["longest_s"], seconds)
            elif job.started_at:
                running = (now - job.started_at).total_seconds()
                kind["running_for_s"] = max(kind["running_for_s"], running)
            if job.error and not kind["first_error"]:
                kind["first_error"] = job.error.splitlines()[0][:200]
        db.session.remove()
        db.engine.dispose()
    for kind in kinds.values():
        kind["status"] = dict(kind["status"])
        for key in ("busy_s", "longest_s", "running_for_s"):
            kind[key] = round(kind[key], 1)
    return kinds
