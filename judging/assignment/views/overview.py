"""Organizer judging pages: overview, judge pool, conflicts, identity scan.

Thin views over ``judging.assignment.services.pool`` and ``.conflicts`` and
``judging.identity.services`` (scan, redaction). Each round's pages (progress,
preview, commit, moves) are in ``judging.assignment.views.rounds``.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.access import get_or_404
from contest.extensions import db
from contest.forms_base import as_choices
from contest.models import Edition, Entry, EntryVersion, Role, User, UserRole, utcnow
from contest.organizer import bp
from contest.services.accounts import normalize_email
from contest.textnorm import name_sort_key
from judging.assignment.models import Conflict
from judging.assignment.services import conflicts, roster
from judging.assignment.services import pool as services
from judging.assignment.views.forms import (
    AddJudgeForm,
    ConflictForm,
    ProfileForm,
    RedactForm,
    RemoveConflictForm,
    SettingsForm,
    UnredactForm,
)
from judging.identity import services as identity_service
from judging.identity.models import Redaction
from judging.identity.services import RedactionRefused

IDENTITY_PAGE = 50


@bp.route("/editions/<int:edition_id>/judging")
def judging_home(edition_id: int):
    """Judging overview: rounds, their state and where to go next."""
    edition = get_or_404(Edition, edition_id)
    rounds = [(r, *roster.round_progress(r)) for r in edition.rounds]
    return render_template(
        "organizer/judging_home.html",
        edition=edition,
        rounds=rounds,
        pool=services.judge_pool(edition),
    )


@bp.route("/editions/<int:edition_id>/judging/judges", methods=["GET", "POST"])
def judging_pool(edition_id: int):
    """The judge pool: unit, locality, expertise, maximum load, rounds, declaration."""
    edition = get_or_404(Edition, edition_id)
    pool = services.judge_pool(edition)
    settings = SettingsForm(
        obj=services.settings_for(edition) if request.method == "GET" else None
    )
    add = AddJudgeForm()
    in_pool = {p.user_id for p in pool}
    judges = db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.JUDGE)
    ).all()
    add.user_id.choices = as_choices(
        (u.id, f"{u.full_name} ({u.email})")
        for u in sorted(judges, key=lambda u: name_sort_key(u.full_name))
        if u.id not in in_pool
    )
    if "save_settings" in request.form and settings.validate_on_submit():
        services.set_conflict_same_locality(
            current_user, edition, settings.conflict_same_locality.data
        )
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("organizer.judging_pool", edition_id=edition.id))
    if "add_judge" in request.form and add.validate_on_submit():
        return redirect(
            url_for(
                "organizer.judging_judge",
                edition_id=edition.id,
                user_id=add.user_id.data,
            )
        )
    return render_template(
        "organizer/judging_pool.html",
        edition=edition,
        pool=pool,
        settings=settings,
        add=add,
    )


@bp.route(
    "/editions/<int:edition_id>/judging/judges/<int:user_id>", methods=["GET", "POST"]
)
def judging_judge(edition_id: int, user_id: int):
    """One judge's profile in the edition (saving adds them to the pool)."""
    edition = get_or_404(Edition, edition_id)
    user = get_or_404(User, user_id)
    if not user.has_role(Role.JUDGE):
        abort(404)
    member = services.is_judge_of(edition, user)
    profile = services.profile_for(edition, user) if member else None
    if request.method == "GET" and profile is not None:
        form = ProfileForm(
            data={
                "locality": profile.locality,
                "fields": [f.id for f in profile.fields],
                "max_load": profile.max_load,
                "rounds": [r.id for r in profile.rounds],
            }
        )
    elif request.method == "GET":
        form = ProfileForm(data={"rounds": [r.id for r in edition.rounds]})
    else:
        form = ProfileForm()
    form.fields.choices = as_choices((f.id, f.name) for f in edition.fields)
    form.rounds.choices = as_choices((r.id, r.name) for r in edition.rounds)
    if form.validate_on_submit():
        services.save_profile(
            current_user,
            edition,
            user,
            locality=form.locality.data or "",
            field_ids=form.fields.data or [],
            max_load=form.max_load.data,
            round_ids=form.rounds.data or [],
        )
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("organizer.judging_pool", edition_id=edition.id))
    return render_template(
        "organizer/judging_judge.html",
        edition=edition,
        judge=user,
        member=member,
        form=form,
    )


def _conflict_target(edition: Edition, form: ConflictForm):
    """The (author, entry) the form names, or None with the error set on the form."""
    email = (form.author_email.data or "").strip()
    number = (form.entry_number.data or "").strip().upper()
    if bool(email) == bool(number):
        form.entry_number.errors = [
            _("Give either an author's email or an entry number.")
        ]
        return None
    if email:
        author = db.session.scalar(
            select(User).where(User.email == normalize_email(email))
        )
        if author is None:
            form.author_email.errors = [_("No account has this email.")]
            return None
        return author, None
    entry = db.session.scalar(
        select(Entry).where(Entry.edition_id == edition.id, Entry.number == number)
    )
    if entry is None:
        form.entry_number.errors = [_("No entry of this edition has this number.")]
        return None
    return None, entry


@bp.route("/editions/<int:edition_id>/judging/conflicts", methods=["GET", "POST"])
def judging_conflicts(edition_id: int):
    """Declared conflicts (judge × author, judge × entry) and the automatic ones."""
    edition = get_or_404(Edition, edition_id)
    pool = services.judge_pool(edition)
    form = ConflictForm()
    form.judge_id.choices = as_choices((p.user_id, p.user.full_name) for p in pool)
    remove = RemoveConflictForm()
    if "add_conflict" in request.form and form.validate_on_submit():
        target = _conflict_target(edition, form)
        if target is not None:
            conflicts.add_conflict(
                current_user,
                edition,
                db.session.get(User, form.judge_id.data),
                author=target[0],
                entry=target[1],
                note=form.note.data or "",
                now=utcnow(),
            )
            db.session.commit()
            flash(_("The conflict has been recorded."), "success")
            return redirect(
                url_for("organizer.judging_conflicts", edition_id=edition.id)
            )
    if "remove_conflict" in request.form and remove.validate_on_submit():
        row = db.session.get(Conflict, _int(remove.conflict_id.data))
        if row is None or row.edition_id != edition.id:
            abort(404)
        conflicts.remove_conflict(current_user, row)
        db.session.commit()
        flash(_("The conflict has been removed."), "success")
        return redirect(url_for("organizer.judging_conflicts", edition_id=edition.id))
    automatic = _automatic_counts(edition, pool)
    return render_template(
        "organizer/judging_conflicts.html",
        edition=edition,
        form=form,
        remove=remove,
        declared=conflicts.declared_conflicts(edition),
        automatic=automatic,
        pool=pool,
    )


def _automatic_counts(edition: Edition, pool) -> dict[int, dict[str, int]]:
    """Per judge: how many entries of the first round each reason rules out."""
    if not edition.rounds:
        return {}
    entries = roster.round_entries(edition.rounds[0])
    counts: dict[int, dict[str, int]] = {p.user_id: {} for p in pool}
    for (judge_id, _entry_id), reasons in conflicts.conflict_map(
        edition, pool, entries
    ).items():
        for reason in reasons:
            counts[judge_id][reason] = counts[judge_id].get(reason, 0) + 1
    return counts


@bp.route("/editions/<int:edition_id>/judging/identity", methods=["GET", "POST"])
def judging_identity(edition_id: int):
    """Identity-scan hits, with one-click redaction of the judges' copy."""
    edition = get_or_404(Edition, edition_id)
    redact, unredact = RedactForm(), UnredactForm()
    if "redact" in request.form and redact.validate_on_submit():
        version = db.session.get(EntryVersion, _int(redact.version_id.data))
        if version is None or version.entry.edition_id != edition.id:
            abort(404)
        try:
            identity_service.redact_span(
                current_user, version, _int(redact.start.data), _int(redact.end.data)
            )
        except RedactionRefused:
            abort(400)
        db.session.commit()
        flash(_("Hidden from judges. The original text is kept."), "success")
        return redirect(request.full_path.rstrip("?"))
    if "unredact" in request.form and unredact.validate_on_submit():
        row = db.session.get(Redaction, _int(unredact.redaction_id.data))
        if row is None or row.version.entry.edition_id != edition.id:
            abort(404)
        identity_service.remove_redaction(current_user, row)
        db.session.commit()
        flash(_("Judges see this passage again."), "success")
        return redirect(request.full_path.rstrip("?"))
    show_all = request.args.get("all") == "1"
    found = identity_service.identity_scan(edition, only_open=not show_all)
    page = max(request.args.get("page", 1, type=int), 1)
    pages = max((len(found) + IDENTITY_PAGE - 1) // IDENTITY_PAGE, 1)
    return render_template(
        "organizer/judging_identity.html",
        edition=edition,
        found=found[(page - 1) * IDENTITY_PAGE : page * IDENTITY_PAGE],
        total=len(found),
        page=page,
        pages=pages,
        show_all=show_all,
        redact=redact,
        unredact=unredact,
    )


def _int(value) -> int:
    """A posted integer; anything else is a bad request."""
    try:
        return int(value)
    except (TypeError, ValueError):
        abort(400)
