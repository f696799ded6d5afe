"""Why an assignment is impossible: structured reasons and the exception carrying them.

Each reason has a stable ``code`` and its numbers as fields, so the web layer can
translate ``code`` and fill in ``params()``; ``str()`` gives plain English for logs,
the CLI and tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from judging.assignment.core.types import EntryId, JudgeId

# Lists of ids longer than this are cut in English messages (params keep them all).
_SHOWN = 10


def _ids(ids: Sequence[object]) -> str:
    """Comma-separated ids, cut after a few with a count of the rest."""
    head = ", ".join(str(i) for i in ids[:_SHOWN])
    return head + (f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else "")


@dataclass(frozen=True)
class Reason:
    """Base of all reasons; subclasses set ``code`` and add their numbers."""

    def params(self) -> dict[str, object]:
        """The reason's fields without ``code``, for message templates."""
        values = asdict(self)
        values.pop("code", None)
        return values


@dataclass(frozen=True)
class EntryShortOfJudges(Reason):
    """An entry needs more readers than there are judges allowed to read it."""

    entry_id: EntryId
    required: int
    eligible: int
    code: str = field(default="entry_short_of_judges", init=False)

    def __str__(self) -> str:
        return (
            f"Entry {self.entry_id} needs {self.required} readers but only "
            f"{self.eligible} of the judges may read it (the others have a "
            "conflict, recused or are not in the round)."
        )


@dataclass(frozen=True)
class CapacityShort(Reason):
    """All judges together cannot take the readings the round still needs."""

    demand: int
    capacity: int
    code: str = field(default="capacity_short", init=False)

    def __str__(self) -> str:
        return (
            f"The round still needs {self.demand} readings but the judges can take "
            f"at most {self.capacity} more (caps and conflicts)."
        )


@dataclass(frozen=True)
class JudgeOverCap(Reason):
    """ "Every judge reads every entry" would push a judge past their cap."""

    judge_id: JudgeId
    cap: int
    required: int
    code: str = field(default="judge_over_cap", init=False)

    def __str__(self) -> str:
        return (
            f"Judge {self.judge_id} must read all {self.required} entries of the "
            f"council but their cap is {self.cap}."
        )


@dataclass(frozen=True)
class EntriesShortOfCapacity(Reason):
    """A group of entries whose allowed judges cannot take all their readings.

    ``capacity`` is an upper bound on the readings the group can get. When
    ``balance_limited`` is true the group could be served without the balanced
    load limit (``max_load`` is that limit).
    """

    entry_ids: tuple[EntryId, ...]
    demand: int
    capacity: int
    judge_ids: tuple[JudgeId, ...]
    balance_limited: bool
    max_load: int | None
    code: str = field(default="entries_short_of_capacity", init=False)

    def __str__(self) -> str:
        text = (
            f"{len(self.entry_ids)} entries ({_ids(self.entry_ids)}) still need "
            f"{self.demand} readings but the judges allowed to read them can give "
            f"at most {self.capacity}"
        )
        if self.judge_ids:
            text += f"; judges {_ids(self.judge_ids)} would be full"
        if self.balance_limited:
            text += (
                f". Balanced loads (at most {self.max_load} per judge) cause this: "
                "assign without balancing or add judges"
            )
        return text + "."


@dataclass(frozen=True)
class JudgesBelowBalance(Reason):
    """Judges who cannot reach the minimum load that balancing requires."""

    judge_ids: tuple[JudgeId, ...]
    needed: int
    available: int
    min_load: int
    code: str = field(default="judges_below_balance", init=False)

    def __str__(self) -> str:
        return (
            f"Balanced loads need at least {self.needed} more readings for judges "
            f"{_ids(self.judge_ids)} (minimum load {self.min_load}), but their "
            f"conflicts leave at most {self.available}. Assign without balancing "
            "or review their conflicts."
        )


@dataclass(frozen=True)
class GreedyStuck(Reason):
    """The greedy baseline ran out of judges for an entry (the optimum may not)."""

    entry_id: EntryId
    required: int
    found: int
    code: str = field(default="greedy_stuck", init=False)

    def __str__(self) -> str:
        return (
            f"Greedy assignment found only {self.found} of {self.required} free "
            f"judges for entry {self.entry_id}."
        )


class AssignmentInfeasible(Exception):
    """No assignment satisfies the round's rules; ``reasons`` says why."""

    def __init__(self, reasons: Sequence[Reason]) -> None:
        self.reasons: tuple[Reason, ...] = tuple(reasons)
        # args = (reasons,) keeps the exception picklable (background jobs).
        super().__init__(self.reasons)

    @property
    def codes(self) -> tuple[str, ...]:
        """The reasons' codes, in order (handy for tests and translation)."""
        return tuple(getattr(r, "code", "") for r in self.reasons)

    def __str__(self) -> str:
        lines = [f"- {r}" for r in self.reasons[:_SHOWN]]
        if len(self.reasons) > _SHOWN:
            lines.append(f"- and {len(self.reasons) - _SHOWN} more reasons")
        return "\n".join(["Cannot assign judges:", *lines])
