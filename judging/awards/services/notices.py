"""Winner notifications: templates per edition, recipients, send and the send log.

Reads only a PUBLISHED award list (``judging.awards.services.published``). Sending queues one
email per author of an awarded entry (audience "winner") or per focal point of a
unit whose entries won (audience "unit") through ``contest.mail.send_email``, in the
caller's transaction, and records each in ``AwardNoticeDelivery``. A second send of
the same audience is refused unless the caller confirms it (``again``). Services
flush; views commit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from contest.extensions import db
from contest.locking import locked
from contest.mail import send_email
from contest.models import Edition, Role, Unit, User, UserRole
from contest.services.audit import audit
from judging.awards.core import Tier
from judging.awards.core.notice import (
    DEFAULTS,
    PLACEHOLDERS,
    Audience,
    prize_line,
    prize_name,
    problems,
    render,
)
from judging.awards.models.notices import AwardNoticeDelivery, AwardNoticeTemplate
from judging.awards.services.published import (
    placements,
    published_award_list,
    tier_rank,
)

EMAIL_TEMPLATE = "award_notice"  # templates/emails/award_notice.txt


class NoticeRefused(Exception):
    """Why nothing was sent: "not_published", "already_sent", "no_recipients",
    "invalid" (a template has a placeholder problem)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Recipient:
    """One person a notice goes to, and the values of its placeholders."""

    audience: Audience
    name: str
    email: str  # "" when nobody knows it: listed, never sent
    entry_id: int | None = None
    unit_id: int | None = None
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SentState:
    """How often an audience's notice was sent, to how many, and when last."""

    batches: int
    recipients: int
    last_at: datetime | None


def edition_name(edition: Edition) -> str:
    """What {cuoc_thi} stands for: the edition's title and year."""
    return f"{edition.title} {edition.year}".strip()


def template_of(edition: Edition, audience: Audience) -> tuple[str, str]:
    """The stored (subject, body) of the audience's notice, or the default one."""
    row = _stored(edition, audience)
    return (row.subject, row.body) if row else DEFAULTS[audience]


def _stored(edition: Edition, audience: Audience) -> AwardNoticeTemplate | None:
    return db.session.scalar(
        select(AwardNoticeTemplate).where(
            AwardNoticeTemplate.edition_id == edition.id,
            AwardNoticeTemplate.audience == audience,
        )
    )


def save_template(
    actor: User, edition: Edition, audience: Audience, subject: str, body: str
) -> AwardNoticeTemplate:
    """Store the audience's template (validated by the form); logged in the audit."""
    row = _stored(edition, audience)
    if row is None:
        row = AwardNoticeTemplate(edition_id=edition.id, audience=audience)
        db.session.add(row)
    row.subject, row.body, row.updated_by_id = subject, body, actor.id
    audit(actor, "awards.notice_template", edition, audience=str(audience))
    db.session.flush()
    return row


def recipients(edition: Edition, audience: Audience) -> list[Recipient]:
    """Everyone the audience's notice goes to, in the order of the results."""
    award_list = published_award_list(edition.id)
    if award_list is None:
        return []
    rows = sorted(
        placements(award_list),
        key=lambda p: (p.track.position, p.track_id, tier_rank(p.tier), p.position),
    )
    rows = [p for p in rows if p.tier in set(Tier)]
    if audience == Audience.WINNER:
        return _winners(edition, rows)
    return _units(edition, rows)


def _winners(edition: Edition, rows) -> list[Recipient]:
    """One recipient per author (by e-mail) of each awarded entry."""
    found = []
    owners = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_({p.entry.owner_id for p in rows}))
        )
    }
    for placement in rows:
        entry, seen = placement.entry, set()
        for author in entry.authors:
            owner = owners.get(author.user_id) if author.user_id else None
            email = (author.email or (owner.email if owner else "")).strip()
            if email and email.lower() in seen:
                continue
            seen.add(email.lower())
            values = {
                "ten_tac_gia": author.full_name,
                "ten_bai": entry.title,
                "giai": prize_name(placement.tier),
                "bang": placement.track.name,
                "cuoc_thi": edition_name(edition),
            }
            found.append(
                Recipient(
                    Audience.WINNER, author.full_name, email, entry.id, None, values
                )
            )
    return found


def _units(edition: Edition, rows) -> list[Recipient]:
    """One recipient per active focal point of each unit whose entries won."""
    lines: dict[int, list[str]] = defaultdict(list)
    for placement in rows:
        entry = placement.entry
        if entry.unit_id is not None:
            lines[entry.unit_id].append(
                prize_line(
                    placement.tier,
                    placement.track.name,
                    entry.title,
                    [a.full_name for a in entry.authors],
                )
            )
    units = db.session.scalars(select(Unit).where(Unit.id.in_(lines))).all()
    people = db.session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            User.unit_id.in_(lines),
            UserRole.role == Role.UNIT,
            User.is_active_account.is_(True),
        )
        .order_by(User.id)
        .options(selectinload(User.role_rows))
    ).all()
    found = []
    for unit in sorted(units, key=lambda u: list(lines).index(u.id)):
        values = {
            "ten_don_vi": unit.name,
            "so_giai": str(len(lines[unit.id])),
            "danh_sach_giai": "\n".join(lines[unit.id]),
            "cuoc_thi": edition_name(edition),
        }
        for person in (p for p in people if p.unit_id == unit.id):
            found.append(
                Recipient(
                    Audience.UNIT, person.full_name, person.email, None, unit.id, values
                )
            )
    return found


def rendered(subject: str, body: str, recipient: Recipient) -> tuple[str, str]:
    """The subject (one line) and body a recipient receives."""
    return (
        " ".join(render(subject, recipient.values).split()),
        render(body, recipient.values),
    )


def sent_state(edition: Edition, audience: Audience) -> SentState:
    """How often and to how many the audience's notice was sent (0 batches: never)."""
    batches, count, last_at = db.session.execute(
        select(
            func.max(AwardNoticeDelivery.batch),
            func.count(AwardNoticeDelivery.id),
            func.max(AwardNoticeDelivery.created_at),
        ).where(
            AwardNoticeDelivery.edition_id == edition.id,
            AwardNoticeDelivery.audience == audience,
        )
    ).one()
    return SentState(batches or 0, count, last_at)


def send_notices(
    actor: User, edition: Edition, audience: Audience, *, again: bool = False
) -> list[AwardNoticeDelivery]:
    """Queue the audience's notice for each recipient with an e-mail address.

    Refused (``NoticeRefused``) before publication, when the stored template has a
    placeholder problem, when nobody can receive it, and when it was already sent
    unless ``again``. One send at a time per edition (row lock).
    """
    locked(edition)
    if published_award_list(edition.id) is None:
        raise NoticeRefused("not_published")
    subject, body = template_of(edition, audience)
    if problems(subject, PLACEHOLDERS[audience]) or problems(
        body, PLACEHOLDERS[audience]
    ):
        raise NoticeRefused("invalid")
    state = sent_state(edition, audience)
    if state.batches and not again:
        raise NoticeRefused("already_sent")
    targets = [r for r in recipients(edition, audience) if r.email]
    if not targets:
        raise NoticeRefused("no_recipients")
    deliveries = []
    for recipient in targets:
        mail_subject, mail_body = rendered(subject, body, recipient)
        message = send_email(
            recipient.email,
            EMAIL_TEMPLATE,
            locale="vi",
            subject=mail_subject,
            body=mail_body,
        )
        delivery = AwardNoticeDelivery(
            edition_id=edition.id,
            audience=audience,
            batch=state.batches + 1,
            entry_id=recipient.entry_id,
            unit_id=recipient.unit_id,
            recipient_name=recipient.name,
            to_address=recipient.email,
            outbox_id=message.id,
            actor_id=actor.id,
        )
        db.session.add(delivery)
        deliveries.append(delivery)
    audit(
        actor,
        "awards.notify",
        edition,
        audience=str(audience),
        batch=state.batches + 1,
        recipients=len(deliveries),
    )
    db.session.flush()
    return deliveries


def delivery_log(edition: Edition) -> list[AwardNoticeDelivery]:
    """Every notice queued for the edition, newest first, with its outbox message."""
    return list(
        db.session.scalars(
            select(AwardNoticeDelivery)
            .where(AwardNoticeDelivery.edition_id == edition.id)
            .order_by(AwardNoticeDelivery.id.desc())
            .options(selectinload(AwardNoticeDelivery.outbox))
        )
    )
