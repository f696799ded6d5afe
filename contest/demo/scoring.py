"""Demo only: judges' score sheets filled in for every open reading of a round.

A demo or a training session wants to walk from the assignment to the award list
without six people scoring a hundred readings by hand. Each entry gets a hidden
quality and each judge a severity, both drawn from a seeded generator, so the scores
look like a real round (lenient and harsh judges, a few wide gaps) and the same seed
gives the same sheets. Sheets go through the judges' own service (validation,
locking, audit), exactly as if each judge had pressed "Submit".
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlalchemy import select

from contest.extensions import db
from judging.assignment.models import Assignment
from judging.assignment.services.roster import round_assignments
from judging.rounds.models import Criterion, Round
from judging.scoring.services.sheets import SheetInput, criteria_of, score_of, submit

QUALITY_RANGE = (0.45, 0.95)  # share of the maximum an entry deserves
SEVERITY_SPREAD = 0.06  # a judge's habitual offset, as a share of the maximum
NOISE_SPREAD = 0.05  # one reading's own randomness


def _value(criterion: Criterion, share: float) -> str:
    """A typed value for the criterion: ``share`` of its maximum, on its step."""
    step = criterion.step or 1.0
    share = min(1.0, max(0.0, share))
    value = round(criterion.max_points * share / step) * step
    return f"{value:g}"


def _sheet(criteria: list[Criterion], share: float, rng: random.Random) -> SheetInput:
    """A complete sheet around ``share``, with the comments the rubric requires."""
    values = {c.id: _value(c, share + rng.gauss(0, NOISE_SPREAD)) for c in criteria}
    comments = {
        c.id: "Nhận xét của giám khảo (dữ liệu minh họa)."
        for c in criteria
        if c.comment_required
    }
    return SheetInput(values=values, comments=comments)


def open_rounds(edition_id: int) -> list[Round]:
    """The edition's judging rounds that are open now, in order."""
    rounds = db.session.scalars(
        select(Round)
        .where(Round.edition_id == edition_id, Round.unit_id.is_(None))
        .order_by(Round.position)
    )
    return [round_ for round_ in rounds if round_.is_open]


def pending_readings(round_: Round) -> list[Assignment]:
    """Active readings of the round whose sheet is not submitted yet."""
    return [
        row
        for row in round_assignments(round_)
        if row.active and not ((sheet := score_of(row)) and sheet.submitted)
    ]


def score_round(round_: Round, seed: int = 2026, now: datetime | None = None) -> int:
    """Submit a sheet for every pending reading of an open round; how many were."""
    if not round_.is_open:
        raise ValueError("the round is not open")
    now = now or datetime.now(UTC)
    rng = random.Random(seed * 7919 + round_.id)
    quality: dict[int, float] = {}
    severity: dict[int, float] = {}
    done = 0
    for row in pending_readings(round_):
        share = quality.setdefault(row.entry_id, rng.uniform(*QUALITY_RANGE))
        share += severity.setdefault(row.judge_id, rng.gauss(0, SEVERITY_SPREAD))
        submit(row.judge, row, _sheet(criteria_of(row), share, rng), None, now)
        done += 1
    return done
