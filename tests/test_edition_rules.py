"""Edition rules in the domain model: who may enter, when submissions are open."""

from datetime import UTC, datetime, timedelta

import pytest

from contest.extensions import db
from contest.models import Edition, EditionStatus, Role, User
from contest.services.editions import set_judge


@pytest.fixture
def edition(app, make_edition):
    edition_id = make_edition()
    with app.app_context():
        yield db.session.get(Edition, edition_id)


@pytest.mark.parametrize(
    ("roles", "judge_of_edition", "may_enter"),
    [
        ({Role.WRITER}, False, True),
        ({Role.WRITER, Role.UNIT}, False, True),
        ({Role.WRITER, Role.JUDGE}, False, True),  # a judge of other editions only
        ({Role.WRITER, Role.JUDGE}, True, False),
        ({Role.ORGANIZER}, False, False),
        ({Role.ADMIN}, False, False),
    ],
)
def test_judges_and_organizers_may_not_enter(
    app, edition_id, make_user, roles, judge_of_edition, may_enter
):
    """The rules bar an edition's judges and the organizers from entering it."""
    person = make_user(*roles)
    with app.app_context():
        edition, user = (
            db.session.get(Edition, edition_id),
            db.session.get(User, person.id),
        )
        if judge_of_edition:
            set_judge(None, edition, user, True)
            db.session.flush()
        assert edition.may_enter(user) is may_enter


def test_open_window_uses_the_grace_period(edition):
    """Submissions stay open for the grace minutes after the deadline, not longer."""
    closes = datetime(2026, 6, 30, 16, 59, tzinfo=UTC)
    edition.submission_opens_at = closes - timedelta(days=90)
    edition.submission_closes_at = closes
    edition.grace_minutes = 15
    assert edition.is_open(closes + timedelta(minutes=14))
    assert not edition.is_open(closes + timedelta(minutes=16))
    assert not edition.is_open(edition.submission_opens_at - timedelta(seconds=1))
    edition.status = EditionStatus.DRAFT
    assert not edition.is_open(closes - timedelta(days=1))
