"""Issue the documents made from the edition's set-up and people: the launch plan with
its rules, the decisions forming the organizing committee and the jury, and the
reminder letter to units that have not taken part yet. Verbs flush; views commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from contest.exports.official.docx_writer import render_docx
from contest.exports.official.layout import OfficialDocument
from contest.exports.official.pdf_writer import render_pdf
from contest.extensions import db
from contest.models import (
    DocumentKind,
    Edition,
    EditionStaff,
    Entry,
    EntryStatus,
    IssuedDocument,
    PrizeAmount,
    StaffRole,
    Unit,
    User,
)
from contest.textnorm import name_sort_key, vi_sort_key
from judging.awards.services.lists import award_list_of
from judging.official.core.final_report import REPORT_KIND, final_report
from judging.official.core.reminder import Lagging, reminder_letter
from judging.official.core.setup_documents import (
    Member,
    PlanFacts,
    TrackFacts,
    committee_decision,
    plan_document,
)
from judging.official.services.store import (
    DocumentError,
    DocumentRefused,
    issuer_of,
    keep,
    latest,
    local_today,
    next_seq,
    settings_of,
)
from judging.statistics.services import statistics_report

DATE_LABELS = (
    ("submission_opens_at", "Bắt đầu nhận tác phẩm"),
    ("submission_closes_at", "Hạn cuối nhận tác phẩm"),
    ("unit_deadline_at", "Hạn các đơn vị gửi tác phẩm về Ban Tổ chức"),
    ("results_at", "Công bố kết quả"),
    ("ceremony_at", "Lễ tổng kết, trao giải"),
)


def _local(edition: Edition, moment: datetime | None):
    return moment.astimezone(edition.zone).date() if moment else None


def _issue(actor, edition, kind, symbol_kind: str, build) -> IssuedDocument:
    """Number, build (``build(issuer, number, day)``), render and keep one document."""
    issuer = issuer_of(settings_of(edition), award_list_of(edition))
    seq = next_seq(edition)
    number = (
        f"{seq:02d}/{issuer.symbol}"
        if not symbol_kind
        else issuer.number(seq, symbol_kind)
    )
    day = local_today(edition)
    doc: OfficialDocument = build(issuer, number, day)
    files = (render_docx(doc), render_pdf(doc), None)
    return keep(
        edition, actor, kind, (seq, seq), number, doc.summary or doc.title, day,
        issuer.signer.name, files,
    )  # fmt: skip


def plan_facts(edition: Edition) -> PlanFacts:
    """The set-up of the edition as plain values for the plan."""
    amounts = {
        (a.track_id, a.tier): a.amount
        for a in db.session.scalars(
            select(PrizeAmount).where(
                PrizeAmount.track_id.in_([t.id for t in edition.tracks])
            )
        )
    }
    tracks = tuple(
        TrackFacts(
            t.name,
            t.description,
            t.word_limit,
            tuple(
                (tier.name, tier.count, amounts.get((t.id, tier.code), 0))
                for tier in t.tiers
            ),
        )
        for t in edition.tracks
    )
    return PlanFacts(
        title=edition.title,
        year=edition.year,
        intro=edition.intro,
        rules_text=edition.rules_text,
        how_to_submit=edition.how_to_submit,
        prizes_text=edition.prizes_text,
        contact_text=edition.contact_text,
        tracks=tracks,
        fields=tuple(f.name for f in edition.fields),
        dates=tuple(
            (label, _local(edition, getattr(edition, name)))
            for name, label in DATE_LABELS
        ),
        unit_deadline=_local(edition, edition.unit_deadline_at),
    )


def issue_plan(actor: User, edition: Edition) -> IssuedDocument:
    """The launch plan (Kế hoạch) with the rules (Thể lệ) as its annex."""
    facts = plan_facts(edition)
    return _issue(
        actor, edition, DocumentKind.PLAN, "KH",
        lambda issuer, number, day: plan_document(facts, issuer=issuer, number=number, day=day),
    )  # fmt: skip


def members(
    edition: Edition, roles: dict[StaffRole, str], head: str = ""
) -> list[Member]:
    """The edition's people in these roles; ``head`` (a name) is listed first."""
    rows = db.session.execute(
        select(User, EditionStaff.role)
        .join(EditionStaff, EditionStaff.user_id == User.id)
        .where(
            EditionStaff.edition_id == edition.id, EditionStaff.role.in_(list(roles))
        )
    ).all()
    order = list(roles)
    people = sorted(
        rows,
        key=lambda r: (
            r[0].full_name != head,
            order.index(r[1]),
            name_sort_key(r[0].full_name),
        ),
    )
    seen: set[int] = set()
    out = []
    for user, role in people:
        if user.id in seen:
            continue
        seen.add(user.id)
        task = roles[role]
        if head and user.full_name == head and role == StaffRole.ORGANIZER:
            task = "Trưởng ban"
        out.append(Member(user.full_name, user.unit.name if user.unit else "", task))
    return out


def _issue_body(actor, edition, body: str, kind, roles, head="") -> IssuedDocument:
    people = members(edition, roles, head)
    if not people:
        raise DocumentRefused(DocumentError.NO_PEOPLE)
    return _issue(
        actor, edition, kind, "QĐ",
        lambda issuer, number, day: committee_decision(
            body, edition.title, edition.year, people, issuer=issuer, number=number, day=day
        ),
    )  # fmt: skip


def issue_committee(actor: User, edition: Edition) -> IssuedDocument:
    """The decision forming the organizing committee from the edition's organizers."""
    head = settings_of(edition).signer_name
    return _issue_body(
        actor, edition, "committee", DocumentKind.COMMITTEE_DECISION,
        {StaffRole.ORGANIZER: "Thành viên"}, head,
    )  # fmt: skip


def issue_jury(actor: User, edition: Edition) -> IssuedDocument:
    """The decision forming the jury: its chair, then the judges."""
    return _issue_body(
        actor, edition, "jury", DocumentKind.JURY_DECISION,
        {StaffRole.CHAIR: "Chủ tịch Hội đồng", StaffRole.JUDGE: "Ủy viên"},
    )  # fmt: skip


def lagging_units(
    edition: Edition, target: int = 1
) -> tuple[list[Lagging], tuple[int, int, int]]:
    """Active units with fewer than ``target`` counted entries; and the totals
    (entries, units taking part, active units)."""
    counted = (
        (Entry.edition_id == edition.id)
        & Entry.number.is_not(None)
        & (Entry.status != EntryStatus.WITHDRAWN)
    )
    per_unit = dict(
        db.session.execute(
            select(Entry.unit_id, func.count(Entry.id))
            .where(counted)
            .group_by(Entry.unit_id)
        ).all()
    )
    units = db.session.scalars(select(Unit).where(Unit.is_active.is_(True))).all()
    lagging = [
        Lagging(u.name, u.cluster.name if u.cluster else "", per_unit.get(u.id, 0))
        for u in units
        if per_unit.get(u.id, 0) < target
    ]
    lagging.sort(key=lambda u: (vi_sort_key(u.cluster), vi_sort_key(u.unit)))
    entries = db.session.scalar(select(func.count(Entry.id)).where(counted)) or 0
    taking_part = sum(1 for u in units if per_unit.get(u.id, 0) > 0)
    return lagging, (entries, taking_part, len(units))


def issue_reminder(actor: User, edition: Edition) -> IssuedDocument:
    """The letter urging the units that have sent no entry yet."""
    lagging, totals = lagging_units(edition)
    if not lagging:
        raise DocumentRefused(DocumentError.NO_LAGGING)
    plan = latest(edition, DocumentKind.PLAN)
    deadline = _local(edition, edition.unit_deadline_at or edition.submission_closes_at)
    return _issue(
        actor, edition, DocumentKind.REMINDER_LETTER, "",
        lambda issuer, number, day: reminder_letter(
            edition.title, edition.year, lagging, issuer=issuer, number=number, day=day,
            totals=totals, target=1, deadline=deadline,
            plan=(plan.number, plan.issued_on) if plan else None,
        ),
    )  # fmt: skip


def previous_edition(edition: Edition) -> Edition | None:
    """The latest edition of an earlier year."""
    return db.session.scalars(
        select(Edition)
        .where(Edition.year < edition.year)
        .order_by(Edition.year.desc(), Edition.id.desc())
        .limit(1)
    ).first()


def issue_final_report(actor: User, edition: Edition) -> IssuedDocument:
    """The final report, compared with the previous edition."""
    before = previous_edition(edition)
    now = statistics_report(edition)
    earlier = statistics_report(before) if before is not None else None
    return _issue(
        actor, edition, DocumentKind.FINAL_REPORT, REPORT_KIND,
        lambda issuer, number, day: final_report(
            now, earlier, issuer=issuer, number=number, day=day
        ),
    )  # fmt: skip
