"""Judging verbs, part 2: assignment runs (preview, commit), codes, opening a round.

Rows in, plain slots to ``judging.assignment.core.assign`` (used as is), rows out. A run
keeps every active reading and only fills gaps; an ended reading (recusal, conflict,
move) is never given back by a run. Previews write nothing: the same seed on the
same data gives the same plan at commit time. Moves and recusal: ``judging.assignment.services.moves``;
what a round reads, its judges and their progress: ``judging.assignment.services.roster``.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import select

from contest.extensions import db
from contest.mail import send_email
from contest.models import Entry, EntryStatus, RoundKind, User
from contest.services.audit import audit
from judging.assignment.core import (
    AssignmentResult,
    EntrySlot,
    JudgeSlot,
    assign,
)
from judging.assignment.models import Assignment, JudgeProfile, JudgingCode
from judging.assignment.services.conflicts import round_conflicts
from judging.assignment.services.pool import actor_id
from judging.assignment.services.roster import (
    entries_waiting_for_typing,
    round_assignments,
    round_entries,
    round_judges,
)
from judging.rounds.models import Round
from judging.stages.core import RoundAction
from judging.stages.services import require_round

CODE_PREFIX = {RoundKind.PRELIMINARY: "SK", RoundKind.FINAL: "CK"}
UNIT_CODE_PREFIX = "CS"  # a unit's own round (cơ sở)
# No 0/O, 1/I/L: codes are read aloud and typed by people.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


@dataclass
class Plan:
    """An assignment run: what the solver proposes, before or after committing."""

    round: Round
    seed: int
    balance: bool
    result: AssignmentResult
    entries: list[Entry]
    judges: list[JudgeProfile]
    dropped: list[Assignment]  # active readings that now conflict: they will end
    waiting_for_typing: int

    def summary(self) -> dict[str, int | float]:
        """The solver's figures (loads min/max/avg, expertise share…)."""
        return self.result.summary()

    def new_pairs(self) -> list[tuple[int, int]]:
        """(judge id, entry id) of every new reading."""
        return [(j, e) for e, judges in self.result.pairs.items() for j in judges]


def solver_slots(
    round_: Round, entries: list[Entry], judges: list[JudgeProfile]
) -> tuple[list[EntrySlot], list[JudgeSlot]]:
    """Plain solver input; fields are compared by id (as strings)."""
    entry_slots = [
        EntrySlot(
            id=e.id,
            field=str(e.field_id) if e.field_id is not None else None,
            readers=round_.readers_per_entry,
        )
        for e in entries
    ]
    judge_slots = [
        JudgeSlot(
            id=p.user_id,
            fields=frozenset(str(f.id) for f in p.fields),
            cap=p.max_load,
        )
        for p in judges
    ]
    return entry_slots, judge_slots


def plan_round(round_: Round, *, seed: int, balance: bool = True) -> Plan:
    """What an assignment run would do; writes nothing. Raises AssignmentInfeasible."""
    entries = round_entries(round_)
    judges = round_judges(round_)
    rows = round_assignments(round_)
    conflicts = round_conflicts(round_, judges, entries)
    active = [r for r in rows if r.active]
    dropped = [r for r in active if (r.judge_id, r.entry_id) in conflicts]
    existing = {(r.judge_id, r.entry_id) for r in active if r not in dropped}
    # An ended reading is never given back by a run (recusals, moves, conflicts).
    forbidden = set(conflicts) | {(r.judge_id, r.entry_id) for r in rows}
    entry_slots, judge_slots = solver_slots(round_, entries, judges)
    result = assign(
        entry_slots,
        judge_slots,
        conflicts=forbidden - existing,
        existing=existing,
        seed=seed,
        balance=balance,
    )
    return Plan(
        round_,
        seed,
        balance,
        result,
        entries,
        judges,
        dropped,
        entries_waiting_for_typing(round_),
    )


def new_seed() -> int:
    """A fresh random seed for an assignment run (shown, so it can be reproduced)."""
    return secrets.randbelow(2**31 - 1)


def commit_round(
    actor: User,
    round_: Round,
    *,
    seed: int,
    balance: bool,
    now: datetime,
    override_reason: str | None = None,
) -> Plan:
    """Run the assignment and write it: codes, readings, statuses, judges' emails.

    Existing readings are kept; only gaps are filled. The round opens for judges if
    it was never opened, so the stage model's gates for opening apply
    (``judging.stages.services``: StageRefused). Raises AssignmentInfeasible (nothing
    written then).
    """
    require_round(
        actor, round_, RoundAction.ASSIGN, now=now, override_reason=override_reason
    )
    plan = plan_round(round_, seed=seed, balance=balance)
    for row in plan.dropped:
        row.recused_at = now
    by_id = {e.id: e for e in plan.entries}
    new_by_judge: dict[int, int] = defaultdict(int)
    for judge_id, entry_id in plan.new_pairs():
        db.session.add(
            Assignment(
                round_id=round_.id,
                judge_id=judge_id,
                entry_id=entry_id,
                created_by_id=actor_id(actor),
                created_at=now,
            )
        )
        new_by_judge[judge_id] += 1
    read = [by_id[e] for e, readers in plan.result.readers.items() if readers]
    ensure_codes(round_, read)
    # A unit's round leaves the entries submitted: the unit forwards them afterwards.
    if RoundKind(round_.kind) == RoundKind.PRELIMINARY and round_.unit_id is None:
        for entry in read:
            if entry.status in (EntryStatus.SUBMITTED, EntryStatus.FORWARDED):
                entry.status = EntryStatus.UNDER_REVIEW
    if round_.opened_at is None:
        round_.opened_at = now
    round_.assignment_seed = seed
    db.session.flush()
    notify_judges(round_, new_by_judge)
    audit(
        actor,
        "judging.assign",
        round_.edition,
        round_id=round_.id,
        seed=seed,
        balance=balance,
        new_readings=sum(new_by_judge.values()),
        ended=len(plan.dropped) or None,
    )
    return plan


def ensure_codes(round_: Round, entries: Iterable[Entry]) -> dict[int, str]:
    """Give every entry a random code in the round (kept once given); id → code."""
    rows = db.session.scalars(
        select(JudgingCode).where(JudgingCode.round_id == round_.id)
    ).all()
    codes = {r.entry_id: r.code for r in rows}
    taken = set(db.session.scalars(select(JudgingCode.code)))
    prefix = (
        UNIT_CODE_PREFIX
        if round_.unit_id is not None
        else CODE_PREFIX.get(RoundKind(round_.kind), "GK")
    )
    for entry in entries:
        if entry.id in codes:
            continue
        code = _random_code(prefix)
        while code in taken:
            code = _random_code(prefix)
        taken.add(code)
        codes[entry.id] = code
        db.session.add(JudgingCode(round_id=round_.id, entry_id=entry.id, code=code))
    db.session.flush()
    return codes


def _random_code(prefix: str) -> str:
    """e.g. SK-7Q4M9X: unpredictable (secrets), unrelated to ids and numbers."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{prefix}-{body}"


def notify_judges(round_: Round, counts: dict[int, int]) -> None:
    """Email each judge how many new entries they have to read."""
    for judge_id, count in counts.items():
        judge = db.session.get(User, judge_id)
        if judge is None or not count:
            continue
        send_email(
            judge.email,
            "judge_new_entries",
            locale=judge.locale,
            judge=judge,
            count=count,
            round_name=round_.name,
            queue_url=url_for("judge.queue", _external=True),
        )


def set_round_open(
    actor: User,
    round_: Round,
    is_open: bool,
    now: datetime,
    override_reason: str | None = None,
) -> None:
    """Open the round to judges, or close it (judges keep no access once closed).

    The stage model decides whether it may (``judging.stages.services``: StageRefused).
    """
    action = RoundAction.OPEN if is_open else RoundAction.CLOSE
    require_round(actor, round_, action, now=now, override_reason=override_reason)
    if is_open:
        round_.opened_at = round_.opened_at or now
        round_.closed_at = None
    else:
        round_.closed_at = now
    audit(actor, "judging.round_open", round_.edition, round_id=round_.id, open=is_open)


@dataclass(frozen=True)
class JudgeRow:
    """One judge in a preview: readings kept, new, in all, and by expertise."""

    profile: JudgeProfile
    kept: int
    new: int
    total: int
    expert: int


def judge_rows(plan: Plan) -> list[JudgeRow]:
    """Per-judge figures of a plan, in the pool's order."""
    new: dict[int, int] = defaultdict(int)
    for judge_id, _entry_id in plan.new_pairs():
        new[judge_id] += 1
    fields = {p.user_id: {f.id for f in p.fields} for p in plan.judges}
    field_of = {e.id: e.field_id for e in plan.entries}
    expert: dict[int, int] = defaultdict(int)
    for entry_id, readers in plan.result.readers.items():
        for judge_id in readers:
            if field_of.get(entry_id) in fields.get(judge_id, ()):
                expert[judge_id] += 1
    rows = []
    for profile in plan.judges:
        total = plan.result.loads.get(profile.user_id, 0)
        rows.append(
            JudgeRow(
                profile,
                kept=total - new[profile.user_id],
                new=new[profile.user_id],
                total=total,
                expert=expert[profile.user_id],
            )
        )
    return rows
