"""Featured people of the awarded and shortlisted entries: candidates for commendation.

Every featured person (or collective) of an entry that reached the final round (the
same rule as the collective awards: ``shortlisted_condition``) is a mention. Mentions
with the same person key (``judging.featured.core.names``: name without titles + unit, else
locality) form one row; rows with the same name but another place spelling are
proposed for a merge, which an organizer confirms or rejects (``FeaturedMerge``).
One row per person lists all their entries and their best prize. Services flush;
views commit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import aliased

from contest.extensions import db
from contest.locking import locked
from contest.models import Edition, Entry, FeaturedPerson, Field, Unit, User, utcnow
from contest.services.audit import audit
from judging.awards.core import Tier
from judging.awards.core.collective import Mention, group_featured_people
from judging.awards.models.lists import AwardPlacement
from judging.awards.services.collective import award_list_of, shortlisted_condition
from judging.featured.core.merges import Pair, canonical_keys, merge_proposals, pair
from judging.featured.core.names import name_part, person_key
from judging.featured.models import FeaturedMerge, MergeDecision


class MergeRefused(Exception):
    """The pair is not a merge this page can decide (unknown or different names)."""


@dataclass(frozen=True)
class FeaturedMention:
    """One featured person of one shortlisted entry, as typed by the writer."""

    key: str
    entry_id: int
    entry_number: str
    entry_title: str
    name: str
    is_collective: bool
    birth_year: int | None
    unit: str
    locality: str
    field: str


@dataclass(frozen=True)
class FeaturedRow:
    """One person (or collective): every entry about them and their best prize."""

    key: str  # the group's key (the smallest of its member keys)
    name: str
    is_collective: bool
    birth_year: int | None
    unit: str
    locality: str
    field: str
    entries: tuple[tuple[str, str], ...]  # (number, title), in entry order
    best_tier: Tier | None
    member_keys: tuple[str, ...]


@dataclass(frozen=True)
class FeaturedTable:
    """The page: rows, merge proposals, and every decision taken so far."""

    rows: list[FeaturedRow]
    proposals: list[tuple[FeaturedRow, FeaturedRow]]
    decisions: list[FeaturedMerge]
    spellings: dict[str, str]  # person key → "name, place" as first typed

    def spelling(self, key: str) -> str:
        """How a key was typed (the key itself once no entry carries it)."""
        return self.spellings.get(key, key)


def mentions(edition: Edition) -> list[FeaturedMention]:
    """Featured people of the edition's shortlisted and awarded entries."""
    linked = aliased(Unit)
    award_list = award_list_of(edition)
    rows = db.session.execute(
        select(FeaturedPerson, Entry.number, Entry.title, Field.name, linked.name)
        .join(Entry, Entry.id == FeaturedPerson.entry_id)
        .outerjoin(Field, Field.id == Entry.field_id)
        .outerjoin(linked, linked.id == FeaturedPerson.unit_id)
        .where(
            Entry.edition_id == edition.id, shortlisted_condition(edition, award_list)
        )
        .order_by(Entry.number, Entry.id, FeaturedPerson.position, FeaturedPerson.id)
    ).all()
    out = []
    for person, number, title, entry_field, unit_name in rows:
        unit = unit_name or person.unit_name
        out.append(
            FeaturedMention(
                key=person_key(person.name, unit, person.locality),
                entry_id=person.entry_id,
                entry_number=number or "",
                entry_title=title,
                name=person.name.strip(),
                is_collective=person.is_collective,
                birth_year=person.birth_year,
                unit=unit.strip(),
                locality=person.locality.strip(),
                field=(person.field_name or entry_field or "").strip(),
            )
        )
    return out


def _decisions(edition: Edition) -> list[FeaturedMerge]:
    return list(
        db.session.scalars(
            select(FeaturedMerge)
            .where(FeaturedMerge.edition_id == edition.id)
            .order_by(FeaturedMerge.decided_at.desc(), FeaturedMerge.id.desc())
        )
    )


def _pairs(decisions: Iterable[FeaturedMerge], decision: MergeDecision) -> list[Pair]:
    return [(d.key_a, d.key_b) for d in decisions if d.decision == decision]


def _most_common(values: Iterable, default=""):
    """The most frequent non-empty value (the first seen on a tie)."""
    counted = Counter(v for v in values if v not in (None, ""))
    return counted.most_common(1)[0][0] if counted else default


def featured_table(edition: Edition) -> FeaturedTable:
    """One row per person (confirmed merges applied) and the merges still to decide."""
    found = mentions(edition)
    decisions = _decisions(edition)
    confirmed = _pairs(decisions, MergeDecision.CONFIRMED)
    keys = {m.key for m in found}
    root = canonical_keys(keys, confirmed)
    award_list = award_list_of(edition)
    tier_of = {}
    if award_list is not None:
        tier_of = {
            entry_id: Tier(tier)
            for entry_id, tier in db.session.execute(
                select(AwardPlacement.entry_id, AwardPlacement.tier).where(
                    AwardPlacement.award_list_id == award_list.id
                )
            )
            if tier in set(Tier)
        }
    grouped = group_featured_people(
        [Mention(m.entry_id, root[m.key], m.name, m.unit) for m in found], tier_of
    )
    members: dict[str, list[FeaturedMention]] = defaultdict(list)
    for m in found:
        members[root[m.key]].append(m)
    rows = [_row(person, members[person.person_key]) for person in grouped]
    by_key = {row.key: row for row in rows}
    proposals = [
        (by_key[a], by_key[b])
        for a, b in merge_proposals(
            keys, confirmed, _pairs(decisions, MergeDecision.REJECTED)
        )
    ]
    spellings: dict[str, str] = {}
    for m in found:
        place = m.unit or m.locality
        spellings.setdefault(m.key, f"{m.name}, {place}" if place else m.name)
    return FeaturedTable(rows, proposals, decisions, spellings)


def _row(person, group: list[FeaturedMention]) -> FeaturedRow:
    """A grouped person with the details most of their entries give."""
    entries = dict.fromkeys((m.entry_number, m.entry_title) for m in group)
    return FeaturedRow(
        key=person.person_key,
        name=person.name,
        is_collective=any(m.is_collective for m in group),
        birth_year=_most_common((m.birth_year for m in group), None),
        unit=person.unit,
        locality=_most_common(m.locality for m in group),
        field=_most_common(m.field for m in group),
        entries=tuple(entries),
        best_tier=person.best_tier,
        member_keys=tuple(sorted({m.key for m in group})),
    )


def decide_merge(
    actor: User, edition: Edition, key_a: str, key_b: str, decision: MergeDecision
) -> FeaturedMerge:
    """Confirm or reject merging two rows; deciding again replaces the decision.

    A new decision must name two current rows with the same name key; an earlier
    decision may always be changed (a merge undone).
    """
    locked(edition)  # decisions of one edition one at a time
    key_a, key_b = pair(key_a, key_b)
    row = db.session.scalar(
        select(FeaturedMerge).where(
            FeaturedMerge.edition_id == edition.id,
            FeaturedMerge.key_a == key_a,
            FeaturedMerge.key_b == key_b,
        )
    )
    if row is None:
        keys = {m.key for m in mentions(edition)}
        if (
            key_a == key_b
            or not {key_a, key_b} <= keys
            or name_part(key_a) != name_part(key_b)
        ):
            raise MergeRefused
        row = FeaturedMerge(edition_id=edition.id, key_a=key_a, key_b=key_b)
        db.session.add(row)
    row.decision = decision
    row.actor_id = actor.id
    row.decided_at = utcnow()
    audit(
        actor,
        f"featured.merge_{decision}",
        edition,
        key_a=key_a,
        key_b=key_b,
    )
    db.session.flush()
    return row
