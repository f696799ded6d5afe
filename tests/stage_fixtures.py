"""Move a test edition through its stages in order, as organizers would, so tests of
later stages start where the stage model (judging.stages.core) allows them.

Plain functions taking the app; each commits.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contest.extensions import db
from contest.models import Edition


def close_entries(app, edition_id: int) -> None:
    """The writers' and units' deadlines passed yesterday (entries stay as they are)."""
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        now = datetime.now(UTC)
        edition.submission_opens_at = now - timedelta(days=40)
        edition.submission_closes_at = now - timedelta(days=1)
        edition.grace_minutes = 0
        if edition.unit_deadline_at is not None:
            edition.unit_deadline_at = now - timedelta(days=1)
        db.session.commit()


def judging_done(app, edition_id: int) -> None:
    """Entries closed, and every round read and closed (advancement committed for
    every round but the last): the award list may be submitted."""
    close_entries(app, edition_id)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        now = datetime.now(UTC)
        rounds = list(edition.rounds)
        for position, round_ in enumerate(rounds):
            round_.opened_at = round_.opened_at or now - timedelta(days=20 - position)
            round_.closed_at = round_.closed_at or now - timedelta(days=10 - position)
            if position < len(rounds) - 1:
                round_.advanced_at = round_.advanced_at or round_.closed_at
        db.session.commit()
