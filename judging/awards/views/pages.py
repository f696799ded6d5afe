"""Building the award page of an edition: its forms (each carrying the list's
version), the list per track and tier, the open ties, the log, and the page shown
again after a refusal. The views that change the list are ``judging.awards.views.lists``.
"""

from __future__ import annotations

from collections import defaultdict

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.extensions import db
from contest.forms_base import as_choices
from contest.models import Edition, Entry, Role
from judging.awards.core import TIER_ORDER, Tier
from judging.awards.models.lists import AwardLogEntry
from judging.awards.services import lists as service
from judging.awards.services.proposal import (
    AwardBoard,
    build_board,
    tie_rule_choices,
    track_counts,
    tracks_of,
)
from judging.awards.services.signoff import may_approve
from judging.awards.views import forms
from judging.awards.views.collective_forms import TIER_LABELS
from judging.awards.views.messages import refusal_text
from judging.stages.core import EditionAction
from judging.stages.messages import describe_all
from judging.stages.services import edition_verdict, entries_with_open_pairs

# The sign-off step each stage of the list offers next (the stage model's action).
NEXT_STEP = {
    "draft": EditionAction.SUBMIT_AWARDS,
    "submitted": EditionAction.APPROVE_AWARDS,
    "approved": EditionAction.PUBLISH_AWARDS,
}


def rule_labels(edition: Edition) -> list[tuple[str, str]]:
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
    settings.tie_rules.choices = as_choices(rule_labels(edition))
    if award_list:
        settings.round_id.data = award_list.round_id
        settings.tie_rules.data = list(award_list.tie_rules or [])
    override = forms.OverrideForm(formdata=None, version=version)
    override.entry_id.choices = entry_choices(board)
    return {
        "settings": settings,
        "override": override,
        "tie": forms.TieForm(formdata=None, version=version),
        "revoke": forms.RevokeForm(formdata=None, version=version),
        "step": forms.StepForm(formdata=None, version=version),
        "reason_step": forms.ReasonStepForm(formdata=None, version=version),
    }


def entry_choices(board: AwardBoard | None):
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
    step = NEXT_STEP.get(str(award_list.stage)) if award_list else None
    verdict = edition_verdict(edition, step) if step else None
    return render_template(
        "organizer/awards_list.html",
        blockers=describe_all(verdict, edition) if verdict else [],
        suspected=entries_with_open_pairs(edition) if award_list else set(),
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
