"""`flask demo` builds a realistic demo contest once, and prints the logins."""

from sqlalchemy import func, select

from contest.extensions import db
from contest.models import Cluster, Edition, EditionStatus, Role, Unit, User
from tests.conftest import login, page_text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_is_complete_and_idempotent(app, runner):
    """Units in 3 clusters, an organizer, 6 judges, 2 unit focal points, 10 writers; twice = once."""
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "bantochuc@demo.vn" in first.output and "hoa-sen-demo-2026" in first.output
    second = runner.invoke(args=["demo"])
    assert "already present" in second.output
    with app.app_context():
        assert count(Edition) == 1 and count(Cluster) == 3 and 18 <= count(Unit) <= 25
        users = db.session.scalars(select(User)).all()
        by_role = {role: sum(u.has_role(role) for u in users) for role in Role}
        assert (
            by_role[Role.JUDGE] == 6
            and by_role[Role.UNIT] == 2
            and by_role[Role.WRITER] == 10
        )
        assert by_role[Role.ORGANIZER] >= 1
        edition = db.session.scalar(select(Edition))
        assert edition.status == EditionStatus.PUBLISHED and len(edition.staff) == 6


def test_demo_if_empty_leaves_a_real_contest_alone(app, runner, make_edition):
    """`--if-empty` (used by make run) does nothing when a contest exists."""
    make_edition(title="Cuộc thi thật")
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "not loaded" in result.output
    with app.app_context():
        assert count(Edition) == 1


def test_demo_logins_work(app, client, runner):
    """The printed demo organizer can log in and open the organizers' area."""
    runner.invoke(args=["demo"])
    assert login(client, "bantochuc@demo.vn", "hoa-sen-demo-2026").status_code == 302
    assert "Khu vực Ban Tổ chức" in page_text(client.get("/organizer/"))
