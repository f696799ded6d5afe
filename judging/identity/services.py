"""Identity scan before judging opens, and one-click redactions of the judges' copy.

Each entry's latest text is searched (``judging.identity.core``) for what identifies
its authors; organizers see the hits and redact a span with one click. A redaction
is a span over the version's text: the original stays intact and judges read the
text with the spans blanked (``judging.reading.services.blind``). Redactions are audit-logged by
position only, so the log does not repeat what was hidden. Text hidden in an
uploaded file (hidden formatting, white or tiny text, author fields) never reached
the version's text; the scan notes that the file had some, for the organizers only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.extensions import db
from contest.models import Edition, Entry, EntryVersion, User
from contest.services.audit import audit
from judging.assignment.services.pool import actor_id
from judging.assignment.services.roster import ROUND_STATUSES
from judging.identity.core import (
    ADVISORY_KINDS,
    Hit,
    Identity,
    covered,
    scan,
    snippet,
)
from judging.identity.models import Redaction
from judging.reading.services.blind import identity_of


@dataclass(frozen=True)
class ScanHit:
    """One hit with its context, and whether judges already see it blanked."""

    hit: Hit
    before: str
    after: str
    redacted: bool


@dataclass(frozen=True)
class EntryScan:
    """The hits of one entry's latest version."""

    entry: Entry
    version: EntryVersion
    hits: tuple[ScanHit, ...]
    hidden_words: int = 0  # words of hidden text left out of the uploaded file
    hidden_kinds: tuple[str, ...] = ()

    @property
    def open_hits(self) -> int:
        """Findings judges would still see (what must be decided before judging);
        advisory hits (village addresses) are not counted."""
        return sum(
            1 for h in self.hits if not h.redacted and h.hit.kind not in ADVISORY_KINDS
        )

    @property
    def unredacted(self) -> int:
        """Every hit judges would still see, advisory ones included."""
        return sum(1 for h in self.hits if not h.redacted)


# A version's text does not change, so its hits depend only on the authors' identity:
# the identity page (which scans every entry of the edition on each load) reuses them.
_HITS: dict[tuple, tuple[Hit, ...]] = {}
_HITS_LIMIT = 20_000  # versions; a big edition has ~2,500 entries


def _hits(version: EntryVersion, identity: Identity) -> tuple[Hit, ...]:
    """``scan`` of the version's text, remembered per (version, text, identity)."""
    key = (version.id, hash(version.text), identity)
    found = _HITS.get(key)
    if found is None:
        found = tuple(scan(version.text, identity))
        if len(_HITS) >= _HITS_LIMIT:
            _HITS.clear()
        _HITS[key] = found
    return found


def scan_entry(entry: Entry) -> EntryScan | None:
    """The hits of the entry's latest version (None without a version)."""
    version = entry.latest_version
    if version is None:
        return None
    spans = [(r.span_start, r.span_end) for r in version.redactions]
    hits = []
    for hit in _hits(version, identity_of(entry)):
        before, _, after = snippet(version.text, hit.start, hit.end)
        hits.append(ScanHit(hit, before, after, covered(hit.start, hit.end, spans)))
    document = next((a for a in entry.attachments if a.id == version.document_id), None)
    if document is None or not document.hidden_words:
        return EntryScan(entry, version, tuple(hits))
    kinds = tuple(k for k in document.hidden_kinds.split(",") if k)
    return EntryScan(entry, version, tuple(hits), document.hidden_words, kinds)


def identity_scan(
    edition: Edition,
    *,
    only_open: bool = True,
    entry_ids: Collection[int] | None = None,
) -> list[EntryScan]:
    """Entries of the edition's judging with hits (only those with unredacted hits
    by default; with ``only_open=False`` also those whose file had hidden text), or
    of ``entry_ids`` only (one round's entries) when given. What must be decided
    before judging is each result's ``open_hits``."""
    statuses = {str(s) for group in ROUND_STATUSES.values() for s in group}
    query = select(Entry).where(
        Entry.edition_id == edition.id, Entry.status.in_(statuses)
    )
    if entry_ids is not None:
        query = query.where(Entry.id.in_(sorted(entry_ids)))
    entries = db.session.scalars(
        query.options(
            selectinload(Entry.authors),
            selectinload(Entry.versions).selectinload(EntryVersion.redactions),
            selectinload(Entry.unit),
            selectinload(Entry.owner),
            selectinload(Entry.attachments),
        ).order_by(Entry.number, Entry.id)
    )
    found = []
    for entry in entries:
        result = scan_entry(entry)
        if result is None or not (result.hits or result.hidden_words):
            continue
        if only_open and not result.unredacted:
            continue
        found.append(result)
    return found


class RedactionRefused(Exception):
    """The span does not fit the version's text."""


def redact_span(actor: User, version: EntryVersion, start: int, end: int) -> Redaction:
    """Blank [start, end) of the version in the judges' copy (idempotent)."""
    if not 0 <= start < end <= len(version.text):
        raise RedactionRefused
    for row in version.redactions:
        if (row.span_start, row.span_end) == (start, end):
            return row
    row = Redaction(span_start=start, span_end=end, created_by_id=actor_id(actor))
    version.redactions.append(row)
    db.session.flush()
    audit(
        actor,
        "judging.redact",
        version.entry,
        version=version.number,
        start=start,
        end=end,
    )
    return row


def remove_redaction(actor: User, row: Redaction) -> None:
    """Show a span to judges again (a redaction made by mistake)."""
    version = row.version
    audit(
        actor,
        "judging.unredact",
        version.entry,
        version=version.number,
        start=row.span_start,
        end=row.span_end,
    )
    version.redactions.remove(row)
    db.session.flush()
