"""Grassroots rules, pure: targets per unit kind (each unit's target and its progress
against it), and the wording of the certificates a unit issues for its own prizes.

The plans set targets by kind of unit: departments and organisations "at least 5% of
their staff", districts "at least 10", communes "at least 2" exemplars. A unit's
progress is the number of distinct people featured in the entries of its subtree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class KindTarget:
    """The target of one kind of unit: a number, or a share of the staff."""

    kind: str
    minimum: int = 0
    percent_of_staff: int | None = None


@dataclass(frozen=True)
class UnitFacts:
    """What the target of one unit depends on."""

    unit_id: int
    name: str
    kind: str
    staff_count: int | None = None


@dataclass(frozen=True)
class UnitProgress:
    """One unit's progress against its target."""

    unit_id: int
    name: str
    kind: str
    count: int
    target: int

    @property
    def met(self) -> bool:
        return self.count >= self.target

    @property
    def missing(self) -> int:
        return max(0, self.target - self.count)


def target_of(rule: KindTarget, staff_count: int | None) -> int:
    """The unit's target: the share of its staff (rounded up) when the rule sets one
    and the staff is known, else at least the rule's minimum."""
    if rule.percent_of_staff and staff_count:
        share = math.ceil(staff_count * rule.percent_of_staff / 100)
        return max(share, rule.minimum)
    return rule.minimum


def progress(
    units: Iterable[UnitFacts],
    counts: Mapping[int, int],
    rules: Iterable[KindTarget],
) -> list[UnitProgress]:
    """Progress of every unit whose kind has a target above zero, furthest behind
    first (then by name)."""
    by_kind = {rule.kind: rule for rule in rules}
    rows = []
    for unit in units:
        rule = by_kind.get(unit.kind)
        if rule is None:
            continue
        target = target_of(rule, unit.staff_count)
        if target <= 0:
            continue
        rows.append(
            UnitProgress(
                unit.unit_id, unit.name, unit.kind, counts.get(unit.unit_id, 0), target
            )
        )
    rows.sort(key=lambda r: (r.met, -r.missing, r.name))
    return rows


def subtree_counts(
    people_by_unit: Mapping[int, set[str]], subtrees: Mapping[int, set[int]]
) -> dict[int, int]:
    """Distinct people featured in each unit's subtree (a person featured by two
    communes of one district counts once for the district)."""
    out = {}
    for unit_id, members in subtrees.items():
        people: set[str] = set()
        for member in members:
            people |= people_by_unit.get(member, set())
        out[unit_id] = len(people)
    return out


_PRIZE_WORD = re.compile(r"^giải\s+", re.IGNORECASE)


def prize_phrase(level_name: str) -> str:
    """A unit's prize level as the certificate's "Đạt giải …" line needs it: the word
    "Giải" the unit typed is not doubled ("Giải A" → "A", "Khuyến khích" unchanged)."""
    name = " ".join(level_name.split())
    return _PRIZE_WORD.sub("", name) or name


def certificate_number(seq: int, unit_code: str | None) -> str:
    """ "03/GCN-PDB": the certificate's number in the unit's list, with the unit's code
    when it has one ("03/GCN" otherwise)."""
    code = (unit_code or "").strip()
    return f"{seq:02d}/GCN-{code}" if code else f"{seq:02d}/GCN"
