"""Collective awards: what each unit achieved, its rank by the edition's formula, and
the Bằng khen / Giấy khen proposal.

Per unit (``Entry.unit_id``), counted with aggregate SQL:

- *forwarded*: entries the unit forwarded to the city (``forwarded_at`` set), not
  withdrawn and not ruled not eligible;
- *shortlisted*: entries of the unit, still competing, that reached the final round
  (an assignment in a round of kind "final"), have the status SHORTLISTED or AWARDED,
  or hold a prize of the edition's award list;
- *prizes*: ``AwardPlacement`` rows of the edition's ``AwardList`` by tier.

The formula and the cut live in ``AwardList.unit_weights`` (keys documented in
``judging.awards.core.collective_cut``: ``forwarded``, ``shortlisted``, ``prizes``,
``bang_khen``, ``giay_khen``); they are frozen with the list (``AwardList.frozen``).

Public read: ``collective_awards(edition) -> list[CollectiveRow]`` gives the units
proposed for a Bằng khen or a Giấy khen, best first, and only once the award list is
published (an empty list before). Services flush; views commit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import joinedload

from contest.extensions import db
from contest.locking import locked
from contest.models import Edition, Entry, EntryStatus, RoundKind, Unit, User
from contest.services.audit import audit
from judging.assignment.models import Assignment
from judging.awards.core import TIER_ORDER, Tier
from judging.awards.core.collective import UnitTally, rank_units
from judging.awards.core.collective_cut import (
    CollectiveAward,
    CutLine,
    Formula,
    apply_cut,
    cut_ties,
    formula_from_json,
)
from judging.awards.models.lists import AwardList, AwardLogEntry, AwardPlacement
from judging.rounds.models import Round

OUT = (EntryStatus.WITHDRAWN, EntryStatus.NOT_ELIGIBLE)


class FormulaRefused(Exception):
    """Why the formula cannot be saved: "frozen" (list approved) or "stale" (version)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CollectiveRow:
    """One unit of the collective ranking, with its tallies and proposed award."""

    rank: int
    unit_id: int
    unit_name: str
    cluster: str | None
    forwarded: int
    shortlisted: int
    prizes: dict[Tier, int]
    points: float
    tied: bool
    award: CollectiveAward | None
    tied_at_cut: bool

    @property
    def prize_count(self) -> int:
        """How many prizes the unit's entries won."""
        return sum(self.prizes.values())


@dataclass(frozen=True)
class CollectiveTable:
    """The organizers' page: ranking, formula, ties at the cut, and the list's state."""

    rows: list[CollectiveRow]
    formula: Formula
    award_list: AwardList | None
    ties: list[tuple[CollectiveAward, list[CollectiveRow]]] = field(
        default_factory=list
    )

    @property
    def frozen(self) -> bool:
        """True once the award list is approved or published."""
        return self.award_list is not None and self.award_list.frozen


def award_list_of(edition: Edition) -> AwardList | None:
    """The edition's award list, if one was started."""
    return db.session.scalar(
        select(AwardList).where(AwardList.edition_id == edition.id)
    )


def shortlisted_condition(
    edition: Edition, award_list: AwardList | None
) -> ColumnElement[bool]:
    """SQL: the entry reached the final round (see the module docstring)."""
    final_round = (
        select(Assignment.entry_id)
        .join(Round, Round.id == Assignment.round_id)
        .where(
            Round.edition_id == edition.id,
            Round.unit_id.is_(None),
            Round.kind == RoundKind.FINAL,
        )
    )
    reached = [
        Entry.status.in_([EntryStatus.SHORTLISTED, EntryStatus.AWARDED]),
        Entry.id.in_(final_round),
    ]
    if award_list is not None:
        reached.append(
            Entry.id.in_(
                select(AwardPlacement.entry_id).where(
                    AwardPlacement.award_list_id == award_list.id
                )
            )
        )
    return or_(*reached) & Entry.status.not_in(OUT)


def unit_tallies(edition: Edition, award_list: AwardList | None) -> list[UnitTally]:
    """Forwarded, shortlisted and prizes per unit (units with something to count)."""
    mine = (Entry.edition_id == edition.id) & Entry.unit_id.is_not(None)
    forwarded = dict(
        db.session.execute(
            select(Entry.unit_id, func.count(Entry.id))
            .where(mine, Entry.forwarded_at.is_not(None), Entry.status.not_in(OUT))
            .group_by(Entry.unit_id)
        ).all()
    )
    shortlisted = dict(
        db.session.execute(
            select(Entry.unit_id, func.count(Entry.id))
            .where(mine, shortlisted_condition(edition, award_list))
            .group_by(Entry.unit_id)
        ).all()
    )
    prizes: dict[int, dict[Tier, int]] = defaultdict(dict)
    if award_list is not None:
        for unit_id, tier, n in db.session.execute(
            select(Entry.unit_id, AwardPlacement.tier, func.count(AwardPlacement.id))
            .join(Entry, Entry.id == AwardPlacement.entry_id)
            .where(AwardPlacement.award_list_id == award_list.id, mine)
            .group_by(Entry.unit_id, AwardPlacement.tier)
        ):
            if tier in set(Tier):
                prizes[unit_id][Tier(tier)] = n
    units = set(forwarded) | set(shortlisted) | set(prizes)
    return [
        UnitTally(
            u, forwarded.get(u, 0), shortlisted.get(u, 0), dict(prizes.get(u, {}))
        )
        for u in sorted(units)
    ]


def collective_table(edition: Edition) -> CollectiveTable:
    """The ranking of units by the edition's formula, with the proposed cut."""
    award_list = award_list_of(edition)
    formula = formula_from_json(award_list.unit_weights if award_list else None)
    tallies = {t.unit_id: t for t in unit_tallies(edition, award_list)}
    lines = apply_cut(
        rank_units(tallies.values(), formula.weights),
        formula.bang_khen,
        formula.giay_khen,
    )
    units = {
        u.id: u
        for u in db.session.scalars(
            select(Unit).where(Unit.id.in_(tallies)).options(joinedload(Unit.cluster))
        )
    }
    rows = [_row(line, tallies[line.unit_id], units[line.unit_id]) for line in lines]
    by_unit = {row.unit_id: row for row in rows}
    ties = [
        (award, [by_unit[line.unit_id] for line in members])
        for award, members in cut_ties(lines)
    ]
    return CollectiveTable(rows, formula, award_list, ties)


def _row(line: CutLine, tally: UnitTally, unit: Unit) -> CollectiveRow:
    """A ranking line with its unit's name and tallies."""
    return CollectiveRow(
        rank=line.rank,
        unit_id=unit.id,
        unit_name=unit.name,
        cluster=unit.cluster.name if unit.cluster else None,
        forwarded=tally.forwarded,
        shortlisted=tally.shortlisted,
        prizes={t: tally.prizes[t] for t in TIER_ORDER if tally.prizes.get(t)},
        points=line.points,
        tied=line.tied,
        award=line.award,
        tied_at_cut=line.tied_at_cut,
    )


def collective_awards(edition: Edition) -> list[CollectiveRow]:
    """PUBLIC: units proposed for a Bằng khen or Giấy khen, once the list is published.

    Best first; ``row.award`` says which award, ``row.tied_at_cut`` marks a tie the
    organizers left across a cut. Empty until ``AwardList.published``.
    """
    award_list = award_list_of(edition)
    if award_list is None or not award_list.published:
        return []
    return [row for row in collective_table(edition).rows if row.award is not None]


def save_formula(
    actor: User, edition: Edition, formula: Formula, version: int | None
) -> AwardList:
    """Store the formula and cut (a draft award list is started if there is none).

    Refused when the list is frozen, or when ``version`` is not the list's current
    one (another organizer changed it meanwhile). Logged in the award list's log and
    the audit log.
    """
    locked(edition)  # one change at a time per edition (and one list is started)
    award_list = award_list_of(edition)
    if award_list is None:
        award_list = AwardList(edition_id=edition.id, unit_weights={})
        db.session.add(award_list)
        db.session.flush()
    elif locked(award_list).frozen:
        raise FormulaRefused("frozen")
    elif version is not None and version != award_list.version:
        raise FormulaRefused("stale")
    before = formula_from_json(award_list.unit_weights).to_json()
    after = formula.to_json()
    if before == after and award_list.unit_weights:
        return award_list
    award_list.unit_weights = after
    award_list.version = (award_list.version or 1) + 1
    db.session.add(
        AwardLogEntry(
            award_list_id=award_list.id,
            actor_id=actor.id,
            action="unit_weights",
            detail={"before": before, "after": after},
        )
    )
    audit(actor, "awards.unit_weights", edition, before=before, after=after)
    db.session.flush()
    return award_list
