"""Drafting an entry: the plain data a form carries, saving it, and what still
prevents its submission."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest.extensions import db
from contest.models import (
    Edition,
    Entry,
    EntryAuthor,
    EntryChannel,
    FeaturedPerson,
    User,
)
from contest.paragraphs import drop_repeated_title, paragraph_text
from contest.services.audit import audit
from contest.services.entry_filters import build_search_text
from contest.subjects import SubjectKind
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
    NO_LOCALITY = "no_locality"  # a featured person's address, when required
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
    subject_kind: str = SubjectKind.INDIVIDUAL
    birth_year: int | None = None
    collective_type: str = ""
    unit_name: str = ""
    locality: str = ""
    field_name: str = ""
    contact: str = ""
    summary: str = ""
    social_group: str = ""
    movement: str = ""


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


def _subject_kind(value: str) -> SubjectKind:
    """The kind as typed, an individual when unknown."""
    return (
        SubjectKind(value)
        if value in {k.value for k in SubjectKind}
        else SubjectKind.INDIVIDUAL
    )


def start_entry(
    owner: User,
    edition: Edition,
    *,
    key: str,
    channel: EntryChannel = EntryChannel.ONLINE,
    unit_id: int | None = None,
) -> Entry:
    """The draft created by this form key (a double click does not create two).

    A fresh key is the rule (the form's GET made it; later saves go to the entry's
    own URL), so the insert is tried first and the key looked up only when it is
    taken. The new entry's collections start empty and loaded: saving the draft
    then reads none of them back."""
    entry = Entry(
        edition_id=edition.id,
        owner_id=owner.id,
        channel=channel,
        unit_id=unit_id if unit_id is not None else owner.unit_id,
        idempotency_key=key,
        authors=[],
        featured=[],
        attachments=[],
        versions=[],
    )
    entry.edition = edition
    try:
        with db.session.begin_nested():  # a savepoint: only this insert is undone
            db.session.add(entry)
    except IntegrityError:
        # The key is taken: a second post of the same form (a double click, a
        # retried request). When both ran at once, PostgreSQL made this insert wait
        # for the other one, so its row is committed and visible now (SQLite
        # serialises the two writers).
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
            **{k: _clean(v) if isinstance(v, str) else v for k, v in vars(p).items()}
            | {"subject_kind": _subject_kind(p.subject_kind)},
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
    """What still prevents submission, keyed by the form field concerned (reads
    only: the entry's pending changes are not flushed for the reads it makes)."""
    with db.session.no_autoflush:
        return _problems(entry, now)


def _problems(entry: Entry, now: datetime) -> dict[str, Problem]:
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
    elif entry.edition.featured_locality_required and any(
        not p.locality.strip() for p in entry.featured
    ):
        found["featured_locality"] = Problem.NO_LOCALITY
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


def refresh_search_text(entry: Entry) -> None:
    """Keep the accent-free search copy of number, title and names in step."""
    entry.search_text = build_search_text(
        entry.number,
        entry.title,
        [a.full_name for a in entry.authors] + [p.name for p in entry.featured],
    )
