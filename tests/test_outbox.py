"""The email outbox: written with the change, sent after commit, retried, resent."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

import pytest
from sqlalchemy import select, update

from contest.extensions import db
from contest.mail import backoff_seconds, deliver_due, send_email
from contest.models import OutboxMessage, OutboxStatus, Role, utcnow
from tests.conftest import page_text, post_form


@pytest.fixture
def smtp(app, monkeypatch):
    """A fake SMTP server: records messages, or fails while `failures` is positive."""

    class FakeSMTP:
        sent: ClassVar[list] = []
        failures = 0
        error: Exception = ConnectionRefusedError("connection refused")

        @classmethod
        def send(cls, _config, message) -> None:
            if cls.failures:
                cls.failures -= 1
                raise cls.error
            cls.sent.append(message)

    FakeSMTP.sent = []
    app.config.update(MAIL_BACKEND="smtp", OUTBOX_DELIVERY="worker")
    monkeypatch.setattr("contest.mail._smtp_send", FakeSMTP.send)
    return FakeSMTP


def queue_email(app, to: str = "an@example.vn") -> int:
    """Queue one email the way a service does, and commit."""
    with app.app_context():
        message = send_email(
            to,
            "account_exists",
            locale="vi",
            user=None,
            login_url="http://localhost/auth/login",
            reset_url="http://localhost/auth/forgot",
        )
        db.session.commit()
        return message.id


def outbox_row(app, message_id: int) -> OutboxMessage:
    """The current state of one outbox row."""
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        db.session.expunge(row)
        return row


def make_due(app, message_id: int) -> None:
    """Pretend the backoff wait is over."""
    with app.app_context():
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()


def test_a_rolled_back_change_sends_no_email(app, outbox):
    """If the change that caused an email is undone, the email is never sent."""
    with app.app_context():
        send_email("an@example.vn", "account_exists", locale="vi", user=None,
                   login_url="x", reset_url="y")  # fmt: skip
        db.session.rollback()
        assert db.session.scalars(select(OutboxMessage)).all() == []
    assert outbox == []


def test_memory_backend_delivers_right_after_commit(app, outbox):
    """In tests (memory backend) the email is readable as soon as the change commits."""
    message_id = queue_email(app)
    assert [m["To"] for m in outbox] == ["an@example.vn"]
    assert outbox[0]["Subject"] == "Bạn đã có tài khoản"
    assert outbox_row(app, message_id).status == OutboxStatus.SENT


def test_requests_never_talk_to_the_mail_server(app, client, smtp, make_user):
    """Asking for a reset link only writes the outbox; the worker sends it later."""
    person = make_user(Role.WRITER)
    response = post_form(client, "/auth/forgot", {"email": person.email})
    assert response.status_code == 200
    assert smtp.sent == []
    with app.app_context():
        pending = db.session.scalars(select(OutboxMessage)).all()
        assert [m.status for m in pending] == [OutboxStatus.PENDING]
    assert deliver_due(app) == 1
    assert [m["To"] for m in smtp.sent] == [person.email]


def test_failed_sends_are_retried_with_growing_waits_then_given_up(app, smtp):
    """A mail server outage: retried later and later; after the last try, "failed"."""
    app.config.update(OUTBOX_MAX_ATTEMPTS=3, OUTBOX_BACKOFF_SECONDS=60)
    smtp.failures = 10
    message_id = queue_email(app)
    waits = []
    for attempt in (1, 2, 3):
        before = utcnow()
        assert deliver_due(app) == 1
        row = outbox_row(app, message_id)
        assert row.attempts == attempt and "refused" in row.last_error
        waits.append((row.next_attempt_at - before).total_seconds())
        assert deliver_due(app) == 0  # not due yet: nothing is hammered
        make_due(app, message_id)
    assert row.status == OutboxStatus.FAILED
    assert waits[0] >= 60 and waits[1] >= 120  # backoff doubles
    assert smtp.sent == []


def test_a_message_is_sent_once_the_server_is_back(app, smtp):
    """One failure, then success: the email ends "sent", with the same Message-ID."""
    smtp.failures = 1
    message_id = queue_email(app)
    deliver_due(app)
    make_due(app, message_id)
    deliver_due(app)
    row = outbox_row(app, message_id)
    assert row.status == OutboxStatus.SENT and row.sent_at is not None
    assert smtp.sent[0]["Message-ID"] == row.message_id


def test_a_refused_address_fails_at_once(app, smtp):
    """A mailbox the server refuses is not retried for hours."""
    import smtplib

    from contest.mail import PermanentFailure

    smtp.failures = 1
    smtp.error = PermanentFailure(smtplib.SMTPRecipientsRefused({"x": (550, b"no")}))
    message_id = queue_email(app)
    deliver_due(app)
    assert outbox_row(app, message_id).status == OutboxStatus.FAILED


def test_two_senders_never_send_the_same_message(app, smtp):
    """Two workers sweeping at the same moment: each email goes out once."""
    queue_email(app, "a@example.vn")
    queue_email(app, "b@example.vn")
    assert deliver_due(app) + deliver_due(app) == 2
    assert sorted(m["To"] for m in smtp.sent) == ["a@example.vn", "b@example.vn"]


@pytest.mark.parametrize(
    ("attempts", "wait"), [(1, 60), (2, 120), (3, 240), (5, 960), (30, 6 * 3600)]
)
def test_backoff_doubles_and_is_capped(attempts, wait):
    """Waits double after each failure and never exceed six hours."""
    assert backoff_seconds(attempts, 60) == wait


def test_organizer_sees_states_and_resends_a_failed_email(app, client, login_as, smtp):
    """The outbox page lists each email's state; "Send again" delivers a failed one."""
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    smtp.failures = 1
    message_id = queue_email(app, "hong@example.vn")
    deliver_due(app)
    login_as(Role.ORGANIZER)
    page = page_text(client.get("/organizer/outbox?status=failed"))
    assert "hong@example.vn" in page and "refused" in page
    response = post_form(client, f"/organizer/outbox/{message_id}/resend")
    assert response.status_code == 302
    assert outbox_row(app, message_id).status == OutboxStatus.PENDING
    deliver_due(app)
    assert outbox_row(app, message_id).status == OutboxStatus.SENT
    assert [m["To"] for m in smtp.sent] == ["hong@example.vn"]


def test_resending_a_sent_email_sends_a_new_copy(app, client, login_as, outbox):
    """A sent email stays in the history; resending it sends a fresh copy."""
    message_id = queue_email(app, "lan@example.vn")
    login_as(Role.ORGANIZER)
    post_form(client, f"/organizer/outbox/{message_id}/resend")
    assert [m["To"] for m in outbox] == ["lan@example.vn", "lan@example.vn"]
    assert outbox[0]["Message-ID"] != outbox[1]["Message-ID"]
    with app.app_context():
        states = db.session.scalars(select(OutboxMessage.status)).all()
    assert states == [OutboxStatus.SENT, OutboxStatus.SENT]


def test_cli_sends_due_emails_and_lists_them(app, runner, smtp):
    """`flask outbox send` delivers what is due; `flask outbox list` shows it."""
    queue_email(app, "minh@example.vn")
    assert "1 email(s) attempted" in runner.invoke(args=["outbox", "send"]).output
    listing = runner.invoke(args=["outbox", "list"]).output
    assert "minh@example.vn" in listing and "sent" in listing


def test_console_backend_prints_the_email_readable(app, capsys):
    """In development the terminal shows the Vietnamese body and the link as text,
    not the base64 the wire form uses."""
    app.config.update(MAIL_BACKEND="console")
    queue_email(app, "dev@example.vn")
    printed = capsys.readouterr().err
    assert "To: dev@example.vn" in printed
    assert "Subject: Bạn đã có tài khoản" in printed
    assert "http://localhost/auth/login" in printed
    assert "base64" not in printed


def test_a_batch_is_claimed_at_once_and_each_email_sent_once(app, smtp):
    """Ten due emails: one sweep takes them all in one claim, sends each once in the
    order they were queued, and a second sweep finds nothing left to send."""
    from sqlalchemy import event

    ids = [queue_email(app, f"w{i}@example.vn") for i in range(10)]
    claims = []

    def count(_conn, _cursor, statement, *_args):
        if "outbox_message.attempts +" in statement:  # a claim counts a try
            claims.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert deliver_due(app) == 10
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(claims) == 1
    assert [m["To"] for m in smtp.sent] == [f"w{i}@example.vn" for i in range(10)]
    assert all(outbox_row(app, i).status == OutboxStatus.SENT for i in ids)
    assert all(outbox_row(app, i).attempts == 1 for i in ids)
    assert deliver_due(app) == 0


def test_a_slow_mail_server_hands_the_rest_of_a_batch_back(app, smtp, monkeypatch):
    """When sending takes longer than half the lease, the emails not yet tried are
    given back (due at once, no try counted) instead of being sent twice later."""
    import contest.mail

    ids = [queue_email(app, f"s{i}@example.vn") for i in range(3)]
    # The sweep starts at 0 and sends the first email; the next look at the clock
    # is past half the lease (300 s), then time stands still.
    readings = [0.0, 0.0, 1000.0]

    class Clock:
        @staticmethod
        def monotonic() -> float:
            return readings.pop(0) if readings else 0.0

    monkeypatch.setattr(contest.mail, "time", Clock)
    assert deliver_due(app) == 1
    assert [m["To"] for m in smtp.sent] == ["s0@example.vn"]
    for message_id in ids[1:]:
        row = outbox_row(app, message_id)
        assert row.status == OutboxStatus.PENDING and row.attempts == 0
    assert deliver_due(app) == 2
    assert sorted(m["To"] for m in smtp.sent) == [f"s{i}@example.vn" for i in range(3)]
