"""Organizer pages of the award list of an edition: the list per track and tier, the
ties to decide, tier counts, overrides with reasons, and the log. The council chair
opens the same page to approve or return the list (``judging.awards.views.signoff``).
Views validate, call one verb of ``judging.awards.services.lists``, commit, redirect; the page
itself is built in ``judging.awards.views.pages``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import also_for, get_or_404
from contest.extensions import db
from contest.forms_base import BaseForm, as_choices
from contest.models import Edition, Entry, Role, Track
from contest.organizer import bp
from judging.awards.core import Tier
from judging.awards.core.overrides import OverrideAction
from judging.awards.models.lists import AwardList
from judging.awards.services import lists as service
from judging.awards.services.proposal import build_board
from judging.awards.views import forms
from judging.awards.views.messages import NOT_STARTED
from judging.awards.views.pages import (
    entry_choices,
    refused,
    render_awards,
    rule_labels,
)

BASE = "/editions/<int:edition_id>/awards"


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


def _change(
    edition: Edition,
    award_list: AwardList | None,
    name: str,
    form: BaseForm,
    change: Callable[[AwardList], str],
    *,
    ok: Callable[[], bool] = lambda: True,
    keep_refused: bool = True,
):
    """One change to the list: without a list, or with an invalid form (or ``ok()``
    false), the page again with the form ``name`` (422); ``change(award_list)``
    refused, the page with the refusal (409, the form kept unless ``keep_refused`` is
    false); else commit, flash the message ``change`` returns, and redirect."""
    if award_list is None or not form.validate() or not ok():
        return render_awards(edition, 422, **{name: form})
    try:
        message = change(award_list)
    except service.AwardRefused as error:
        return refused(edition, error, **({name: form} if keep_refused else {}))
    return done(edition, message)


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
    form.tie_rules.choices = as_choices(rule_labels(edition))

    def change(award_list: AwardList) -> str:
        service.save_settings(
            current_user,
            award_list,
            form.version_number(),
            form.round_id.data,
            list(form.tie_rules.data or []),
        )
        return _("The proposal was rebuilt.")

    return _change(edition, award_list, "settings", form, change)


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

    def change(award_list: AwardList) -> str:
        service.set_counts(
            current_user,
            award_list,
            form.version_number(),
            track,
            form.counts(),
            form.reason.data,
        )
        return _("The prize counts of %(track)s were saved.", track=track.name)

    return _change(
        edition, award_list, "counts", form, change, ok=lambda: track is not None
    )


@bp.route(BASE + "/overrides", methods=["POST"])
def awards_override(edition_id: int):
    """Move an entry to a tier or take it off the list, with a reason."""
    edition = get_or_404(Edition, edition_id)
    award_list = _list_or_refuse(edition)
    board = build_board(edition, award_list) if award_list else None
    form = forms.OverrideForm()
    form.entry_id.choices = entry_choices(board)

    def change(award_list: AwardList) -> str:
        service.add_override(
            current_user,
            award_list,
            form.version_number(),
            db.session.get(Entry, form.entry_id.data),
            OverrideAction(form.action.data),
            Tier(form.tier.data) if form.tier.data else None,
            form.reason.data,
        )
        return _("The change was applied and logged.")

    return _change(edition, award_list, "override", form, change)


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

    def change(award_list: AwardList) -> str:
        if not chosen:
            raise service.AwardRefused(service.AwardError.BAD_TIE)
        service.decide_tie(
            current_user, award_list, form.version_number(), chosen, form.reason.data
        )
        return _("The tie was decided and logged.")

    return _change(edition, award_list, "tie", form, change)


@bp.route(BASE + "/overrides/revoke", methods=["POST"])
def awards_revoke(edition_id: int):
    """Revoke one override: the entry goes back to its proposed place."""
    edition = get_or_404(Edition, edition_id)
    award_list = _list_or_refuse(edition)
    form = forms.RevokeForm()

    def change(award_list: AwardList) -> str:
        service.revoke_override(
            current_user,
            award_list,
            form.version_number(),
            int(form.override_id.data),
            form.reason.data,
        )
        return _("The change was revoked.")

    return _change(
        edition,
        award_list,
        "revoke",
        form,
        change,
        ok=lambda: form.override_id.data.isdigit(),
        keep_refused=False,
    )
