"""What others may read of the units' own award lists: a unit reads the lists of
the units below it (its subtree, never a sibling's or its parent's), and an entry's
page shows the unit prizes it received on its way up. Read only; the lists are
kept and signed by their own units (services.unit_awards)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.extensions import db
from contest.models import Edition
from contest.services.unit_tree import parent_map, subtree_ids
from judging.grassroots.models import UnitAward, UnitAwardList


def units_below(unit_id: int) -> set[int]:
    """The units under the unit, at every depth (the unit itself left out)."""
    return subtree_ids(unit_id) - {unit_id}


def lists_below(edition: Edition, unit_id: int) -> list[UnitAwardList]:
    """The award lists the units below the unit started for the edition, by unit name."""
    below = sorted(units_below(unit_id))
    if not below:
        return []
    lists = db.session.scalars(
        select(UnitAwardList)
        .where(UnitAwardList.edition_id == edition.id, UnitAwardList.unit_id.in_(below))
        .options(
            selectinload(UnitAwardList.unit),
            selectinload(UnitAwardList.awards),
            selectinload(UnitAwardList.levels),
        )
    )
    return sorted(lists, key=lambda award_list: award_list.unit.name)


@dataclass(frozen=True)
class EntryPrize:
    """A unit prize an entry received: the level, the unit, whether the list is signed."""

    level: str
    unit: str
    signed: bool


def _depth(unit_id: int) -> int:
    parents, depth, seen = parent_map(), 0, {unit_id}
    while (unit_id := parents.get(unit_id)) is not None and unit_id not in seen:
        seen.add(unit_id)
        depth += 1
    return depth


def entry_prizes(entry_id: int, units: set[int] | None = None) -> list[EntryPrize]:
    """The prizes of the units' lists the entry received, the lowest unit first (its
    way up); only those of ``units`` when given (a focal point reads its subtree's)."""
    query = (
        select(UnitAward)
        .join(UnitAwardList, UnitAwardList.id == UnitAward.list_id)
        .where(UnitAward.entry_id == entry_id)
        .options(
            selectinload(UnitAward.level),
            selectinload(UnitAward.award_list).selectinload(UnitAwardList.unit),
        )
    )
    if units is not None:
        if not units:
            return []
        query = query.where(UnitAwardList.unit_id.in_(sorted(units)))
    awards = sorted(
        db.session.scalars(query),
        key=lambda a: (-_depth(a.award_list.unit_id), a.award_list.unit.name),
    )
    return [
        EntryPrize(a.level.name, a.award_list.unit.name, a.award_list.locked)
        for a in awards
    ]
