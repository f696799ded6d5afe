"""The one way the app sends email: templates rendered in the recipient's language."""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale


def render_email(template: str, *, locale: str, **context) -> tuple[str, str]:
    """Render templates/emails/<template>.txt; its first line is 'Subject: …'."""
    with force_locale(locale):
        rendered = render_template(f"emails/{template}.txt", **context)
    first_line, _, body = rendered.lstrip().partition("\n")
    subject = first_line.removeprefix("Subject:").strip()
    return subject, body.strip() + "\n"


def send_email(
    to: str, template: str, *, locale: str = "vi", **context
) -> EmailMessage:
    """Render and deliver one email through the configured backend."""
    subject, body = render_email(template, locale=locale, **context)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="contest.local")
    message.set_content(body)
    _deliver(message)
    return message


def _deliver(message: EmailMessage) -> None:
    """Hand the message to the backend named by MAIL_BACKEND."""
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions.setdefault("mail_outbox", []).append(message)
    elif backend == "console":
        print(f"\n----- email -----\n{message}\n----- end email -----", file=sys.stderr)
        current_app.logger.info("email to %s: %s", message["To"], message["Subject"])
    else:
        with smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30
        ) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
