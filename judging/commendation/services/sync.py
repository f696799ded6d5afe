"""Bring an edition's featured people into the commendation register: the people
of its entries grouped by person key with the organizers' merge decisions applied,
matched across editions by their keys, each given a standing for the edition. A new
person takes the details the entries give most (kind of subject, social group,
movement, locality …); a unit's confirmation of an entry's people becomes the
standing's confirmation while it has none."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, FeaturedPerson, Unit, User
from contest.services.audit import audit
from judging.awards.core import TIER_LABELS_VI, Tier
from judging.awards.models.lists import AwardPlacement
from judging.awards.services.collective import award_list_of
from judging.commendation import core
from judging.commendation.models import (
    Commendation,
    EntryConfirmation,
    RegisterKey,
    RegisterPerson,
)
from judging.featured.core.merges import canonical_keys
from judging.featured.core.names import person_key
from judging.featured.models import FeaturedMerge, MergeDecision

OUT_OF_CONTEST = (EntryStatus.DRAFT, EntryStatus.WITHDRAWN, EntryStatus.NOT_ELIGIBLE)


@dataclass
class _Group:
    keys: set[str]
    names: Counter
    units: Counter  # unit name as typed or linked
    localities: Counter
    fields: Counter
    entry_units: Counter  # the entries' unit ids (who introduced the person)
    years: Counter
    subjects: Counter  # kinds of subject as the entries give them
    social_groups: Counter
    movements: Counter
    summaries: list[str]
    entries: dict[int, str]  # entry id → "number – title"


@dataclass(frozen=True)
class SyncReport:
    """What bringing an edition in did."""

    new_people: int
    matched_people: int
    new_standings: int


def mention_key(person: FeaturedPerson, linked_unit: str | None) -> str:
    """The person key of one mention: the linked unit's name, else the unit typed."""
    unit = (linked_unit or person.unit_name).strip()
    return person_key(person.name, unit, person.locality)


def _mentions(edition: Edition) -> dict[str, _Group]:
    """The edition's featured people grouped by canonical person key."""
    rows = db.session.execute(
        select(FeaturedPerson, Entry, Unit.name)
        .join(Entry, Entry.id == FeaturedPerson.entry_id)
        .outerjoin(Unit, Unit.id == FeaturedPerson.unit_id)
        .where(
            Entry.edition_id == edition.id,
            Entry.number.is_not(None),
            Entry.status.not_in([str(s) for s in OUT_OF_CONTEST]),
        )
        .order_by(Entry.number, FeaturedPerson.position, FeaturedPerson.id)
    ).all()
    confirmed = [
        (d.key_a, d.key_b)
        for d in db.session.scalars(
            select(FeaturedMerge).where(
                FeaturedMerge.edition_id == edition.id,
                FeaturedMerge.decision == MergeDecision.CONFIRMED,
            )
        )
    ]
    keyed = []
    for person, entry, linked in rows:
        unit = (linked or person.unit_name).strip()
        keyed.append((mention_key(person, linked), person, entry, unit))
    root = canonical_keys({k for k, *_ in keyed}, confirmed)
    groups: dict[str, _Group] = {}
    for key, person, entry, unit in keyed:
        group = groups.setdefault(
            root[key],
            _Group(
                set(),
                Counter(),
                Counter(),
                Counter(),
                Counter(),
                Counter(),
                Counter(),
                Counter(),
                Counter(),
                Counter(),
                [],
                {},
            ),
        )
        group.keys.add(key)
        group.names[person.name.strip()] += 1
        group.units[unit] += 1
        group.localities[person.locality.strip()] += 1
        group.fields[(person.field_name or "").strip()] += 1
        if entry.unit_id:
            group.entry_units[entry.unit_id] += 1
        if person.birth_year:
            group.years[person.birth_year] += 1
        group.subjects[str(person.subject_kind or "")] += 1
        group.social_groups[(person.social_group or "").strip()] += 1
        group.movements[(person.movement or "").strip()] += 1
        if person.summary.strip():
            group.summaries.append(person.summary.strip())
        group.entries[entry.id] = f"{entry.number} – {entry.title}"
    return groups


def _top(counter: Counter, default=""):
    counter = Counter({k: v for k, v in counter.items() if k not in ("", None)})
    return counter.most_common(1)[0][0] if counter else default


def _best_prizes(edition: Edition) -> dict[int, Tier]:
    award_list = award_list_of(edition)
    if award_list is None:
        return {}
    return {
        entry_id: Tier(tier)
        for entry_id, tier in db.session.execute(
            select(AwardPlacement.entry_id, AwardPlacement.tier).where(
                AwardPlacement.award_list_id == award_list.id
            )
        )
        if tier in set(Tier)
    }


def _confirmations(edition: Edition) -> dict[int, EntryConfirmation]:
    """The units' confirmations of the edition's entries, by entry id."""
    return {
        row.entry_id: row
        for row in db.session.scalars(
            select(EntryConfirmation)
            .join(Entry, Entry.id == EntryConfirmation.entry_id)
            .where(Entry.edition_id == edition.id)
        )
    }


def sync_edition(actor: User, edition: Edition) -> SyncReport:
    """Bring the edition's featured people into the register: each group (merges
    applied) joins the person one of its keys already names, or becomes a new
    person; each gets a standing for the edition ("introduced") once. Details an
    organizer edited are never overwritten; the stories and prizes are refreshed."""
    groups = _mentions(edition)
    known = {k.key: k.person_id for k in db.session.scalars(select(RegisterKey))}
    prizes = _best_prizes(edition)
    confirmed = _confirmations(edition)
    order = list(Tier)
    new_people = matched = new_standings = 0
    ordered = sorted(groups.values(), key=lambda g: min(g.entries))
    matches = core.match_people([tuple(sorted(g.keys)) for g in ordered], known)
    for group, (_keys, person_id) in zip(ordered, matches, strict=True):
        if person_id is None:
            person = RegisterPerson(
                name=_top(group.names),
                subject_kind=core.SubjectKind(
                    _top(group.subjects, core.SubjectKind.INDIVIDUAL)
                ),
                birth_year=_top(group.years, None),
                unit_name=_top(group.units),
                locality=_top(group.localities),
                field_name=_top(group.fields),
                social_group=_top(group.social_groups),
                movement=_top(group.movements),
                summary=max(group.summaries, key=len, default=""),
            )
            db.session.add(person)
            db.session.flush()
            new_people += 1
        else:
            person = db.session.get(RegisterPerson, person_id)
            matched += 1
        for key in group.keys - set(known):
            db.session.add(RegisterKey(key=key, person_id=person.id))
            known[key] = person.id
        standing = db.session.scalar(
            select(Commendation).where(
                Commendation.person_id == person.id,
                Commendation.edition_id == edition.id,
            )
        )
        if standing is None:
            standing = Commendation(
                person_id=person.id,
                edition_id=edition.id,
                year=edition.year,
                status=core.Status.INTRODUCED,
                exemplar=False,
            )
            db.session.add(standing)
            new_standings += 1
        standing.entries_text = "\n".join(
            group.entries[i] for i in sorted(group.entries)
        )
        tiers = [prizes[i] for i in group.entries if i in prizes]
        best = min(tiers, key=order.index) if tiers else None
        standing.best_prize = f"Giải {TIER_LABELS_VI[best]}" if best else ""
        standing.unit_id = _top(group.entry_units, None)
        given = [confirmed[i] for i in sorted(group.entries) if i in confirmed]
        if standing.confirmed_at is None and given:
            standing.confirmed_by_id = given[0].confirmed_by_id
            standing.confirmed_at = given[0].confirmed_at
            standing.confirmed_by_unit = given[0].unit_name
    db.session.flush()
    audit(
        actor,
        "register.sync",
        edition,
        new_people=new_people,
        matched=matched,
        new_standings=new_standings,
    )
    return SyncReport(new_people, matched, new_standings)
