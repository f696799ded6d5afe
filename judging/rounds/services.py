"""Judging verbs, part 6: which rubric a round uses, and when it may still change.

A round either uses the edition's rubric (no criteria of its own: the default, and
every round created before per-round rubrics) or has its own criteria, typed by the
organizers or copied from the previous round ("a round may reuse the previous
rubric"). Score sheets are keyed by criterion id, so a rubric is frozen as soon as
one sheet of a round reading it is saved (even a draft). Services flush; views commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from contest.defaults import DEFAULT_ROUNDS, DEFAULT_RUBRIC
from contest.extensions import db
from contest.models import Edition, User
from contest.services.audit import audit
from judging.assignment.models import Assignment
from judging.rounds.models import Criterion, Round
from judging.scoring.core import rubric as scoring
from judging.scoring.models import Score


@dataclass(frozen=True)
class CriterionRow:
    """One criterion as entered by an organizer (or copied)."""

    name: str
    description: str
    max_points: float
    weight: float
    step: float
    comment_required: bool = False


class RubricLocked(Exception):
    """The rubric is read by a round that already has saved score sheets."""


def round_criteria(round_: Round) -> list[Criterion]:
    """The criteria the round's judges score: its own, else the edition's.

    One query for both (judges ask on every save), in the relationships' order.
    """
    if round_.id is None or round_.edition_id is None:
        db.session.flush()  # a round just built: give it its ids first
    rows = db.session.scalars(
        select(Criterion)
        .where(
            or_(
                Criterion.round_id == round_.id,
                (Criterion.edition_id == round_.edition_id)
                & Criterion.round_id.is_(None),
            )
        )
        .order_by(Criterion.position, Criterion.id)
    ).all()
    own = [c for c in rows if c.round_id == round_.id]
    return own or [c for c in rows if c.round_id is None]


def has_own_rubric(round_: Round) -> bool:
    """True when the round has criteria of its own."""
    return bool(round_.criteria)


def rubric_of(criteria: list[Criterion]) -> scoring.Rubric:
    """The pure rubric (keys are criterion ids) of these criteria."""
    return scoring.Rubric(
        tuple(
            scoring.Criterion(c.id, c.max_points, c.weight, c.step or 1.0)
            for c in criteria
        )
    )


def total_100(criteria: list[Criterion], score: Score) -> float:
    """A submitted sheet's weighted total on the 0–100 scale."""
    sheet = {c.id: float(score.values.get(str(c.id), 0.0)) for c in criteria}
    return rubric_of(criteria).total_100(sheet)


def sheets_saved(round_: Round) -> bool:
    """True once any score sheet (draft or submitted) of the round is saved."""
    return (
        db.session.scalar(
            select(Score.id)
            .join(Assignment, Score.assignment_id == Assignment.id)
            .where(Assignment.round_id == round_.id)
            .limit(1)
        )
        is not None
    )


def round_rubric_locked(round_: Round) -> bool:
    """True when the round's rubric (its own or the edition's) may no longer change."""
    return sheets_saved(round_)


def edition_rubric_locked(edition: Edition) -> list[Round]:
    """Rounds reading the edition's rubric that already have saved sheets: the
    city's and the units' own (a unit round may read the city's rubric), so a rubric
    read by a saved sheet never changes (judging.scoring.services.drafts keeps it)."""
    rounds = db.session.scalars(
        select(Round)
        .where(Round.edition_id == edition.id)
        .order_by(Round.unit_id.is_not(None), Round.position, Round.id)
    )
    return [r for r in rounds if not r.criteria and sheets_saved(r)]


def previous_round(round_: Round) -> Round | None:
    """The round just before this one in the edition's order, if any (a unit's
    round has none, and is never the one before a city round)."""
    if round_.unit_id is not None:
        return None
    earlier = [r for r in round_.edition.rounds if r.position < round_.position]
    return earlier[-1] if earlier else None


def next_round(round_: Round) -> Round | None:
    """The round just after this one in the edition's order, if any (none after a
    unit's round)."""
    if round_.unit_id is not None:
        return None
    later = [r for r in round_.edition.rounds if r.position > round_.position]
    return later[0] if later else None


def rows_of(criteria: list[Criterion]) -> list[CriterionRow]:
    """Plain copies of these criteria (to copy a rubric or fill a form)."""
    return [
        CriterionRow(
            c.name,
            c.description,
            c.max_points,
            c.weight,
            c.step or 1.0,
            c.comment_required,
        )
        for c in criteria
    ]


def _check_unlocked(round_: Round) -> None:
    if round_rubric_locked(round_):
        raise RubricLocked(round_.id)


def set_round_rubric(actor: User, round_: Round, rows: list[CriterionRow]) -> None:
    """Give the round these criteria of its own (replacing any it had)."""
    _check_unlocked(round_)
    if not rows:
        raise ValueError("a rubric needs at least one criterion")
    round_.criteria = [
        Criterion(edition_id=round_.edition_id, position=i, **vars(row))
        for i, row in enumerate(rows)
    ]
    db.session.flush()
    audit(
        actor,
        "judging.round_rubric",
        round_.edition,
        round_id=round_.id,
        criteria=[row.name for row in rows],
    )


def copy_previous_rubric(actor: User, round_: Round) -> None:
    """The round gets its own copy of the previous round's rubric (raises if none)."""
    earlier = previous_round(round_)
    if earlier is None:
        raise ValueError("the first round has no previous round")
    set_round_rubric(actor, round_, rows_of(round_criteria(earlier)))


def use_edition_rubric(actor: User, round_: Round) -> None:
    """The round drops its own criteria and uses the edition's rubric again."""
    _check_unlocked(round_)
    round_.criteria = []
    db.session.flush()
    audit(actor, "judging.round_rubric", round_.edition, round_id=round_.id)


# -- an edition's rubric and rounds: set-up pages, new and cloned editions -------------


@dataclass
class RoundData:
    """One judging round as entered by an organizer."""

    name: str
    kind: str
    starts_at: datetime | None
    ends_at: datetime | None
    readers_per_entry: int | None
    show_previous_scores: bool = False  # final round: the earlier score as a hint


def set_rubric(actor: User, edition: Edition, rows: list[CriterionRow]) -> None:
    """Replace the edition's rubric with these criteria."""
    edition.criteria = [
        Criterion(position=i, **{k: v for k, v in vars(row).items()})
        for i, row in enumerate(rows)
    ]
    audit(actor, "edition.set_rubric", edition, criteria=[row.name for row in rows])


def set_rounds(actor: User, edition: Edition, rows: list[RoundData]) -> None:
    """Replace the edition's judging rounds with these, in order."""
    kept = {r.position: r for r in edition.rounds}
    rounds = []
    for i, row in enumerate(rows):
        current = kept.get(i) or Round(position=i)
        current.name, current.kind = row.name, row.kind
        current.starts_at, current.ends_at = row.starts_at, row.ends_at
        current.readers_per_entry = row.readers_per_entry
        current.show_previous_scores = row.show_previous_scores
        rounds.append(current)
    edition.rounds = rounds
    audit(actor, "edition.set_rounds", edition, rounds=[row.name for row in rows])


def default_setup(edition: Edition, **_) -> None:
    """On contest.signals.edition_created: the contest's default rubric and rounds."""
    edition.criteria = [
        Criterion(
            name=name,
            description=description,
            max_points=maximum,
            weight=weight,
            position=i,
        )
        for i, (name, description, maximum, weight) in enumerate(DEFAULT_RUBRIC)
    ]
    edition.rounds = [
        Round(kind=kind, name=name, readers_per_entry=readers, position=i)
        for i, (kind, name, readers) in enumerate(DEFAULT_ROUNDS)
    ]


def _copy_criterion(criterion: Criterion, **extra) -> Criterion:
    """A new criterion like this one (for a cloned edition or round)."""
    return Criterion(
        name=criterion.name,
        description=criterion.description,
        max_points=criterion.max_points,
        weight=criterion.weight,
        step=criterion.step,
        comment_required=criterion.comment_required,
        position=criterion.position,
        **extra,
    )


def copy_setup(
    source: Edition,
    *,
    clone: Edition,
    shift: Callable[[datetime | None], datetime | None],
    **_,
) -> None:
    """On contest.signals.edition_cloned: the rubric and the rounds (their windows
    moved by ``shift``), each round with its own rubric."""
    clone.criteria = [_copy_criterion(c) for c in source.criteria]
    clone.rounds = [
        Round(
            name=r.name,
            kind=r.kind,
            position=r.position,
            readers_per_entry=r.readers_per_entry,
            show_previous_scores=r.show_previous_scores,
            gap_spreads=r.gap_spreads,
            gap_points=r.gap_points,
            starts_at=shift(r.starts_at),
            ends_at=shift(r.ends_at),
            # A round's own rubric comes along; it belongs to the new edition too.
            criteria=[_copy_criterion(c, edition=clone) for c in r.criteria],
        )
        for r in source.rounds
    ]
