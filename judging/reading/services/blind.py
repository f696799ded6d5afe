"""What a judge may know about an entry: the ONE way to build a BlindEntry (with
BlindHeading, its queue line: the same title, track and field, nothing more). The
value types themselves are plain and live in judging.reading.core.

Anonymity by construction (DESIGN.md rule 4): judge views and templates receive a
BlindEntry, never an Entry or a User. It carries the round's random code, the title,
track, field and genre, the judge-facing text (the latest version with the
organizers' redactions blanked), the featured people WITHOUT their contact details,
and the ids of the metadata-free photo copies. It never carries author names,
co-authors, contacts, author units, the entry number, the owner, original file names
or original files. A new field here is a decision about anonymity: add it to the
canary test (tests/test_anonymity.py) in the same change.

The story's text is checked by organizers (identity scan, one-click redactions);
the short form fields shown next to it (title, featured people) are checked here,
automatically: any author's name, phone, email or unit and any contact in them is
blanked before a judge sees it, as are declared pen names and addresses, and any
street address in the title (in the featured person's fields, only the authors').
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from contest.models.enums import EntryChannel
from judging.identity.core import Hit, HitKind, Identity, redact, scan
from judging.reading.core import BlindEntry, BlindFeatured, BlindHeading

# What judges see in place of a redacted span.
REDACTION_MARK = "▇▇▇"
# In short fields, only exact identity matches count (a short field "looks like a
# signature" by nature: the featured person's name is not one).
_FIELD_KINDS = frozenset(
    {
        HitKind.NAME,
        HitKind.PEN_NAME,
        HitKind.PHONE,
        HitKind.EMAIL,
        HitKind.UNIT,
        HitKind.ADDRESS,
        HitKind.STREET,
        HitKind.CONTACT,
    }
)
# The featured person's unit, locality and summary name THEIR places ("Trường Tiểu
# học số 1 Thanh Xuân", their street): a street address there is blanked only when
# it is an author's own declared address (found as ADDRESS).
_PERSON_KINDS = _FIELD_KINDS - {HitKind.STREET}


def identity_of(entry) -> Identity:
    """Every name, pen name, phone, email, address and unit (workplace or school) on
    record for an (ORM) entry's authors."""
    # Online, the owner wrote it; paper entries are filed by a unit's focal point.
    owner = entry.owner if entry.channel == EntryChannel.ONLINE else None
    return identity_from(
        (
            (a.full_name, a.phone, a.email, a.unit_name, a.address, a.pen_names)
            for a in entry.authors
        ),
        None
        if owner is None
        else (
            owner.full_name,
            owner.phone,
            owner.email,
            owner.unit.name if owner.unit is not None else None,
            owner.address,
            owner.pen_names,
        ),
        entry.unit.name if entry.unit is not None else None,
    )


Person = tuple[str, str | None, str, str | None, str | None, str | None]


def identity_from(
    authors: Iterable[Person], owner: Person | None, entry_unit: str | None
) -> Identity:
    """The Identity from plain values: the authors' (name, phone, email, unit,
    address, pen names) in order; the owner's, alike, when the owner wrote it (online
    entries; paper ones are filed by a unit's focal point: None); the entry's unit
    name or None."""
    names, phones, emails, units, addresses, pens = [], [], [], [], [], []
    for name, phone, email, unit, address, pen_names in authors:
        names.append(name)
        phones.append(phone or "")
        emails.append(email)
        units.append(unit)
        addresses.append(address or "")
        pens.append(pen_names or "")
    if owner is not None:
        name, phone, email, unit, address, pen_names = owner
        names.append(name)
        phones.append(phone or "")
        emails.append(email)
        addresses.append(address or "")
        pens.append(pen_names or "")
        if unit is not None:
            units.append(unit)
    if entry_unit is not None:
        units.append(entry_unit)
    return Identity(
        tuple(names),
        tuple(phones),
        tuple(emails),
        tuple(units),
        addresses=tuple(addresses),
        pen_names=tuple(pens),
    )


@lru_cache(maxsize=16384)
def _clean(
    value: str, identity: Identity, kinds: frozenset[HitKind] = _FIELD_KINDS
) -> str:
    """A short field with every identity match of ``kinds`` blanked; kept per
    process (a judge reopens the same entries, and the result depends on nothing
    else)."""
    hits: list[Hit] = [h for h in scan(value, identity) if h.kind in kinds]
    return redact(value, [(h.start, h.end) for h in hits], REDACTION_MARK)


def clean_title(title: str, identity: Identity) -> str:
    """``_clean`` of a title (kept per process there: a judge's queue shows the same
    titles, up to ~1,000, on every visit)."""
    return _clean(title, identity)


def _label(row) -> str:
    """A track's or field's name ("" when the entry has none)."""
    return row.name if row is not None else ""


def heading_of(
    code: str, round_name: str, title: str, track: str, field: str, identity: Identity
) -> BlindHeading:
    """The queue's line for an entry, from plain values (the queue reads columns, not
    entries): the same title (its latest version's, else the entry's), track and
    field as its blind_entry, the title cleaned of ``identity``, without the text,
    the featured people or the photos."""
    return BlindHeading(
        code=code,
        round_name=round_name,
        title=clean_title(title, identity),
        track=track,
        field=field,
    )


def blind_entry(entry, code: str, round_name: str = "") -> BlindEntry:
    """Build the judge's view of ``entry`` (an ORM Entry) under ``code``.

    The text is the latest submitted version with its redactions applied; an entry
    without a version has no text yet (nothing of the draft leaks).
    """
    version = entry.latest_version
    return blind_from(
        BlindSource(
            code=code,
            round_name=round_name,
            identity=identity_of(entry),
            entry_title=entry.title,
            track=_label(entry.track),
            field=_label(entry.field),
            genre=entry.genre,
            version=None
            if version is None
            else (
                version.title,
                version.text,
                version.word_count,
                tuple((r.span_start, r.span_end) for r in version.redactions),
            ),
            featured=tuple(
                (
                    p.name,
                    p.is_collective,
                    p.birth_year,
                    p.collective_type,
                    p.unit_name,
                    p.locality,
                    p.field_name,
                    p.summary,
                )
                for p in entry.featured
            ),
            photo_ids=tuple(p.id for p in entry.photos if p.clean_key),
        )
    )


# A featured person as read from the database: name, is collective, birth year,
# collective type, unit name, locality, field name, summary.
FeaturedRow = tuple[str, bool, int | None, str, str, str, str, str]


@dataclass(frozen=True)
class BlindSource:
    """Everything a BlindEntry is made of, as plain values (read from an ORM entry
    by blind_entry, or from columns by judging.reading.services.opening): the
    identity the short fields are cleaned of, the entry's title (used when it has no
    version), its labels, its latest version as (title, text, word count, redacted
    spans) or None, its featured people and its photos' ids with a clean copy."""

    code: str
    round_name: str
    identity: Identity
    entry_title: str
    track: str
    field: str
    genre: str
    version: tuple[str, str, int, tuple[tuple[int, int], ...]] | None
    featured: tuple[FeaturedRow, ...]
    photo_ids: tuple[int, ...]


def blind_from(source: BlindSource) -> BlindEntry:
    """The ONE construction of a BlindEntry from plain values (see BlindSource)."""
    identity = source.identity
    if source.version is not None:
        title, text, words, spans = source.version
        text = redact(text, list(spans), REDACTION_MARK)
    else:
        text, title, words = "", source.entry_title, 0
    return BlindEntry(
        code=source.code,
        round_name=source.round_name,
        title=_clean(title, identity),
        track=source.track,
        field=source.field,
        genre=source.genre,
        text=text,
        word_count=words,
        featured=tuple(
            BlindFeatured(
                name=_clean(name, identity, _PERSON_KINDS),
                is_collective=is_collective,
                birth_year=birth_year,
                collective_type=_clean(collective_type, identity, _PERSON_KINDS),
                unit_name=_clean(unit_name, identity, _PERSON_KINDS),
                locality=_clean(locality, identity, _PERSON_KINDS),
                field_name=_clean(field_name, identity, _PERSON_KINDS),
                summary=_clean(summary, identity, _PERSON_KINDS),
            )
            for (
                name,
                is_collective,
                birth_year,
                collective_type,
                unit_name,
                locality,
                field_name,
                summary,
            ) in source.featured
        ),
        photo_ids=source.photo_ids,
    )
