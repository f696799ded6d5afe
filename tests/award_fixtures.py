"""Builders of award lists for the results and notification tests.

The award service (sign-off, publish) is built elsewhere; these tests only read what
it leaves behind: an ``AwardList`` at some stage and its ``AwardPlacement`` rows.
Plain functions taking the app; each commits and returns plain values.
"""

from __future__ import annotations

from datetime import UTC, datetime

from contest.extensions import db
from contest.models import Edition, Entry
from judging.assignment.models import Assignment
from judging.awards.models.lists import AwardList, AwardPlacement, AwardStage
from judging.scoring.models import Score, ScoreStatus


def award_list(
    app,
    edition_id: int,
    prizes: list[tuple[int, str]],
    *,
    stage: AwardStage = AwardStage.PUBLISHED,
) -> int:
    """An award list with (entry id, tier) prizes, positions in the given order."""
    with app.app_context():
        row = AwardList(
            edition_id=edition_id,
            stage=stage,
            published_at=datetime.now(UTC) if stage == AwardStage.PUBLISHED else None,
        )
        db.session.add(row)
        db.session.flush()
        for position, (entry_id, tier) in enumerate(prizes, start=1):
            entry = db.session.get(Entry, entry_id)
            db.session.add(
                AwardPlacement(
                    award_list_id=row.id,
                    entry_id=entry_id,
                    track_id=entry.track_id,
                    tier=tier,
                    position=position,
                    score=90.0 - position,
                )
            )
        db.session.commit()
        return row.id


def set_stage(app, list_id: int, stage: AwardStage) -> None:
    """Move the list to a stage (publishing stamps ``published_at`` anew)."""
    with app.app_context():
        row = db.session.get(AwardList, list_id)
        row.stage = stage
        row.published_at = datetime.now(UTC) if stage == AwardStage.PUBLISHED else None
        db.session.commit()


def other_track_id(app, edition_id: int) -> int:
    """The id of the edition's second track (tác phẩm báo chí)."""
    with app.app_context():
        return db.session.get(Edition, edition_id).tracks[1].id


def award_objects(app, edition_id: int, entry_id: int) -> dict:
    """URL values for the access walker: a published list holding the sample entry."""
    award_list(app, edition_id, [(entry_id, "nhat")])
    return {"audience": "winner"}


def add_submitted_sheet(
    round_id: int, judge_id: int, entry_id: int, criteria, percent: float
) -> None:
    """Inside an app context: the judge's reading of the entry in the round, with a
    submitted sheet giving ``percent`` % of every criterion's maximum; not committed."""
    reading = Assignment(round_id=round_id, judge_id=judge_id, entry_id=entry_id)
    db.session.add(reading)
    db.session.flush()
    db.session.add(
        Score(
            assignment_id=reading.id,
            values={str(c.id): c.max_points * percent / 100 for c in criteria},
            status=ScoreStatus.SUBMITTED,
            submitted_at=datetime.now(UTC),
        )
    )
