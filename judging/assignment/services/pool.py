"""The judge pool: the edition's judging options, judges' profiles, the declaration.

Glue between the models and the pure core: load rows, compute plain values, write
rows and flush; views commit (DESIGN.md rule 2). The other verbs, by job:
``judging.assignment.services.conflicts`` (who may not read what),
``judging.assignment.services.runs`` (assignment runs with preview and commit, codes,
progress), ``judging.assignment.services.moves`` (moving a reading, recusal),
``judging.identity.services`` (identity scan and redactions) and
``judging.reading.services.queue`` (what a judge may open).

Reading never writes: a judge without a profile row, or an edition without its
judging options, is shown the defaults (objects not added to the session); the
row is written by the verb that changes it (``save_profile``, ``sign_declaration``,
``set_conflict_same_locality``), so a GET page commits nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from contest.extensions import db
from contest.locking import locked
from contest.models import Edition, EditionStaff, EditionStatus, StaffRole, User
from contest.services.audit import audit
from contest.textnorm import name_sort_key
from judging.assignment.models import JudgeProfile, UnitJudge
from judging.rounds.models import JudgingSettings, Round


def _settings_row(edition: Edition) -> JudgingSettings | None:
    """The edition's saved judging options, if an organizer ever changed them."""
    return db.session.scalar(
        select(JudgingSettings).where(JudgingSettings.edition_id == edition.id)
    )


def settings_for(edition: Edition) -> JudgingSettings:
    """The edition's judging options: the saved row, else the defaults (not saved)."""
    row = _settings_row(edition)
    if row is None:
        row = JudgingSettings(edition_id=edition.id, conflict_same_locality=False)
    return row


def set_conflict_same_locality(actor: User, edition: Edition, value: bool) -> None:
    """Also treat "same locality" as a conflict (or stop doing so)."""
    row = _settings_row(edition)
    if row is None:
        # Two first saves at once: the second waits here, then finds the first's row.
        locked(edition)
        row = _settings_row(edition)
    if row is None:
        row = settings_for(edition)
        db.session.add(row)
    row.conflict_same_locality = value
    db.session.flush()
    audit(actor, "judging.settings", edition, conflict_same_locality=value)


def is_judge_of(edition: Edition, user: User) -> bool:
    """True when the user is one of the edition's judges."""
    return any(
        s.user_id == user.id and s.role == StaffRole.JUDGE for s in edition.staff
    )


def _profile_row(edition: Edition, user: User) -> JudgeProfile | None:
    """The judge's saved profile in the edition, if any."""
    return db.session.scalar(
        select(JudgeProfile).where(
            JudgeProfile.edition_id == edition.id, JudgeProfile.user_id == user.id
        )
    )


def profile_for(edition: Edition, user: User) -> JudgeProfile:
    """The judge's profile in the edition: the saved row, else the default one (not
    saved: no locality of their own, no expertise, no limit, every round)."""
    profile = _profile_row(edition, user)
    if profile is None:
        profile = JudgeProfile(
            edition_id=edition.id,
            user_id=user.id,
            locality="",
            max_load=None,
            declaration_signed_at=None,
        )
        profile.user = user
        profile.rounds = list(edition.rounds)
    return profile


def saved_profile(edition: Edition, user: User) -> JudgeProfile:
    """The judge's profile row, written with the defaults if there is none yet (for
    the verbs that change it)."""
    profile = _profile_row(edition, user)
    if profile is None:
        # Two first saves at once (a double click on "sign"): the second waits here,
        # then finds the first's row instead of breaking the unique key.
        locked(edition)
        profile = _profile_row(edition, user)
    if profile is None:
        profile = profile_for(edition, user)
        db.session.add(profile)
        db.session.flush()
    return profile


def judge_pool(edition: Edition) -> list[JudgeProfile]:
    """The edition's judges with their profiles, sorted by name the Vietnamese way."""
    users = [s.user for s in edition.staff if s.role == StaffRole.JUDGE]
    profiles = [profile_for(edition, user) for user in users]
    return sorted(profiles, key=lambda p: name_sort_key(p.user.full_name))


def unit_round_judges(round_: Round) -> list[JudgeProfile]:
    """The judges a unit's focal point chose for its round, with their profiles (the
    city's pool never includes them), sorted by name the Vietnamese way."""
    users = db.session.scalars(
        select(User)
        .join(UnitJudge, UnitJudge.user_id == User.id)
        .where(UnitJudge.round_id == round_.id)
    ).all()
    profiles = [profile_for(round_.edition, user) for user in users]
    return sorted(profiles, key=lambda p: name_sort_key(p.user.full_name))


def _judged_editions(user: User):
    """SQL: ids of the editions the user judges, in the city's pool (EditionStaff) or
    in a unit's round (UnitJudge)."""
    city = select(EditionStaff.edition_id).where(
        EditionStaff.user_id == user.id, EditionStaff.role == StaffRole.JUDGE
    )
    units = (
        select(Round.edition_id)
        .join(UnitJudge, UnitJudge.round_id == Round.id)
        .where(UnitJudge.user_id == user.id)
    )
    return city.union(units)


def save_profile(
    actor: User,
    edition: Edition,
    user: User,
    *,
    locality: str,
    field_ids: Iterable[int],
    max_load: int | None,
    round_ids: Iterable[int],
) -> JudgeProfile:
    """Set a judge's locality, expertise, maximum load and rounds (joins the pool)."""
    if not is_judge_of(edition, user):
        edition.staff.append(EditionStaff(user_id=user.id, role=StaffRole.JUDGE))
    profile = saved_profile(edition, user)
    wanted_fields, wanted_rounds = set(field_ids), set(round_ids)
    profile.locality = locality.strip()
    profile.max_load = max_load
    profile.fields = [f for f in edition.fields if f.id in wanted_fields]
    profile.rounds = [r for r in edition.rounds if r.id in wanted_rounds]
    audit(
        actor,
        "judging.profile",
        edition,
        user_id=user.id,
        fields=sorted(wanted_fields),
        rounds=sorted(wanted_rounds),
        max_load=max_load,
    )
    return profile


def pending_declarations(user: User) -> list[Edition]:
    """Editions the user judges without having signed the declaration (reads only)."""
    judged = db.session.scalars(
        select(Edition)
        .where(Edition.id.in_(_judged_editions(user)))
        .where(Edition.status != EditionStatus.CLOSED)  # nothing to judge there
        .order_by(Edition.id)
    ).all()
    signed = set(
        db.session.scalars(
            select(JudgeProfile.edition_id).where(
                JudgeProfile.user_id == user.id,
                JudgeProfile.declaration_signed_at.is_not(None),
            )
        )
    )
    return [e for e in judged if e.id not in signed]


def has_pending_declaration(user: User) -> bool:
    """True when the user judges an edition without having signed its declaration.

    One light query: it runs before every request of the judge area.
    """
    signed = select(JudgeProfile.edition_id).where(
        JudgeProfile.user_id == user.id,
        JudgeProfile.declaration_signed_at.is_not(None),
    )
    pending = (
        select(Edition.id)
        .where(Edition.id.in_(_judged_editions(user)))
        .where(Edition.status != EditionStatus.CLOSED)
        .where(Edition.id.not_in(signed))
        .limit(1)
    )
    return db.session.scalar(pending) is not None


def sign_declaration(user: User, edition: Edition, now: datetime) -> None:
    """Record that the judge signed the conflict-of-interest declaration."""
    saved_profile(edition, user).declaration_signed_at = now
    audit(user, "judging.declaration", edition)


def actor_id(actor: User | None) -> int | None:
    """The actor's id; None for the system (CLI, demo, tests)."""
    return actor.id if actor is not None else None
