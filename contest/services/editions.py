"""Edition set-up verbs: create with defaults, clone, and edit each part.

The judging set-up (rubric, rounds) is the features': they add it to a new or cloned
edition on contest.signals.edition_created / edition_cloned, and edit it on their own
pages (judging.rounds).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import select

from contest.defaults import (
    DEFAULT_FIELDS,
    DEFAULT_TIERS,
    DEFAULT_TRACKS,
)
from contest.extensions import db
from contest.models import (
    AwardTier,
    DocumentSettings,
    Edition,
    EditionStaff,
    EditionStatus,
    Field,
    PrizeAmount,
    StaffRole,
    Track,
    User,
)
from contest.services.audit import audit
from contest.signals import edition_cloned, edition_created
from contest.textnorm import clean_text

EDITABLE_TEXT = (
    "title",
    "year",
    "code_prefix",
    "organizer_name",
    "intro",
    "rules_text",
    "how_to_submit",
    "prizes_text",
    "contact_text",
    "genres_text",
)
# The edition's rules of the entry form and of where writers send entries.
ENTRY_RULES = ("featured_locality_required", "writers_send_to")
TIMELINE = (
    "submission_opens_at",
    "submission_closes_at",
    "grace_minutes",
    "unit_deadline_at",
    "results_at",
    "ceremony_at",
)


def create_edition(actor: User | None, *, title: str, year: int) -> Edition:
    """A new draft edition with the contest's default tracks, fields, prizes and rubric."""
    edition = Edition(title=title.strip(), year=year)
    for position, (kind, name, description, limit) in enumerate(DEFAULT_TRACKS):
        track = Track(
            kind=kind,
            name=name,
            description=description,
            word_limit=limit,
            position=position,
        )
        track.tiers = [
            AwardTier(code=code, name=tier_name, rank=rank, count=count)
            for code, tier_name, rank, count in DEFAULT_TIERS
        ]
        edition.tracks.append(track)
    edition.fields = [
        Field(name=name, position=i) for i, name in enumerate(DEFAULT_FIELDS)
    ]
    db.session.add(edition)
    edition_created.send(edition)  # e.g. the default rubric and judging rounds
    db.session.flush()
    audit(actor, "edition.create", edition, title=edition.title, year=year)
    return edition


def _shift_year(value: datetime | None, years: int) -> datetime | None:
    """The same date and time `years` later (29/02 becomes 28/02)."""
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def clone_edition(actor: User, source: Edition, *, year: int, title: str) -> Edition:
    """Copy an edition's whole set-up into a new draft, dates moved to the new year."""
    years = year - source.year
    clone = Edition(year=year, title=title.strip(), cloned_from_id=source.id)
    copied = (
        *EDITABLE_TEXT[2:],
        *ENTRY_RULES,
        "timezone",
        "allowed_file_types",
        "max_photos",
        "grace_minutes",
    )
    for name in copied:
        setattr(clone, name, getattr(source, name))
    for name in TIMELINE:
        if name != "grace_minutes":
            setattr(clone, name, _shift_year(getattr(source, name), years))
    for track in source.tracks:
        copy = Track(
            kind=track.kind,
            name=track.name,
            description=track.description,
            word_limit=track.word_limit,
            position=track.position,
        )
        copy.tiers = [
            AwardTier(code=t.code, name=t.name, rank=t.rank, count=t.count)
            for t in track.tiers
        ]
        clone.tracks.append(copy)
    clone.fields = [Field(name=f.name, position=f.position) for f in source.fields]
    db.session.add(clone)
    # e.g. the rubric and the judging rounds, their dates moved like the edition's
    edition_cloned.send(source, clone=clone, shift=partial(_shift_year, years=years))
    db.session.flush()
    _copy_document_setup(source, clone)
    audit(actor, "edition.clone", clone, source_id=source.id)
    return clone


def _copy_document_setup(source: Edition, clone: Edition) -> None:
    """The prize money of each track and tier and the official-document settings
    (issuer, signer, blanks' offsets) come along; the register of issued documents
    does not (the new edition numbers from 1)."""
    tracks = {
        old.id: new.id for old, new in zip(source.tracks, clone.tracks, strict=True)
    }
    for row in db.session.scalars(
        select(PrizeAmount).where(PrizeAmount.track_id.in_(tracks))
    ):
        db.session.add(
            PrizeAmount(track_id=tracks[row.track_id], tier=row.tier, amount=row.amount)
        )
    settings = db.session.scalar(
        select(DocumentSettings).where(DocumentSettings.edition_id == source.id)
    )
    if settings is not None:
        values = {
            c.key: getattr(settings, c.key)
            for c in DocumentSettings.__table__.columns
            if c.key not in ("id", "edition_id")
        }
        db.session.add(DocumentSettings(edition_id=clone.id, **values))
    db.session.flush()


def update_general(actor: User, edition: Edition, **values) -> None:
    """Save the edition's general information, texts and entry rules."""
    for name in EDITABLE_TEXT + ENTRY_RULES:
        if name in values:
            value = values[name]
            setattr(
                edition, name, clean_text(value) if isinstance(value, str) else value
            )
    audit(actor, "edition.update_general", edition)


def update_timeline(
    actor: User, edition: Edition, *, file_types: list[str], max_photos: int, **dates
) -> None:
    """Save the timeline (aware datetimes), the grace period and upload settings."""
    for name in TIMELINE:
        if name in dates:
            setattr(edition, name, dates[name])
    edition.allowed_file_types = ",".join(file_types)
    edition.max_photos = max_photos
    audit(actor, "edition.update_timeline", edition)


def update_tracks(actor: User, edition: Edition, rows: dict[int, dict]) -> None:
    """Save each track's name, description, word limit and tier counts/names."""
    for track in edition.tracks:
        row = rows[track.id]
        track.name = row["name"].strip()
        track.description = clean_text(row["description"] or "")
        track.word_limit = row["word_limit"]
        for tier in track.tiers:
            tier.name = row["tiers"][tier.id]["name"].strip()
            tier.count = row["tiers"][tier.id]["count"]
    audit(actor, "edition.update_tracks", edition)


def set_fields(actor: User, edition: Edition, names: list[str]) -> None:
    """Make the edition's fields exactly these names, in this order."""
    wanted = []
    for name in names:
        name = clean_text(name).strip()
        if name and name not in wanted:
            wanted.append(name)
    existing = {field.name: field for field in edition.fields}
    edition.fields = [existing.get(name) or Field(name=name) for name in wanted]
    for position, field in enumerate(edition.fields):
        field.position = position
    audit(actor, "edition.set_fields", edition, fields=wanted)


def set_status(actor: User, edition: Edition, status: EditionStatus) -> None:
    """Publish, unpublish or close an edition."""
    edition.status = status
    audit(actor, "edition.set_status", edition, status=str(status))


def set_judge(actor: User, edition: Edition, user: User, member: bool) -> None:
    """Add a user to (or remove them from) the edition's judges."""
    current = db.session.scalar(
        select(EditionStaff).where(
            EditionStaff.edition_id == edition.id,
            EditionStaff.user_id == user.id,
            EditionStaff.role == StaffRole.JUDGE,
        )
    )
    if member and current is None:
        edition.staff.append(EditionStaff(user_id=user.id, role=StaffRole.JUDGE))
    elif not member and current is not None:
        edition.staff.remove(current)
    audit(actor, "edition.set_judge", edition, user_id=user.id, member=member)
