"""The one way the app sends email: an outbox row written with the change that caused it.

`send_email(...)` renders the message in the recipient's language and adds an
OutboxMessage to the current transaction; nothing is sent during the request. Once the
transaction commits, a worker (`deliver_due`) sends it, retrying with exponential
backoff; organizers see each message's state and can resend. With the "memory" backend
(tests) messages are delivered right after commit, so tests can read them at once.
"""

from __future__ import annotations

import logging
import smtplib
import sys
import time
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import Flask, current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select, update

from contest.extensions import db
from contest.jobs.aftercommit import after_commit
from contest.models.outbox import OutboxMessage, OutboxStatus
from contest.models.types import utcnow

log = logging.getLogger("contest.mail")
OUTBOX = OutboxMessage.__table__
BATCH = 50


class PermanentFailure(Exception):
    """The mail server refused the message for good: retrying cannot help."""


def render_email(template: str, *, locale: str, **context) -> tuple[str, str]:
    """Render templates/emails/<template>.txt; its first line is 'Subject: …'."""
    with force_locale(locale):
        rendered = render_template(f"emails/{template}.txt", **context)
    first_line, _, body = rendered.lstrip().partition("\n")
    subject = first_line.removeprefix("Subject:").strip()
    return subject, body.strip() + "\n"


def send_email(
    to: str, template: str, *, locale: str = "vi", **context
) -> OutboxMessage:
    """Queue one email in the current transaction; it is sent after commit."""
    subject, body = render_email(template, locale=locale, **context)
    message = OutboxMessage(
        to_address=to,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        subject=subject,
        body=body,
        template=template,
        locale=locale,
        message_id=make_msgid(domain="contest.local"),
        status=OutboxStatus.PENDING,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    _deliver_after_commit(message.id)
    return message


def resend(message: OutboxMessage) -> OutboxMessage:
    """Send a message again: a failed one is retried, a sent one is copied and re-sent."""
    if message.status == OutboxStatus.SENT:
        message = OutboxMessage(
            to_address=message.to_address,
            sender=message.sender,
            subject=message.subject,
            body=message.body,
            template=message.template,
            locale=message.locale,
            message_id=make_msgid(domain="contest.local"),
        )
        db.session.add(message)
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.last_error = None
    message.next_attempt_at = utcnow()
    db.session.flush()
    _deliver_after_commit(message.id)
    return message


def _deliver_after_commit(message_id: int) -> None:
    """Once committed: send now ("inline", tests) or wake the sender (workers)."""
    app = current_app._get_current_object()
    if app.config["OUTBOX_DELIVERY"] == "inline":
        after_commit(lambda: deliver_due(app, ids=[message_id]))
    else:
        from contest.jobs.service import get_backend

        after_commit(lambda: get_backend(app).kick_outbox(), key="outbox")


def backoff_seconds(attempts: int, base: float) -> float:
    """Wait before the next try after `attempts` failures: base, 2×base, 4×base… ≤ 6 h."""
    return min(base * 2 ** max(attempts - 1, 0), 6 * 3600)


def deliver_due(app: Flask, ids: list[int] | None = None) -> int:
    """Send up to one batch of due pending emails; how many were attempted.

    Safe with several senders at once: each message is claimed by moving its
    next_attempt_at forward (a lease) in an atomic conditional update.
    """
    with app.app_context():
        engine = db.engine
        now = utcnow()
        query = (
            select(OUTBOX.c.id)
            .where(OUTBOX.c.status == OutboxStatus.PENDING)
            .where(OUTBOX.c.next_attempt_at <= now)
            .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
            .limit(BATCH)
        )
        if ids is not None:
            query = query.where(OUTBOX.c.id.in_(ids))
        with engine.connect() as conn:
            due = list(conn.scalars(query))
        if not due:
            return 0
        lease = app.config["OUTBOX_LEASE_SECONDS"]
        rows = _claim(engine, due, now, lease)
        started = time.monotonic()
        for done, row in enumerate(rows):
            if time.monotonic() - started > lease / 2:
                # A slow mail server: hand the rest back before their lease ends
                # (another sender would send them a second time).
                _release(engine, [later.id for later in rows[done:]])
                return done
            _attempt(app, engine, row)
        return len(rows)


def _claim(engine, message_ids: list[int], now, lease: float) -> list:
    """Take the messages for `lease` seconds, in one statement; the rows taken, in
    the order asked (those another sender has taken meanwhile are left out)."""
    with engine.begin() as conn:
        claimed = conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_(message_ids))
            .where(OUTBOX.c.status == OutboxStatus.PENDING)
            .where(OUTBOX.c.next_attempt_at <= now)
            .values(
                next_attempt_at=now + timedelta(seconds=lease),
                attempts=OUTBOX.c.attempts + 1,
            )
            .returning(*OUTBOX.c)
        ).all()
    order = {message_id: i for i, message_id in enumerate(message_ids)}
    return sorted(claimed, key=lambda row: order[row.id])


def _release(engine, message_ids: list[int]) -> None:
    """Give claimed, unattempted messages back: due now, the claim's try undone."""
    with engine.begin() as conn:
        conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_(message_ids))
            .where(OUTBOX.c.status == OutboxStatus.PENDING)
            .values(next_attempt_at=utcnow(), attempts=OUTBOX.c.attempts - 1)
        )


def _attempt(app: Flask, engine, row) -> None:
    """Hand one claimed message to the transport and record the outcome."""
    values: dict
    try:
        transport(app, build_message(row))
        values = {"status": OutboxStatus.SENT, "sent_at": utcnow(), "last_error": None}
    except Exception as error:
        permanent = isinstance(error, PermanentFailure)
        gave_up = permanent or row.attempts >= app.config["OUTBOX_MAX_ATTEMPTS"]
        wait = backoff_seconds(row.attempts, app.config["OUTBOX_BACKOFF_SECONDS"])
        values = {
            "status": OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
            "last_error": f"{type(error).__name__}: {error}"[:500],
            "next_attempt_at": utcnow() + timedelta(seconds=wait),
        }
        log.warning(
            "email %s to %s failed (try %d): %s",
            row.id,
            row.to_address,
            row.attempts,
            error,
        )
    with engine.begin() as conn:
        conn.execute(update(OUTBOX).where(OUTBOX.c.id == row.id).values(**values))


def build_message(row) -> EmailMessage:
    """The EmailMessage of an outbox row (same Message-ID on every try)."""
    message = EmailMessage()
    message["From"] = row.sender
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = row.message_id
    message.set_content(row.body)
    return message


def transport(app: Flask, message: EmailMessage) -> None:
    """Hand the message to the backend named by MAIL_BACKEND."""
    config = app.config
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        app.extensions.setdefault("mail_outbox", []).append(message)
    elif backend == "console":
        print(console_text(message), file=sys.stderr)
        log.info("email to %s: %s", message["To"], message["Subject"])
    else:
        _smtp_send(config, message)


def console_text(message: EmailMessage) -> str:
    """The email as a developer reads it in the terminal: headers, then the body
    decoded (the wire form is base64 as soon as the text has Vietnamese letters)."""
    headers = "\n".join(
        f"{name}: {message[name]}" for name in ("From", "To", "Subject", "Message-ID")
    )
    body = message.get_content() if not message.is_multipart() else ""
    return f"\n----- email -----\n{headers}\n\n{body}\n----- end email -----"


def _smtp_send(config, message: EmailMessage) -> None:
    """Send through the SMTP server of the settings; refusals of the address are final."""
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        try:
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentFailure(f"address refused: {error.recipients}") from error


def outbox_counts() -> dict[str, int]:
    """How many messages are pending, sent and failed."""
    from sqlalchemy import func

    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    counts = {status.value: 0 for status in OutboxStatus}
    counts.update({str(status): number for status, number in rows})
    return counts
