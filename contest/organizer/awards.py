"""Organizer pages of the award list of an edition: the list per track and tier, the
ties to decide, tier counts, overrides with reasons, and the log. The council chair
opens the same page to approve or return the list (``contest.organizer.awards_signoff``).
Views validate, call one verb of ``judging.award_service``, commit, redirect.
"""

from __future__ import annotations

from collections import defaultdict

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.access import also_for, get_or_404
from contest.extensions import db
from contest.forms_base import as_choices
from contest.models import Edition, Entry, Role, Track
from contest.organizer import awards_forms as forms
from contest.organizer import bp
from contest.organizer.awards_messages import NOT_STARTED, refusal_text
from contest.organizer.collective_forms import TIER_LABELS
from judging import award_service as service
from judging.award_models import AwardLogEntry
from judging.award_proposal import (
    AwardBoard,
    build_board,
    tie_rule_choices,
    track_counts,
    tracks_of,
)
from judging.award_signoff import may_approve
from judging.awards import TIER_ORDER, OverrideAction, Tier

BASE = "/editions/<int:edition_id>/awards"


def _rule_labels(edition: Edition) -> list[tuple[str, str]]:
    """Tie rules with their labels (a criterion by name)."""
    return [
        (
            code,
            _("First-place votes of the judges")
            if code == "first_place_votes"
            else _("Points on “%(criterion)s”", criterion=name),
        )
        for code, name in tie_rule_choices(edition)
    ]


def _forms(edition: Edition, award_list, board: AwardBoard | None) -> dict:
    """Empty forms of the page, carrying the list's version."""
    version = str(award_list.version) if award_list else ""
    settings = forms.SettingsForm(formdata=None, version=version)
    settings.round_id.choices = as_choices((r.id, r.name) for r in edition.rounds)
    settings.tie_rules.choices = as_choices(_rule_labels(edition))
    if award_list:
        settings.round_id.data = award_list.round_id
        settings.tie_rules.data = list(award_list.tie_rules or [])
    override = forms.OverrideForm(formdata=None, version=version)
    override.entry_id.choices = _entry_choices(board)
    return {
        "settings": settings,
        "override": override,
        "tie": forms.TieForm(formdata=None, version=version),
        "revoke": forms.RevokeForm(formdata=None, version=version),
        "step": forms.StepForm(formdata=None, version=version),
        "reason_step": forms.ReasonStepForm(formdata=None, version=version),
    }


def _entry_choices(board: AwardBoard | None):
    """The ranked eligible entries for the override form, best first."""
    results = board.results.values() if board else ()
    return as_choices(
        (r.entry.id, f"{r.entry.number or '—'} – {r.entry.title}") for r in results
    )


def _counts_forms(edition: Edition, version: str, failed=None) -> dict[int, object]:
    """One tier-count form per track (the failed one keeps what was typed)."""
    counts = track_counts(edition)
    out = {}
    for track in tracks_of(edition):
        if failed is not None and failed.track_id.data == str(track.id):
            out[track.id] = failed
            continue
        form = forms.CountsForm(formdata=None, version=version, track_id=str(track.id))
        for tier in TIER_ORDER:
            getattr(form, f"count_{tier}").data = counts[track.id].get(tier, 0)
        out[track.id] = form
    return out


def render_awards(edition: Edition, status: int = 200, problem: str = "", **failed):
    """The award page; ``failed`` replaces one empty form by a bound one with errors."""
    award_list = service.award_list_of(edition)
    organizer = current_user.has_role(Role.ORGANIZER, Role.ADMIN)
    board = build_board(edition, award_list) if award_list else None
    page_forms = _forms(edition, award_list, board)
    if "override" in failed:
        failed["override"].entry_id.choices = page_forms["override"].entry_id.choices
    page_forms |= failed
    tracks = tracks_of(edition)
    by_track: dict[int, dict[Tier, list]] = defaultdict(lambda: defaultdict(list))
    for placement in award_list.placements if award_list else ():
        by_track[placement.track_id][Tier(placement.tier)].append(placement)
    log = (
        db.session.scalars(
            select(AwardLogEntry)
            .where(AwardLogEntry.award_list_id == award_list.id)
            .order_by(AwardLogEntry.id.desc())
        ).all()
        if award_list
        else []
    )
    overridden = (
        {o.entry_id for o in award_list.overrides if o.revoked_at is None}
        if award_list
        else set()
    )
    return render_template(
        "organizer/awards_list.html",
        edition=edition,
        award_list=award_list,
        board=board,
        tracks=tracks,
        by_track=by_track,
        overridden=overridden,
        entries={e.id: e for e in _tie_entries(board)},
        log=log,
        forms=page_forms,
        counts_forms=_counts_forms(
            edition, page_forms["step"].version.data, failed.get("counts")
        ),
        organizer=organizer,
        may_approve=award_list is not None and may_approve(current_user, award_list),
        tiers=TIER_ORDER,
        tier_labels=TIER_LABELS,
        stage_labels=forms.STAGE_LABELS,
        action_labels=forms.ACTION_LABELS,
        log_labels=forms.LOG_LABELS,
        problem=problem,
    ), status


def _tie_entries(board: AwardBoard | None) -> list[Entry]:
    """The entries of the open ties (their numbers and titles are shown)."""
    ids = [e for tie in board.open_ties for e in tie.entries] if board else []
    return (
        list(db.session.scalars(select(Entry).where(Entry.id.in_(ids)))) if ids else []
    )


def refused(edition: Edition, error: service.AwardRefused, **failed):
    """Roll back and show the page with the refusal (409)."""
    db.session.rollback()
    numbers = dict(
        db.session.execute(
            select(Entry.id, Entry.number).where(Entry.edition_id == edition.id)
        ).all()
    )
    if error.code == service.AwardError.STALE:
        failed = {}  # the stale form is dropped: the page shows the current list
    return render_awards(edition, 409, refusal_text(error, numbers), **failed)


def done(edition: Edition, message: str):
    """Commit, say what happened, and go back to the award page."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("organizer.awards", edition_id=edition.id))


@bp.route(BASE + "/")
@also_for(Role.CHAIR)
def awards(edition_id: int):
    """The award list of the edition, per track and tier, with its sign-off."""
    return render_awards(get_or_404(Edition, edition_id))


def _list_or_refuse(edition: Edition):
    """The edition's award list, or None after flashing that it is not started."""
    award_list = service.award_list_of(edition)
    if award_list is None:
        flash(str(NOT_STARTED), "warning")
    return award_list


@bp.route(BASE + "/start", methods=["POST"])
def awards_start(edition_id: int):
    """Start the award list (ranked on the last round)."""
    edition = get_or_404(Edition, edition_id)
    form = forms.StepForm()
    if not form.validate():
        return render_awards(
            edition, 400, form.csrf_token.errors[0] if form.csrf_token.errors else ""
        )
    try:
        service.start(current_user, edition)
    except service.AwardRefused as error:
        return refused(edition, error)
    return done(edition, _("The award list was proposed from the round's results."))


@bp.route(BASE + "/settings", methods=["POST"])
def awards_settings(edition_id: int):
    """Rank on another round or with other tie rules."""
    edition = get_or_404(Edition, edition_id)
    award_list = _list_or_refuse(edition)
    form = forms.SettingsForm()
    form.round_id.choices = as_choices((r.id, r.name) for r in edition.rounds)
    form.tie_rules.choices = as_choices(_rule_labels(edition))
    if award_list is None or not form.validate():
        return render_awards(edition, 422, settings=form)
    try:
        service.save_settings(
            current_user,
            award_list,
            form.version_number(),
            form.round_id.data,
            list(form.tie_rules.data or []),
        )
    except service.AwardRefused as error:
        return refused(edition, error, settings=form)
    return done(edition, _("The proposal was rebuilt."))


@bp.route(BASE + "/counts", methods=["POST"])
def awards_counts(edition_id: int):
    """Change the tier counts of one track (e.g. one more Đặc biệt)."""
    edition = get_or_404(Edition, edition_id)
    award_list = _list_or_refuse(edition)
    form = forms.CountsForm()
    track = (
        db.session.get(Track, int(form.track_id.data))
        if (form.track_id.data or "").isdigit()
        else None
    )
    if award_list is None or not form.validate() or track is None:
        return render_awards(edition, 422, counts=form)
    try:
        service.set_counts(
            current_user,
            award_list,
            form.version_number(),
            track,
            form.counts(),
            form.reason.data,
        )
    except service.AwardRefused as error:
        return refused(edition, error, counts=form)
    return done(
        edition, _("The prize counts of %(track)s were saved.", track=track.name)
    )


@bp.route(BASE + "/overrides", methods=["POST"])
def awards_override(edition_id: int):
    """Move an entry to a tier or take it off the list, with a reason."""
    edition = get_or_404(Edition, edition_id)
    award_list = _list_or_refuse(edition)
    board = build_board(edition, award_list) if award_list else None
    form = forms.OverrideForm()
    form.entry_id.choices = _entry_choices(board)
    if award_list is None or not form.validate():
        return render_awards(edition, 422, override=form)
    action = OverrideAction(form.action.data)
    tier = Tier(form.tier.data) if form.tier.data else None
    try:
        service.add_override(
            current_user,
            award_list,
            form.version_number(),
            db.session.get(Entry, form.entry_id.data),
            action,
            tier,
            form.reason.data,
        )
    except service.AwardRefused as error:
        return refused(edition, error, override=form)
    return done(edition, _("The change was applied and logged."))


@bp.route(BASE + "/ties", methods=["POST"])
def awards_tie(edition_id: int):
    """Decide one boundary tie: a tier (or no prize) for each tied entry."""
    edition = get_or_404(Edition, edition_id)
    award_list = _list_or_refuse(edition)
    form = forms.TieForm()
    chosen = {}
    for key, value in request.form.items():
        entry_id = key.removeprefix("tie-")
        if key.startswith("tie-") and entry_id.isdigit():
            if value != forms.NO_PRIZE and value not in set(Tier):
                chosen = {}
                break
            chosen[int(entry_id)] = None if value == forms.NO_PRIZE else Tier(value)
    if award_list is None or not form.validate():
        return render_awards(edition, 422, tie=form)
    if not chosen:
        return refused(
            edition, service.AwardRefused(service.AwardError.BAD_TIE), tie=form
        )
    try:
        service.decide_tie(
            current_user, award_list, form.version_number(), chosen, form.reason.data
        )
    except service.AwardRefused as error:
        return refused(edition, error, tie=form)
    return done(edition, _("The tie was decided and logged."))


@bp.route(BASE + "/overrides/revoke", methods=["POST"])
def awards_revoke(edition_id: int):
    """Revoke one override: the entry goes back to its proposed place."""
    edition = get_or_404(Edition, edition_id)
    award_list = _list_or_refuse(edition)
    form = forms.RevokeForm()
    if award_list is None or not form.validate() or not form.override_id.data.isdigit():
        return render_awards(edition, 422, revoke=form)
    try:
        service.revoke_override(
            current_user,
            award_list,
            form.version_number(),
            int(form.override_id.data),
            form.reason.data,
        )
    except service.AwardRefused as error:
        return refused(edition, error)
    return done(edition, _("The change was revoked."))
