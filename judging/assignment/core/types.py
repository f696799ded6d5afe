"""Plain input and output values of judge assignment (see ``judging.assignment.core``)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

EntryId = Hashable
JudgeId = Hashable
# (judge_id, entry_id), the orientation used for conflicts and existing pairs.
Pair = tuple[JudgeId, EntryId]


@dataclass(frozen=True)
class JudgeSlot:
    """A judge of the round: fields of expertise and an optional cap on readings.

    ``cap`` counts every reading of the judge in the round, existing ones included;
    ``None`` means no personal limit (balancing still limits the load).
    """

    id: JudgeId
    fields: frozenset[str] = frozenset()
    cap: int | None = None


@dataclass(frozen=True)
class EntrySlot:
    """An entry to be read: its field and how many readers it must have in total.

    ``readers`` counts existing readers too. ``None`` means "every eligible judge"
    (a final council where all members read every shortlisted entry).
    """

    id: EntryId
    field: str | None = None
    readers: int | None = 2


@dataclass(frozen=True)
class AssignmentResult:
    """The outcome of one assignment run.

    * ``pairs``: the NEW readers only, per entry that got at least one; this is what
      the caller must insert. Existing pairs are never repeated here.
    * ``readers``: every reader of every listed entry, existing ones first.
    * ``loads``: each judge's total readings (existing + new), listed judges only.
    * ``load_bounds``: the (min, max) load each judge had to respect.
    * ``level``: the water level the balance window is centred on (the average
      load once capped judges are at their cap); 0 when balancing was off.
    * ``expert_readings``: readings by a judge whose fields hold the entry's field.
    * ``entries_without_expert``: listed entries with no expert among their readers.
    * ``objective``: (entries with an expert reader, expert readings), the pair the
      optimiser maximises in this order.
    """

    pairs: dict[EntryId, tuple[JudgeId, ...]]
    readers: dict[EntryId, tuple[JudgeId, ...]]
    loads: dict[JudgeId, int]
    load_bounds: dict[JudgeId, tuple[int, int]]
    level: float
    expert_readings: int
    entries_without_expert: tuple[EntryId, ...]
    objective: tuple[int, int]
    seed: int

    def summary(self) -> dict[str, int | float]:
        """Numbers for a preview screen or a JSON report (plain ints and floats)."""
        loads = list(self.loads.values())
        readings = sum(len(r) for r in self.readers.values())
        return {
            "entries": len(self.readers),
            "judges": len(loads),
            "readings": readings,
            "new_readings": sum(len(p) for p in self.pairs.values()),
            "loads_min": min(loads, default=0),
            "loads_max": max(loads, default=0),
            "loads_avg": round(sum(loads) / len(loads), 2) if loads else 0.0,
            "expert_readings": self.expert_readings,
            "expert_share": round(self.expert_readings / readings, 4)
            if readings
            else 0.0,
            "entries_without_expert": len(self.entries_without_expert),
        }
