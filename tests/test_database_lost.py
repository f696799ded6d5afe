"""The database going away in the middle of a logged-in user's request.

Seen in benchmarks/stack_load.py (PostgreSQL restarted under load): the request log
read ``current_user.is_authenticated`` after the 503 handler's rollback had expired
the user, which queried the dead database from ``after_request`` and turned the
"try again" page into a bare 500. The user must see the 503 page.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_login import current_user, login_user
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from contest.app import create_app
from contest.extensions import db
from contest.models import Role, User
from tests.conftest import app_test_config, page_text


def test_database_lost_mid_request_still_shows_the_503_page(tmp_path):
    """A signed-in user whose request loses the database gets 503, not a bare 500."""
    app = create_app(app_test_config(tmp_path, f"sqlite:///{tmp_path / 'lost.db'}"))
    down = {"now": False}
    with app.app_context():
        db.create_all()
        user = User(
            email="an@example.vn",
            full_name="Nguyễn Văn An",
            email_confirmed_at=datetime.now(UTC),
        )
        user.set_password("Mat-khau-dai-2026")
        user.set_roles({Role.WRITER})
        db.session.add(user)
        db.session.commit()
        user_id = user.id

        @event.listens_for(db.engine, "before_cursor_execute")
        def _server_gone(*_args) -> None:
            if down["now"]:
                raise OperationalError(
                    "SELECT", {}, Exception("server closed the connection")
                )

    @app.route("/losing-the-database")
    def losing_the_database():
        login_user(db.session.get(User, user_id))
        assert current_user.is_authenticated
        down["now"] = True  # from here on, every query fails
        db.session.execute(text("SELECT 1"))
        return "unreachable"

    response = app.test_client().get(
        "/losing-the-database", headers={"X-Request-ID": "lost-1"}
    )
    assert response.status_code == 503
    assert "Hệ thống tạm thời gián đoạn" in page_text(response)
    assert "lost-1" in page_text(response)


def test_connection_lost_after_the_answer_keeps_the_answer(tmp_path):
    """The view answered; closing the session then fails: the user still gets the page."""
    app = create_app(app_test_config(tmp_path, f"sqlite:///{tmp_path / 'late.db'}"))
    down = {"now": False}
    with app.app_context():
        db.create_all()

        @event.listens_for(db.engine, "rollback")
        def _server_gone(*_args) -> None:
            if down["now"]:
                raise OperationalError(
                    "ROLLBACK", {}, Exception("terminating connection")
                )

    @app.route("/answered-then-lost")
    def answered_then_lost():
        db.session.execute(text("SELECT 1"))  # the request holds a connection
        down["now"] = True  # the server goes away before the session is closed
        return "saved"

    response = app.test_client().get("/answered-then-lost")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "saved"
