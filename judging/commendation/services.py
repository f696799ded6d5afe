"""Commendation verbs: bring an edition's featured people into the register (merge
decisions applied, people matched across editions by their keys), record each
person's standing, confirm them for a unit, count against the plan's targets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Entry, EntryStatus, FeaturedPerson, Unit, User
from contest.services.audit import audit
from judging.award_collective_service import award_list_of
from judging.award_models import AwardPlacement
from judging.awards import TIER_LABELS_VI, Tier
from judging.commendation import core
from judging.commendation.models import (
    Commendation,
    CommendationPlan,
    RegisterKey,
    RegisterPerson,
)
from judging.featured_merges import canonical_keys
from judging.featured_models import FeaturedMerge, MergeDecision
from judging.featured_names import person_key

OUT_OF_CONTEST = (EntryStatus.DRAFT, EntryStatus.WITHDRAWN, EntryStatus.NOT_ELIGIBLE)


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
        locality_required=False,
    )


def save_plan(actor: User, edition: Edition, **values) -> CommendationPlan:
    """Set the edition's targets, title name, lists and locality rule."""
    row = plan_of(edition)
    if row.id is None:
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    audit(actor, "register.plan", edition, **{k: str(v) for k, v in values.items()})
    return row


# -- bringing an edition in --------------------------------------------------------


@dataclass
class _Group:
    keys: set[str]
    names: Counter
    units: Counter  # unit name as typed or linked
    localities: Counter
    fields: Counter
    entry_units: Counter  # the entries' unit ids (who introduced the person)
    years: Counter
    collective: bool
    summaries: list[str]
    entries: dict[int, str]  # entry id → "number – title"


@dataclass(frozen=True)
class SyncReport:
    """What bringing an edition in did."""

    new_people: int
    matched_people: int
    new_standings: int


def _mentions(edition: Edition) -> dict[str, _Group]:
    """The edition's featured people grouped by canonical person key."""
    rows = db.session.execute(
        select(FeaturedPerson, Entry, Unit.name)
        .join(Entry, Entry.id == FeaturedPerson.entry_id)
        .outerjoin(Unit, Unit.id == FeaturedPerson.unit_id)
        .where(
            Entry.edition_id == edition.id,
            Entry.number.is_not(None),
            Entry.status.not_in([str(s) for s in OUT_OF_CONTEST]),
        )
        .order_by(Entry.number, FeaturedPerson.position, FeaturedPerson.id)
    ).all()
    confirmed = [
        (d.key_a, d.key_b)
        for d in db.session.scalars(
            select(FeaturedMerge).where(
                FeaturedMerge.edition_id == edition.id,
                FeaturedMerge.decision == MergeDecision.CONFIRMED,
            )
        )
    ]
    keyed = []
    for person, entry, linked in rows:
        unit = (linked or person.unit_name).strip()
        keyed.append(
            (person_key(person.name, unit, person.locality), person, entry, unit)
        )
    root = canonical_keys({k for k, *_ in keyed}, confirmed)
    groups: dict[str, _Group] = {}
    for key, person, entry, unit in keyed:
        group = groups.setdefault(
            root[key],
            _Group(
                set(),
                Counter(),
                Counter(),
                Counter(),
                Counter(),
                Counter(),
                Counter(),
                False,
                [],
                {},
            ),
        )
        group.keys.add(key)
        group.names[person.name.strip()] += 1
        group.units[unit] += 1
        group.localities[person.locality.strip()] += 1
        group.fields[(person.field_name or "").strip()] += 1
        if entry.unit_id:
            group.entry_units[entry.unit_id] += 1
        if person.birth_year:
            group.years[person.birth_year] += 1
        group.collective |= person.is_collective
        if person.summary.strip():
            group.summaries.append(person.summary.strip())
        group.entries[entry.id] = f"{entry.number} – {entry.title}"
    return groups


def _top(counter: Counter, default=""):
    counter = Counter({k: v for k, v in counter.items() if k not in ("", None)})
    return counter.most_common(1)[0][0] if counter else default


def _best_prizes(edition: Edition) -> dict[int, Tier]:
    award_list = award_list_of(edition)
    if award_list is None:
        return {}
    return {
        entry_id: Tier(tier)
        for entry_id, tier in db.session.execute(
            select(AwardPlacement.entry_id, AwardPlacement.tier).where(
                AwardPlacement.award_list_id == award_list.id
            )
        )
        if tier in set(Tier)
    }


def sync_edition(actor: User, edition: Edition) -> SyncReport:
    """Bring the edition's featured people into the register: each group (merges
    applied) joins the person one of its keys already names, or becomes a new
    person; each gets a standing for the edition ("introduced") once. Details an
    organizer edited are never overwritten; the stories and prizes are refreshed."""
    groups = _mentions(edition)
    known = {k.key: k.person_id for k in db.session.scalars(select(RegisterKey))}
    prizes = _best_prizes(edition)
    order = list(Tier)
    new_people = matched = new_standings = 0
    ordered = sorted(groups.values(), key=lambda g: min(g.entries))
    matches = core.match_people([tuple(sorted(g.keys)) for g in ordered], known)
    for group, (_keys, person_id) in zip(ordered, matches, strict=True):
        if person_id is None:
            person = RegisterPerson(
                name=_top(group.names),
                subject_kind=core.SubjectKind.COLLECTIVE
                if group.collective
                else core.SubjectKind.INDIVIDUAL,
                birth_year=_top(group.years, None),
                unit_name=_top(group.units),
                locality=_top(group.localities),
                field_name=_top(group.fields),
                summary=max(group.summaries, key=len, default=""),
            )
            db.session.add(person)
            db.session.flush()
            new_people += 1
        else:
            person = db.session.get(RegisterPerson, person_id)
            matched += 1
        for key in group.keys - set(known):
            db.session.add(RegisterKey(key=key, person_id=person.id))
            known[key] = person.id
        standing = db.session.scalar(
            select(Commendation).where(
                Commendation.person_id == person.id,
                Commendation.edition_id == edition.id,
            )
        )
        if standing is None:
            standing = Commendation(
                person_id=person.id,
                edition_id=edition.id,
                year=edition.year,
                status=core.Status.INTRODUCED,
                exemplar=False,
            )
            db.session.add(standing)
            new_standings += 1
        standing.entries_text = "\n".join(
            group.entries[i] for i in sorted(group.entries)
        )
        tiers = [prizes[i] for i in group.entries if i in prizes]
        best = min(tiers, key=order.index) if tiers else None
        standing.best_prize = f"Giải {TIER_LABELS_VI[best]}" if best else ""
        standing.unit_id = _top(group.entry_units, None)
    db.session.flush()
    audit(
        actor,
        "register.sync",
        edition,
        new_people=new_people,
        matched=matched,
        new_standings=new_standings,
    )
    return SyncReport(new_people, matched, new_standings)


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
