"""A unit's own round: its focal point reads the entries the unit holds blind, with
judges chosen among the unit's own people, before forwarding a selection upward.

A unit round is a ``Round`` with ``unit_id`` set (never in ``Edition.rounds``): the
assignment runs, blind reading, score sheets and results of the city's rounds work
on it unchanged (``judging.assignment.services.roster`` knows what it reads and who
judges it). Its judges are ``UnitJudge`` rows: accounts of the unit's subtree, or new
accounts the focal point invites by email; they get the judge area (``Role.JUDGE``)
but read only this round's entries. Services flush; views commit.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import Edition, Entry, Role, RoundKind, Unit, User
from contest.services.accounts import find_user_by_email, invite_account
from contest.services.audit import audit
from contest.services.unit_tree import subtree_ids
from contest.textnorm import name_sort_key
from judging.assignment.models import Assignment, JudgingCode, UnitJudge
from judging.grassroots.services import held_by_clause
from judging.rounds.models import Round
from judging.scoring.models import Score, ScoreStatus


class UnitRoundError(StrEnum):
    """Why a focal point's change to its round was refused (worded by the views)."""

    NOT_OF_UNIT = "not_of_unit"  # the account is not one of the unit's subtree
    ALREADY = "already"  # already a judge of the round
    HAS_READINGS = "has_readings"  # a judge with readings stays on the record
    INACTIVE = "inactive"  # a disabled account
    FOCAL_POINT = "focal_point"  # a focal point of the unit knows the authors


class UnitRoundRefused(Exception):
    """A refused change; ``code`` says why."""

    def __init__(self, code: UnitRoundError) -> None:
        super().__init__(str(code))
        self.code = code


def unit_rounds(edition: Edition, unit_id: int) -> list[Round]:
    """The unit's own rounds in the edition, in order."""
    return list(
        db.session.scalars(
            select(Round)
            .where(Round.edition_id == edition.id, Round.unit_id == unit_id)
            .order_by(Round.position, Round.id)
        )
    )


def held_count(edition: Edition, unit_id: int) -> int:
    """How many entries the unit holds now (what a new round of it would read)."""
    return db.session.scalar(
        select(func.count(Entry.id)).where(
            Entry.edition_id == edition.id, held_by_clause(unit_id)
        )
    )


def unit_round_of(round_id: int, unit_id: int | None) -> Round | None:
    """The round if it is this unit's own (another unit's, or the city's: None)."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or unit_id is None or round_.unit_id != unit_id:
        return None
    return round_


def create_unit_round(
    actor: User,
    edition: Edition,
    unit: Unit,
    *,
    name: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    readers_per_entry: int | None,
) -> Round:
    """A new round of the unit, reading the city's rubric until it gets its own."""
    position = db.session.scalar(
        select(func.count(Round.id)).where(
            Round.edition_id == edition.id, Round.unit_id == unit.id
        )
    )
    round_ = Round(
        edition_id=edition.id,
        unit_id=unit.id,
        position=position,
        name=name.strip(),
        kind=RoundKind.PRELIMINARY,
        starts_at=starts_at,
        ends_at=ends_at,
        readers_per_entry=readers_per_entry,
    )
    db.session.add(round_)
    db.session.flush()
    audit(actor, "unit_round.create", edition, round_id=round_.id, unit_id=unit.id)
    return round_


def judge_rows(round_: Round) -> list[UnitJudge]:
    """The round's judges, sorted by name the Vietnamese way."""
    rows = db.session.scalars(
        select(UnitJudge).where(UnitJudge.round_id == round_.id)
    ).all()
    return sorted(rows, key=lambda r: name_sort_key(r.user.full_name))


def submitted_counts(round_: Round) -> dict[int, int]:
    """Per judge of the round: how many of their active readings are submitted."""
    rows = db.session.execute(
        select(Assignment.judge_id, func.count(Score.id))
        .join(Score, Score.assignment_id == Assignment.id)
        .where(
            Assignment.round_id == round_.id,
            Assignment.recused_at.is_(None),
            Score.status == ScoreStatus.SUBMITTED,
        )
        .group_by(Assignment.judge_id)
    )
    return {judge_id: count for judge_id, count in rows}


def submitted_sheets(round_: Round) -> list[tuple[int, str]]:
    """The round's submitted score sheets a focal point may reopen: (score id,
    "judge: code"), by judge then code."""
    rows = db.session.execute(
        select(Score.id, User.full_name, JudgingCode.code)
        .join(Assignment, Score.assignment_id == Assignment.id)
        .join(User, User.id == Assignment.judge_id)
        .join(
            JudgingCode,
            (JudgingCode.round_id == Assignment.round_id)
            & (JudgingCode.entry_id == Assignment.entry_id),
        )
        .where(
            Assignment.round_id == round_.id,
            Assignment.recused_at.is_(None),
            Score.status == ScoreStatus.SUBMITTED,
        )
    )
    ordered = sorted(rows, key=lambda r: (name_sort_key(r.full_name), r.code))
    return [(r.id, f"{r.full_name}: {r.code}") for r in ordered]


def candidates(round_: Round) -> list[User]:
    """Active accounts of the unit's subtree who do not judge the round yet."""
    chosen = select(UnitJudge.user_id).where(UnitJudge.round_id == round_.id)
    users = db.session.scalars(
        select(User).where(
            User.unit_id.in_(sorted(subtree_ids(round_.unit_id))),
            User.is_active_account.is_(True),
            User.id.not_in(chosen),
        )
    ).all()
    judges = [u for u in users if not _is_focal_point(round_, u)]
    return sorted(judges, key=lambda u: name_sort_key(u.full_name))


def _is_focal_point(round_: Round, user: User) -> bool:
    """A focal point of the round's unit sees who wrote each entry: never a judge of
    the unit's blind round."""
    return user.unit_id == round_.unit_id and user.has_role(Role.UNIT)


def add_judge(actor: User, round_: Round, user: User) -> UnitJudge:
    """Make an account of the unit's subtree a judge of the round (and give it the
    judge area, which shows it this round's readings only)."""
    if user.unit_id is None or user.unit_id not in subtree_ids(round_.unit_id):
        raise UnitRoundRefused(UnitRoundError.NOT_OF_UNIT)
    if _is_focal_point(round_, user):
        raise UnitRoundRefused(UnitRoundError.FOCAL_POINT)
    if not user.is_active_account:
        raise UnitRoundRefused(UnitRoundError.INACTIVE)
    if _row(round_, user.id) is not None:
        raise UnitRoundRefused(UnitRoundError.ALREADY)
    if not user.has_role(Role.JUDGE):
        user.set_roles(user.roles | {Role.JUDGE})
    row = UnitJudge(round_id=round_.id, user_id=user.id, added_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    audit(
        actor,
        "unit_round.add_judge",
        round_.edition,
        round_id=round_.id,
        user_id=user.id,
    )
    return row


def invite_judge(actor: User, round_: Round, *, email: str, full_name: str) -> User:
    """A judge by email: an account of the unit's subtree with that address is
    added; an unknown address gets a new account of the unit, emailed a link to
    choose its password. An address of someone outside the unit is refused (the
    view words both outcomes alike, so that it tells nothing about other units)."""
    user = find_user_by_email(email)
    if user is None:
        user = invite_account(
            actor,
            email=email,
            full_name=full_name,
            roles={Role.JUDGE},
            unit=db.session.get(Unit, round_.unit_id),
        )
    add_judge(actor, round_, user)
    return user


def remove_judge(actor: User, round_: Round, user_id: int) -> None:
    """Take a judge off the round, before they were given any reading."""
    row = _row(round_, user_id)
    if row is None:
        return
    readings = db.session.scalar(
        select(func.count(Assignment.id)).where(
            Assignment.round_id == round_.id, Assignment.judge_id == user_id
        )
    )
    if readings:
        raise UnitRoundRefused(UnitRoundError.HAS_READINGS)
    db.session.delete(row)
    db.session.flush()
    audit(
        actor,
        "unit_round.remove_judge",
        round_.edition,
        round_id=round_.id,
        user_id=user_id,
    )


def _row(round_: Round, user_id: int) -> UnitJudge | None:
    return db.session.scalar(
        select(UnitJudge).where(
            UnitJudge.round_id == round_.id, UnitJudge.user_id == user_id
        )
    )
