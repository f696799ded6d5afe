"""Commendation verbs: the edition's plan, each person's standing and details, the
unit's confirmation, counts against the plan's targets, statistics year on year
(bringing an edition's people in: judging.commendation.services.sync)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Unit, User
from contest.services.audit import audit
from judging.commendation import core
from judging.commendation.models import (
    Commendation,
    CommendationPlan,
    RegisterPerson,
)


class StandingRefused(Exception):
    """The standing cannot be saved as given (``code`` says why)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# -- the plan ----------------------------------------------------------------------


def plan_of(edition: Edition) -> CommendationPlan:
    """The edition's plan (an unsaved blank one when never set)."""
    row = db.session.scalar(
        select(CommendationPlan).where(CommendationPlan.edition_id == edition.id)
    )
    return row or CommendationPlan(
        edition_id=edition.id,
        individuals_target=0,
        exemplars_target=0,
        title_name="",
        social_groups_text="",
        movements_text="",
    )


def save_plan(actor: User, edition: Edition, **values) -> CommendationPlan:
    """Set the edition's targets, title name and lists."""
    row = plan_of(edition)
    if row.id is None:
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    audit(actor, "register.plan", edition, **{k: str(v) for k, v in values.items()})
    return row


def featured_lists(edition: Edition) -> dict[str, list[str]]:
    """The lists the entry forms offer for a featured person's social group and
    emulation movement (contest.hooks.featured_lists)."""
    plan = plan_of(edition)
    return {
        "social_groups": core.parse_list(plan.social_groups_text or ""),
        "movements": core.parse_list(plan.movements_text or ""),
    }


# -- standings and people ------------------------------------------------------------


def save_standing(
    actor: User,
    standing: Commendation,
    *,
    status: core.Status,
    level: str,
    decision: str,
    decided_on: date | None,
    exemplar: bool,
) -> None:
    """Record a person's standing in an edition; commended needs a level and the
    deciding document. Raises StandingRefused."""
    reason = core.check_status(status, level, decision)
    if reason is not None:
        raise StandingRefused(reason)
    standing.status, standing.level = status, level
    standing.decision, standing.decided_on = decision.strip(), decided_on
    standing.exemplar = exemplar
    db.session.flush()
    audit(
        actor,
        "register.standing",
        standing.person,
        edition=standing.edition_id,
        status=str(status),
        level=level,
        decision=standing.decision,
        exemplar=exemplar,
    )


def save_person(actor: User, person: RegisterPerson, **values) -> None:
    """Change a person's details (kind of subject, place, group, movement …)."""
    for name, value in values.items():
        setattr(person, name, value)
    db.session.flush()
    audit(actor, "register.person", person, **{k: str(v) for k, v in values.items()})


def confirm(actor: User, standing: Commendation, now: datetime) -> None:
    """The unit's focal point confirms the person and the deeds are real."""
    standing.confirmed_by_id, standing.confirmed_at = actor.id, now
    standing.confirmed_by_unit = actor.unit.name if actor.unit else ""
    db.session.flush()
    audit(actor, "register.confirm", standing.person, edition=standing.edition_id)


def counts(edition: Edition) -> core.Counts:
    """The edition's figures against its targets."""
    plan = plan_of(edition)
    rows = db.session.execute(
        select(RegisterPerson.subject_kind, Commendation.status, Commendation.exemplar)
        .join(Commendation, Commendation.person_id == RegisterPerson.id)
        .where(Commendation.edition_id == edition.id)
    ).all()
    return core.count(
        (
            core.Standing(core.SubjectKind(k), core.Status(s), bool(e))
            for k, s, e in rows
        ),
        plan.individuals_target or 0,
        plan.exemplars_target or 0,
    )


def standings_of(
    edition: Edition, *, exemplars_only: bool = False
) -> list[Commendation]:
    """The edition's standings (people in Vietnamese name order)."""
    from contest.textnorm import name_sort_key

    query = select(Commendation).where(Commendation.edition_id == edition.id)
    if exemplars_only:
        query = query.where(Commendation.exemplar.is_(True))
    rows = list(db.session.scalars(query))
    rows.sort(key=lambda c: name_sort_key(c.person.name))
    return rows


def statistics() -> dict[str, tuple[list[int], list]]:
    """Year-on-year tables of the register by social group, movement, level, unit
    and kind of subject: people introduced and commended each year."""
    rows = db.session.execute(
        select(
            Commendation.year,
            Commendation.status,
            Commendation.level,
            RegisterPerson.social_group,
            RegisterPerson.movement,
            RegisterPerson.subject_kind,
            Unit.name,
        )
        .join(RegisterPerson, RegisterPerson.id == Commendation.person_id)
        .outerjoin(Unit, Unit.id == Commendation.unit_id)
    ).all()
    out = {}
    for name, pick in (
        ("group", lambda r: r.social_group),
        ("movement", lambda r: r.movement),
        ("level", lambda r: r.level if core.is_commended(r.status) else ""),
        ("unit", lambda r: r.name or ""),
        ("subject", lambda r: str(r.subject_kind)),
    ):
        out[name] = core.year_on_year(
            (r.year, pick(r) or "", core.is_commended(r.status)) for r in rows
        )
    return out
