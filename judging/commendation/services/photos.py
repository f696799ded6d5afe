"""The photo of a person's profile: the register has no link to entries, so the
person's register keys are matched against the keys of the featured people of the
edition's entries (as the sync computes them), and the first photo of the first such
entry (by number) is read from its metadata-free clean copy."""

from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from contest.models import Attachment, AttachmentKind, Entry, FeaturedPerson, Unit
from contest.storage import read_stored
from judging.commendation.models import RegisterPerson
from judging.commendation.services.sync import OUT_OF_CONTEST, mention_key

# person key → (order of the entry by number, clean key of its first photo)
PhotoKeys = dict[str, tuple[int, str]]


def edition_photo_keys(edition_id: int) -> PhotoKeys:
    """For each person key of the edition's entries, the first photo that shows them."""
    photos: dict[int, str] = {}
    for entry_id, key in db.session.execute(
        select(Attachment.entry_id, Attachment.clean_key)
        .join(Entry, Entry.id == Attachment.entry_id)
        .where(
            Entry.edition_id == edition_id,
            Attachment.kind == AttachmentKind.PHOTO,
            Attachment.clean_key.is_not(None),
        )
        .order_by(Attachment.id)
    ):
        photos.setdefault(entry_id, key)
    if not photos:
        return {}
    mentions = db.session.execute(
        select(FeaturedPerson, Unit.name)
        .join(Entry, Entry.id == FeaturedPerson.entry_id)
        .outerjoin(Unit, Unit.id == FeaturedPerson.unit_id)
        .where(
            Entry.id.in_(sorted(photos)),
            Entry.number.is_not(None),
            Entry.status.not_in([str(s) for s in OUT_OF_CONTEST]),
        )
        .order_by(Entry.number, FeaturedPerson.position, FeaturedPerson.id)
    ).all()
    found: PhotoKeys = {}
    for order, (person, linked) in enumerate(mentions):
        found.setdefault(mention_key(person, linked), (order, photos[person.entry_id]))
    return found


def profile_photo(person: RegisterPerson, keys: PhotoKeys) -> bytes | None:
    """The bytes of the person's first photo among ``keys`` (None: no photo kept)."""
    candidates = sorted(keys[k.key] for k in person.keys if k.key in keys)
    for _order, clean_key in candidates:
        try:
            return read_stored(clean_key)
        except FileNotFoundError:  # a file lost from storage: try the next photo
            continue
    return None
