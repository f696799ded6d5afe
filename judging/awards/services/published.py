"""Published results: what the public, the writers and the notices read of the prizes.

Everything here reads ``AwardPlacement`` rows of an ``AwardList`` whose stage is
PUBLISHED, of an edition the public may see; before publication every function
answers "nothing" (None, an empty list or mapping). Read-only: no flush, no commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.contacts import scrub_contacts
from contest.extensions import db
from contest.models import Edition, EditionStatus, Entry, EntryStatus
from judging.awards.core import TIER_ORDER, Tier
from judging.awards.models.lists import AwardList, AwardPlacement, AwardStage

PUBLIC_EDITIONS = (EditionStatus.PUBLISHED, EditionStatus.CLOSED)


@dataclass(frozen=True)
class Winner:
    """One awarded entry as the public sees it (names only, never contacts)."""

    entry_id: int
    title: str
    authors: tuple[str, ...]
    author_units: tuple[str, ...]
    featured: tuple[str, ...]
    tier: Tier
    position: int
    readable: bool  # its writer agreed to publication: the text can be read


@dataclass(frozen=True)
class TrackResults:
    """The winners of one track, tier by tier, best first."""

    track_id: int
    track_name: str
    tiers: tuple[tuple[Tier, tuple[Winner, ...]], ...]


def published_award_list(edition_id: int) -> AwardList | None:
    """The edition's award list if it is published and the edition is public."""
    return db.session.scalar(
        select(AwardList)
        .join(Edition, Edition.id == AwardList.edition_id)
        .where(
            AwardList.edition_id == edition_id,
            AwardList.stage == AwardStage.PUBLISHED,
            Edition.status.in_(PUBLIC_EDITIONS),
        )
    )


def landing_facts(edition: Edition) -> dict:
    """For the public landing page (contest.hooks.landing_facts)."""
    return {"results_published": bool(published_award_list(edition.id))}


def may_be_read(entry: Entry) -> bool:
    """The writer agreed to publication (the declaration) and the entry still competes."""
    return (
        entry.declaration_accepted
        and entry.status not in (EntryStatus.WITHDRAWN, EntryStatus.NOT_ELIGIBLE)
        and entry.latest_version is not None
    )


def placements(award_list: AwardList) -> list[AwardPlacement]:
    """The list's placements with their entries, authors and featured people loaded."""
    return list(
        db.session.scalars(
            select(AwardPlacement)
            .where(AwardPlacement.award_list_id == award_list.id)
            .options(
                selectinload(AwardPlacement.entry).selectinload(Entry.authors),
                selectinload(AwardPlacement.entry).selectinload(Entry.featured),
                selectinload(AwardPlacement.entry).selectinload(Entry.versions),
                selectinload(AwardPlacement.entry).selectinload(Entry.unit),
                selectinload(AwardPlacement.track),
            )
        )
    )


def _winner(placement: AwardPlacement) -> Winner:
    entry = placement.entry
    fallback_unit = entry.unit.name if entry.unit else ""
    units = [a.unit_name or fallback_unit for a in entry.authors]
    return Winner(
        entry_id=entry.id,
        title=scrub_contacts(entry.title),
        authors=tuple(a.full_name for a in entry.authors),
        author_units=tuple(dict.fromkeys(u for u in units if u)),
        featured=tuple(p.name for p in entry.featured),
        tier=Tier(placement.tier),
        position=placement.position,
        readable=may_be_read(entry),
    )


def tier_rank(tier: str) -> int:
    """Where a tier comes in the order of prizes (unknown codes last)."""
    return TIER_ORDER.index(Tier(tier)) if tier in set(Tier) else len(TIER_ORDER)


def edition_results(award_list: AwardList) -> list[TrackResults]:
    """The winners by track (in the edition's order) and tier, each by position."""
    by_track: dict[int, list[AwardPlacement]] = {}
    for placement in placements(award_list):
        if placement.tier in set(Tier):
            by_track.setdefault(placement.track_id, []).append(placement)
    results = []
    tracks = sorted(
        (rows[0].track for rows in by_track.values()),
        key=lambda track: (track.position, track.id),
    )
    for track in tracks:
        rows = sorted(
            by_track[track.id], key=lambda p: (tier_rank(p.tier), p.position, p.id)
        )
        tiers = tuple(
            (tier, tuple(_winner(p) for p in rows if p.tier == tier))
            for tier in TIER_ORDER
            if any(p.tier == tier for p in rows)
        )
        results.append(TrackResults(track.id, track.name, tiers))
    return results


def readable_placement(award_list: AwardList, entry_id: int) -> AwardPlacement | None:
    """The placement of an awarded entry whose text the public may read."""
    placement = db.session.scalar(
        select(AwardPlacement).where(
            AwardPlacement.award_list_id == award_list.id,
            AwardPlacement.entry_id == entry_id,
        )
    )
    if placement is None or not may_be_read(placement.entry):
        return None
    return placement


def writer_prizes(entry_ids: list[int]) -> dict[int, AwardPlacement]:
    """Entry id -> its placement, for the entries whose edition's list is published."""
    if not entry_ids:
        return {}
    rows = db.session.scalars(
        select(AwardPlacement)
        .join(AwardList, AwardList.id == AwardPlacement.award_list_id)
        .where(
            AwardPlacement.entry_id.in_(entry_ids),
            AwardList.stage == AwardStage.PUBLISHED,
        )
        .options(selectinload(AwardPlacement.track))
    )
    return {row.entry_id: row for row in rows if row.tier in set(Tier)}
