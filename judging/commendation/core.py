"""Commendation rules, pure: the status ladder, the subject kinds, the counts against
an edition's targets, and which register person a group of person keys belongs to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from contest.subjects import SubjectKind


class Status(StrEnum):
    """Where a featured person stands in one edition, in order."""

    INTRODUCED = "introduced"  # introduced by a unit (their story was entered)
    PROPOSED = "proposed"  # proposed for commendation
    COMMENDED = "commended"  # commended (at a level, by a decision)
    TITLE_NOMINATED = "title_nominated"  # nominated for the city's title


LADDER = tuple(Status)


class Level(StrEnum):
    """The level whose decision commended the person."""

    COMMUNE = "commune"
    DISTRICT = "district"
    CITY = "city"
    CENTRAL = "central"


def is_commended(status: Status) -> bool:
    """Commended, or further on (a title nominee was commended first)."""
    return LADDER.index(Status(status)) >= LADDER.index(Status.COMMENDED)


def check_status(status: Status, level: str, decision: str) -> str | None:
    """Why this status cannot be saved as given (a reason code), or None."""
    if is_commended(status) and (not level or not decision.strip()):
        return "commended_needs_decision"
    return None


@dataclass(frozen=True)
class Standing:
    """One person's standing in an edition, as the counts need it."""

    subject: SubjectKind
    status: Status
    exemplar: bool


@dataclass(frozen=True)
class Counts:
    """An edition's figures against its targets (targets 0: none set)."""

    introduced: int
    proposed: int
    commended_individuals: int
    commended_total: int
    exemplars: int
    title_nominees: int
    individuals_target: int
    exemplars_target: int

    @property
    def individuals_met(self) -> bool:
        return self.commended_individuals >= self.individuals_target

    @property
    def exemplars_met(self) -> bool:
        return self.exemplars >= self.exemplars_target


def count(
    standings: Iterable[Standing], individuals_target: int, exemplars_target: int
) -> Counts:
    """The edition's counts: everyone introduced, how many reached each step, the
    commended individuals (the "700 individuals" target) and the exemplars chosen
    for the central board and the press (the "50 exemplars" target)."""
    rows = list(standings)
    at_least = lambda step: sum(  # noqa: E731
        1 for r in rows if LADDER.index(r.status) >= LADDER.index(step)
    )
    return Counts(
        introduced=len(rows),
        proposed=at_least(Status.PROPOSED),
        commended_individuals=sum(
            1
            for r in rows
            if is_commended(r.status) and r.subject == SubjectKind.INDIVIDUAL
        ),
        commended_total=at_least(Status.COMMENDED),
        exemplars=sum(1 for r in rows if r.exemplar),
        title_nominees=at_least(Status.TITLE_NOMINATED),
        individuals_target=individuals_target,
        exemplars_target=exemplars_target,
    )


def match_people(
    groups: Iterable[tuple[str, ...]], known: Mapping[str, int]
) -> list[tuple[tuple[str, ...], int | None]]:
    """Each group of person keys (one person of an edition, merges applied) with the
    register person one of its keys already belongs to (None: a new person). When
    keys of one group point to several people, the smallest id wins (the others stay
    as they are, for an organizer to merge)."""
    out = []
    for keys in groups:
        found = sorted({known[k] for k in keys if k in known})
        out.append((keys, found[0] if found else None))
    return out


def parse_list(text: str) -> list[str]:
    """An edition's list (social groups, movements): one item per line, no blanks,
    no repeats, in the organizers' order."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        item = line.strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)


def year_on_year(
    rows: Iterable[tuple[int, str, bool]],
) -> tuple[list[int], list[tuple[str, dict[int, tuple[int, int]]]]]:
    """(year, value, commended) rows → the years, and per value (most people first)
    each year's (people introduced, people commended); "" is the value not set."""
    table: dict[str, dict[int, list[int]]] = {}
    years: set[int] = set()
    for year, value, commended in rows:
        years.add(year)
        cell = table.setdefault(value, {}).setdefault(year, [0, 0])
        cell[0] += 1
        cell[1] += int(commended)
    ordered = sorted(
        table.items(),
        key=lambda item: (-sum(c[0] for c in item[1].values()), item[0] == "", item[0]),
    )
    return sorted(years), [
        (value, {y: (c[0], c[1]) for y, c in cells.items()}) for value, cells in ordered
    ]
