"""`flask demo` builds a realistic demo contest once, and prints the logins."""

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import (
    Cluster,
    Edition,
    EditionStatus,
    Entry,
    EntryStatus,
    Role,
    Unit,
    User,
)
from tests.conftest import login, page_text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_is_complete_and_idempotent(app, runner):
    """Units in 3 clusters, staff, ~60 entries and last year's archive; twice = once."""
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "bantochuc@demo.vn" in first.output and "hoa-sen-demo-2026" in first.output
    second = runner.invoke(args=["demo"])
    assert "already present" in second.output
    with app.app_context():
        assert count(Cluster) == 3 and 18 <= count(Unit) <= 25
        users = db.session.scalars(select(User)).all()
        by_role = {role: sum(u.has_role(role) for u in users) for role in Role}
        assert by_role[Role.JUDGE] == 6 and by_role[Role.UNIT] == 2
        assert by_role[Role.WRITER] >= 10 and by_role[Role.ORGANIZER] >= 1
        current, archive = db.session.scalars(
            select(Edition).order_by(Edition.year.desc())
        ).all()
        assert current.status == EditionStatus.PUBLISHED and len(current.staff) == 6
        assert (
            archive.status == EditionStatus.CLOSED and archive.year == current.year - 1
        )
        entries = db.session.scalars(
            select(Entry).where(Entry.edition_id == current.id)
        ).all()
        assert 50 <= len(entries) <= 70
        assert all(
            e.number and e.status == EntryStatus.SUBMITTED and e.versions
            for e in entries
        )
        assert (
            len({e.field_id for e in entries}) >= 8
            and len({e.track_id for e in entries}) == 2
        )
        assert (
            len({e.submitted_at.date() for e in entries}) >= 20
        )  # spread over the month
        archived = (
            select(func.count())
            .select_from(Entry)
            .where(Entry.edition_id == archive.id)
        )
        assert db.session.scalar(archived) == 8


def test_demo_if_empty_leaves_a_real_contest_alone(app, runner, make_edition):
    """`--if-empty` (used by make run) does nothing when a contest exists."""
    make_edition(title="Cuộc thi thật")
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "not loaded" in result.output
    with app.app_context():
        assert count(Edition) == 1
        assert count(Entry) == 0


def test_demo_logins_work(app, client, runner):
    """The printed demo organizer can log in and open the organizers' area."""
    runner.invoke(args=["demo"])
    assert login(client, "bantochuc@demo.vn", "hoa-sen-demo-2026").status_code == 302
    assert "Khu vực Ban Tổ chức" in page_text(client.get("/organizer/"))
