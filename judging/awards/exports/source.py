"""Build the plain data of the award documents (``judging.awards.exports.data``) from
an edition's award list: its placements are the one source of who won what.

The anthology holds only awarded entries whose writer agreed to publication (the
submission declaration, ``Entry.declaration_accepted``), each with its authors,
featured people and first photo — the metadata-free copy (``Attachment.clean_key``),
never the upload.
"""

from __future__ import annotations

from contest.contacts import scrub_contacts
from contest.models import Edition, Entry
from contest.storage import read_stored
from judging.awards.core import Tier
from judging.awards.exports.data import AnthologyStory, AwardRow, EditionInfo
from judging.awards.models.lists import AwardList


def edition_info(edition: Edition, award_list: AwardList | None) -> EditionInfo:
    """What the documents say about the edition and its award decision."""
    if award_list is None:
        return EditionInfo(edition.title, edition.year, edition.organizer_name)
    return EditionInfo(
        title=edition.title,
        year=edition.year,
        organizer_name=edition.organizer_name,
        decision_number=award_list.decision_number or "",
        decision_date=award_list.decision_date,
        preface=award_list.preface or "",
        place=award_list.place or "Hà Nội",
        award_date=award_list.award_date,
    )


def author_unit_of(entry: Entry) -> str:
    """The first author's workplace unit, else the entry's unit, else the address."""
    author = entry.authors[0] if entry.authors else None
    if author is not None and author.unit_name:
        return author.unit_name
    if entry.unit is not None:
        return entry.unit.name
    return author.address if author is not None else ""


def award_rows(award_list: AwardList | None) -> list[AwardRow]:
    """One row per prize of the list."""
    if award_list is None:
        return []
    rows = []
    for placement in award_list.placements:
        entry, track = placement.entry, placement.track
        rows.append(
            AwardRow(
                rank=placement.position,
                tier=Tier(placement.tier),
                # Official decisions print the title the organizers approved.
                title=entry.title,
                authors=tuple(a.full_name for a in entry.authors),
                author_unit=author_unit_of(entry),
                featured=tuple(p.name for p in entry.featured),
                track=track.name if track else "",
                entry_number=entry.number or "",
                track_order=track.position if track else 0,
            )
        )
    return rows


def _featured_line(entry: Entry) -> str:
    """ "Nhân vật: Name, unit, locality; Name …" """
    people = [
        ", ".join(part for part in (p.name, p.unit_name, p.locality) if part)
        for p in entry.featured
    ]
    return f"Nhân vật: {'; '.join(people)}" if people else ""


def _first_photo(entry: Entry) -> tuple[bytes | None, str]:
    """The metadata-free copy of the entry's first photo, with a caption."""
    for photo in entry.photos:
        if photo.clean_key:
            caption = entry.featured[0].name if entry.featured else ""
            try:
                return read_stored(photo.clean_key), caption
            except OSError:  # a lost file leaves the story without its photo
                continue
    return None, ""


def anthology_stories(
    award_list: AwardList | None, readable=None
) -> list[AnthologyStory]:
    """The awarded stories whose writers agreed to publication, in list order;
    ``readable(entry)`` may leave out more (the public book: withdrawn entries)."""
    if award_list is None:
        return []
    stories = []
    for placement in award_list.placements:
        entry = placement.entry
        version = entry.latest_version
        if not entry.declaration_accepted or version is None:
            continue
        if readable is not None and not readable(entry):
            continue
        photo, caption = _first_photo(entry)
        stories.append(
            AnthologyStory(
                title=scrub_contacts(version.title or entry.title),
                authors=tuple(a.full_name for a in entry.authors),
                text=scrub_contacts(version.text),
                featured_line=_featured_line(entry),
                field=entry.field.name if entry.field else "",
                tier=Tier(placement.tier),
                photo=photo,
                photo_caption=caption,
            )
        )
    return stories
