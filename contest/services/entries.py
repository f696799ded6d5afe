"""Entry verbs: drafts, submission, versions, withdrawal, review.

An entry's files (its document, a press work's video, photos) are
contest.services.entry_files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from contest.extensions import db
from contest.mail import send_email
from contest.models import (
    AttachmentKind,
    AuditLog,
    Edition,
    Entry,
    EntryAuthor,
    EntryChannel,
    EntryStatus,
    EntryVersion,
    FeaturedPerson,
    User,
)
from contest.paragraphs import drop_repeated_title, paragraph_text
from contest.services.audit import audit
from contest.services.entry_filters import build_search_text
from contest.textnorm import clean_text, word_count


class Problem(StrEnum):
    """Why an entry cannot be submitted yet (shown next to the field concerned)."""

    NO_TITLE = "no_title"
    NO_TRACK = "no_track"
    NO_FIELD = "no_field"
    NO_AUTHOR = "no_author"
    NO_FEATURED = "no_featured"
    NO_TEXT = "no_text"
    TOO_LONG = "too_long"
    NO_DECLARATION = "no_declaration"
    PRESS_DETAILS = "press_details"
    CLOSED = "closed"


@dataclass
class AuthorData:
    """An author as typed in a form."""

    full_name: str
    birth_year: int | None = None
    email: str = ""
    phone: str = ""
    address: str = ""
    unit_name: str = ""
    pen_names: str = ""


@dataclass
class FeaturedData:
    """A featured person or collective as typed in a form."""

    name: str
    is_collective: bool = False
    birth_year: int | None = None
    collective_type: str = ""
    unit_name: str = ""
    locality: str = ""
    field_name: str = ""
    contact: str = ""
    summary: str = ""


@dataclass
class EntryData:
    """Everything a writer (or a unit, for paper entries) types about an entry."""

    title: str = ""
    track_id: int | None = None
    field_id: int | None = None
    genre: str = ""
    text: str | None = None  # None keeps the current text (e.g. from an upload)
    outlet: str = ""
    published_on: date | None = None
    link: str = ""
    authors: list[AuthorData] = field(default_factory=list)
    featured: list[FeaturedData] = field(default_factory=list)


def _clean(value: str) -> str:
    return clean_text(value or "").strip()


def start_entry(
    owner: User,
    edition: Edition,
    *,
    key: str,
    channel: EntryChannel = EntryChannel.ONLINE,
    unit_id: int | None = None,
) -> Entry:
    """The draft created by this form key (a double click does not create two)."""
    existing = db.session.scalar(select(Entry).where(Entry.idempotency_key == key))
    if existing is not None:
        return existing
    entry = Entry(
        edition_id=edition.id,
        owner_id=owner.id,
        channel=channel,
        unit_id=unit_id if unit_id is not None else owner.unit_id,
        idempotency_key=key,
    )
    entry.edition = edition
    try:
        with db.session.begin_nested():  # a savepoint: only this insert is undone
            db.session.add(entry)
    except IntegrityError:
        # The same form posted twice at once (a double click): the other request's
        # insert won the unique key. PostgreSQL made this one wait for it, so its
        # row is committed and visible now (SQLite serialises the two writers).
        existing = db.session.scalar(select(Entry).where(Entry.idempotency_key == key))
        if existing is None:
            raise
        return existing
    return entry


def save_draft(entry: Entry, actor: User, data: EntryData) -> None:
    """Store what was typed; nothing is checked for completeness yet."""
    entry.title = _clean(data.title)
    entry.track_id, entry.field_id = data.track_id, data.field_id
    entry.genre = _clean(data.genre)
    entry.outlet, entry.link = _clean(data.outlet), (data.link or "").strip()
    entry.published_on = data.published_on
    if data.text is not None:
        arrives = not (entry.draft_text or "").strip()
        entry.draft_text = paragraph_text(data.text)
        if arrives:  # the title heading of pasted text is dropped once, on arrival
            entry.draft_text = drop_repeated_title(entry.draft_text, entry.title)
        entry.draft_source = (
            "paste" if entry.channel == EntryChannel.ONLINE else "typed"
        )
        if entry.draft_text.strip():
            entry.needs_typing = False
    entry.authors = [
        EntryAuthor(
            position=i,
            **{k: _clean(v) if isinstance(v, str) else v for k, v in vars(a).items()},
        )
        for i, a in enumerate(data.authors)
        if _clean(a.full_name)
    ]
    entry.featured = [
        FeaturedPerson(
            position=i,
            **{k: _clean(v) if isinstance(v, str) else v for k, v in vars(p).items()},
        )
        for i, p in enumerate(data.featured)
        if _clean(p.name)
    ]
    if (
        entry.authors
        and entry.channel == EntryChannel.ONLINE
        and entry.authors[0].user_id is None
    ):
        entry.authors[0].user_id = entry.owner_id
    refresh_search_text(entry)
    audit(actor, "entry.save_draft", entry)


def problems(entry: Entry, now: datetime) -> dict[str, Problem]:
    """What still prevents submission, keyed by the form field concerned."""
    found: dict[str, Problem] = {}
    if not entry.edition.is_open(now):
        found["form"] = Problem.CLOSED
    if not entry.title.strip():
        found["title"] = Problem.NO_TITLE
    if entry.track_id is None:
        found["track_id"] = Problem.NO_TRACK
    if entry.field_id is None:
        found["field_id"] = Problem.NO_FIELD
    if not entry.authors:
        found["authors"] = Problem.NO_AUTHOR
    if not entry.featured:
        found["featured"] = Problem.NO_FEATURED
    words = word_count(entry.draft_text)
    if words == 0 and not entry.needs_typing:
        found["text"] = Problem.NO_TEXT
    elif entry.track is not None and words > entry.track.word_limit:
        found["text"] = Problem.TOO_LONG
    if (
        entry.track is not None
        and entry.track.kind == "press"
        and not (entry.outlet and (entry.published_on or entry.link or entry.videos))
    ):
        found["outlet"] = Problem.PRESS_DETAILS
    if not entry.declaration_accepted:
        found["declaration"] = Problem.NO_DECLARATION
    return found


def next_number(edition: Edition) -> str:
    """The next entry number of the edition, e.g. HN2026-000123 (atomic on both engines)."""
    seq = db.session.execute(
        update(Edition)
        .where(Edition.id == edition.id)
        .values(last_entry_seq=Edition.last_entry_seq + 1)
        .returning(Edition.last_entry_seq)
    ).scalar_one()
    return f"{edition.code_prefix}{edition.year}-{seq:06d}"


class AlreadySubmitted(Exception):
    """Another request (a double click, a retried POST) submitted this draft first."""


def has_unsubmitted_changes(entry: Entry) -> bool:
    """True when the draft differs from the last submitted version (or none exists)."""
    latest = entry.latest_version
    return (
        latest is None or latest.text != entry.draft_text or latest.title != entry.title
    )


def submit(
    entry: Entry, actor: User, now: datetime, *, notify: bool = True
) -> EntryVersion:
    """Submit the draft text as a new version; the first submission gets a number.

    The caller has checked problems(); a receipt email goes to the entry's owner.
    Raises AlreadySubmitted when a concurrent request numbered the entry first.
    """
    first = entry.number is None
    if first:
        number = next_number(entry.edition)
        claimed = db.session.execute(
            update(Entry)
            .where(Entry.id == entry.id, Entry.number.is_(None))
            .values(number=number, submitted_at=now, status=EntryStatus.SUBMITTED)
        ).rowcount
        if not claimed:
            raise AlreadySubmitted
        db.session.refresh(entry, ["number", "submitted_at", "status"])
    elif entry.status == EntryStatus.DRAFT:  # returned by its unit, now resubmitted
        entry.status, entry.status_reason = EntryStatus.SUBMITTED, ""
    document = next(
        (a for a in reversed(entry.attachments) if a.kind == AttachmentKind.DOCUMENT),
        None,
    )
    version = EntryVersion(
        number=len(entry.versions) + 1,
        title=entry.title,
        text=entry.draft_text,
        word_count=word_count(entry.draft_text),
        source=entry.draft_source,
        document_id=document.id
        if document is not None and entry.draft_source == "upload"
        else None,
        created_by_id=actor.id,
        created_at=now,
    )
    entry.versions.append(version)
    refresh_search_text(entry)
    db.session.flush()
    if notify:
        owner = entry.owner
        send_email(
            owner.email,
            "entry_receipt",
            locale=owner.locale,
            entry=entry,
            version=version,
            first=first,
        )
    audit(actor, "entry.submit", entry, number=entry.number, version=version.number)
    from judging.plagiarism.services.checks import (
        check_entry_after_commit,  # judging imports services
    )

    check_entry_after_commit(entry)  # queues the check; never raises
    return version


def _results_open(entry: Entry) -> None:
    """An entry's status is a result: refused once the results are published
    (judging.stages.services; imported late, judging imports this module)."""
    from judging.stages.services import require_results_open

    require_results_open(entry.edition)


def withdraw(entry: Entry, actor: User) -> None:
    """The writer takes the entry back (before the deadline)."""
    _results_open(entry)
    entry.status = EntryStatus.WITHDRAWN
    audit(actor, "entry.withdraw", entry)


def withdraw_for_writer(entry: Entry, actor: User, reason: str) -> None:
    """An organizer withdraws the entry (e.g. sent twice); the writer is told why."""
    _results_open(entry)
    entry.status = EntryStatus.WITHDRAWN
    entry.status_reason = _clean(reason)
    owner = entry.owner
    send_email(owner.email, "entry_withdrawn", locale=owner.locale, entry=entry)
    audit(actor, "entry.withdraw", entry, reason=entry.status_reason)


def mark_not_eligible(entry: Entry, actor: User, reason: str) -> None:
    """An organizer rules the entry out; the writer is told why."""
    _results_open(entry)
    previous = entry.status
    entry.status = EntryStatus.NOT_ELIGIBLE
    entry.status_reason = _clean(reason)
    owner = entry.owner
    send_email(owner.email, "entry_not_eligible", locale=owner.locale, entry=entry)
    audit(
        actor,
        "entry.not_eligible",
        entry,
        reason=entry.status_reason,
        previous=str(previous),
    )


def mark_eligible_again(entry: Entry, actor: User, reason: str) -> None:
    """An organizer reverses a "not eligible" ruling; the entry gets its status back."""
    _results_open(entry)
    ruling = db.session.scalar(
        select(AuditLog)
        .where(
            AuditLog.object_type == "entry",
            AuditLog.object_id == entry.id,
            AuditLog.action == "entry.not_eligible",
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    previous = (ruling.detail or {}).get("previous") if ruling else None
    if previous not in {s.value for s in EntryStatus} or previous in (
        EntryStatus.DRAFT,
        EntryStatus.NOT_ELIGIBLE,
        EntryStatus.WITHDRAWN,
    ):
        previous = (
            EntryStatus.FORWARDED if entry.forwarded_at else EntryStatus.SUBMITTED
        )
    entry.status = EntryStatus(previous)
    entry.status_reason = ""
    audit(
        actor,
        "entry.eligible_again",
        entry,
        reason=_clean(reason),
        status=str(previous),
    )


def refresh_search_text(entry: Entry) -> None:
    """Keep the accent-free search copy of number, title and names in step."""
    entry.search_text = build_search_text(
        entry.number,
        entry.title,
        [a.full_name for a in entry.authors] + [p.name for p in entry.featured],
    )


def verify(entry: Entry, actor: User, now: datetime) -> None:
    """A unit focal point confirms an entry's details."""
    entry.verified_at, entry.verified_by_id = now, actor.id
    audit(actor, "entry.verify", entry)


def forward(entries: list[Entry], actor: User, now: datetime) -> int:
    """A unit sends submitted entries on to the city; returns how many were forwarded."""
    count = 0
    for entry in entries:
        if entry.status == EntryStatus.SUBMITTED:
            entry.status = EntryStatus.FORWARDED
            entry.forwarded_at, entry.forwarded_by_id = now, actor.id
            count += 1
    audit(
        actor, "entry.forward", None, entries=[e.id for e in entries], forwarded=count
    )
    return count
