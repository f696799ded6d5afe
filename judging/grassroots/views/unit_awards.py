"""Unit pages of a unit's own award list: the prize levels it defines, the prize of
each entry it holds or held, the head's signature that locks the list, reopening it
with a reason, and its certificates (PDF or Word, the unit as issuer) and sheet (XLSX).

A focal point acts for their own unit only; the list never reaches judges and never
changes the city's award list.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import get_or_404
from contest.extensions import db
from contest.locking import writes_on_get
from contest.models import Edition
from contest.organizer.downloads import download
from contest.unit import bp
from judging.grassroots.services import unit_award_reads as reads
from judging.grassroots.services import unit_awards as service
from judging.grassroots.views.forms import (
    AwardForm,
    LevelForm,
    RemoveLevelForm,
    ReopenListForm,
    SignListForm,
)
from judging.grassroots.views.messages import UNIT_AWARD_MESSAGES

BASE = "/editions/<int:edition_id>/awards"


def _edition_and_unit(edition_id: int):
    """The edition, and the focal point's unit id (None: no unit, with a message)."""
    edition = get_or_404(Edition, edition_id)
    if current_user.unit_id is None:
        flash(
            _(
                "Your account is not attached to a unit yet. Please ask the organizers to attach it to your unit."
            ),
            "warning",
        )
    return edition, current_user.unit_id


def _back(edition: Edition):
    return redirect(url_for("unit.unit_awards", edition_id=edition.id))


def _refused(error: service.UnitAwardRefused) -> None:
    db.session.rollback()
    flash(str(UNIT_AWARD_MESSAGES[error.code]), "warning")


def _page(edition: Edition, unit_id: int, **forms):
    """The list's page, with the forms given (a form that failed keeps its errors),
    and the lists of the units below (read only; None: no unit below)."""
    award_list = service.award_list_of(edition, unit_id)
    prizes = {a.entry_id: a.level_id for a in award_list.awards} if award_list else {}
    today = datetime.now(UTC).astimezone(edition.zone).date()
    forms.setdefault(
        "sign_form",
        SignListForm(
            head_name=award_list.head_name if award_list else "",
            head_title=award_list.head_title if award_list else "",
            signed_on=(award_list and award_list.signed_on) or today,
        ),
    )
    forms.setdefault("level_form", LevelForm(formdata=None))
    forms.setdefault("reopen_form", ReopenListForm(formdata=None))
    return render_template(
        "unit/awards.html",
        edition=edition,
        award_list=award_list,
        awards=service.awards_in_order(award_list),
        entries=service.awardable_entries(edition, unit_id),
        prizes=prizes,
        reopenings=service.reopenings(award_list),
        below=reads.lists_below(edition, unit_id)
        if reads.units_below(unit_id)
        else None,
        **forms,
    )


@bp.route(BASE)
def unit_awards(edition_id: int):
    """The unit's award list: levels, entries and their prizes, signature, history."""
    edition, unit_id = _edition_and_unit(edition_id)
    if unit_id is None:
        return redirect(url_for("unit.dashboard"))
    return _page(edition, unit_id)


@bp.route(f"{BASE}/levels", methods=["POST"])
def unit_award_level(edition_id: int):
    """Add a prize level."""
    edition, unit_id = _edition_and_unit(edition_id)
    if unit_id is None:
        return redirect(url_for("unit.dashboard"))
    form = LevelForm()
    if not form.validate_on_submit():
        return _page(edition, unit_id, level_form=form)
    try:
        level = service.add_level(
            service.start_list(edition, unit_id), form.name.data, current_user
        )
    except service.UnitAwardRefused as error:
        _refused(error)
    else:
        db.session.commit()
        flash(_("Prize level %(name)s added.", name=level.name), "success")
    return _back(edition)


@bp.route(f"{BASE}/levels/remove", methods=["POST"])
def unit_award_level_remove(edition_id: int):
    """Drop a prize level no entry holds."""
    edition, unit_id = _edition_and_unit(edition_id)
    form = RemoveLevelForm()
    award_list = service.award_list_of(edition, unit_id) if unit_id else None
    if award_list is not None and form.validate_on_submit():
        try:
            service.remove_level(award_list, form.level_id.data, current_user)
        except service.UnitAwardRefused as error:
            _refused(error)
        else:
            db.session.commit()
            flash(_("The prize level was removed."), "success")
    return _back(edition)


@bp.route(f"{BASE}/entries", methods=["POST"])
def unit_award_entry(edition_id: int):
    """Give an entry a prize level, move it to another, or take its prize off."""
    edition, unit_id = _edition_and_unit(edition_id)
    form = AwardForm()
    award_list = service.award_list_of(edition, unit_id) if unit_id else None
    if award_list is not None and form.validate_on_submit():
        try:
            award = service.set_award(
                award_list, form.entry_id.data, form.level_id.data, current_user
            )
        except service.UnitAwardRefused as error:
            _refused(error)
        else:
            db.session.commit()
            if award is None:
                flash(_("The entry has no prize of your unit now."), "success")
            else:
                flash(
                    _(
                        "Entry %(number)s: %(level)s.",
                        number=award.entry.number,
                        level=award.level.name,
                    ),
                    "success",
                )
    elif unit_id is not None and award_list is None:
        flash(_("Add a prize level first."), "warning")
    return _back(edition)


@bp.route(f"{BASE}/sign", methods=["POST"])
def unit_award_sign(edition_id: int):
    """The head signs the list (name, title, date): it is locked."""
    edition, unit_id = _edition_and_unit(edition_id)
    if unit_id is None:
        return redirect(url_for("unit.dashboard"))
    form = SignListForm()
    if not form.validate_on_submit():
        return _page(edition, unit_id, sign_form=form)
    try:
        award_list = service.award_list_of(edition, unit_id)
        if award_list is None:
            raise service.UnitAwardRefused(service.UnitAwardError.NO_AWARDS)
        service.sign(
            award_list,
            form.head_name.data,
            form.head_title.data,
            form.signed_on.data,
            current_user,
        )
    except service.UnitAwardRefused as error:
        _refused(error)
    else:
        db.session.commit()
        flash(_("The award list is signed and locked."), "success")
    return _back(edition)


@bp.route(f"{BASE}/reopen", methods=["POST"])
def unit_award_reopen(edition_id: int):
    """Unlock the signed list, with a reason (logged)."""
    edition, unit_id = _edition_and_unit(edition_id)
    if unit_id is None:
        return redirect(url_for("unit.dashboard"))
    form = ReopenListForm()
    if not form.validate_on_submit():
        return _page(edition, unit_id, reopen_form=form)
    try:
        award_list = service.award_list_of(edition, unit_id)
        if award_list is None:
            raise service.UnitAwardRefused(service.UnitAwardError.NOT_SIGNED)
        service.reopen(award_list, form.reason.data, current_user)
    except service.UnitAwardRefused as error:
        _refused(error)
    else:
        db.session.commit()
        flash(
            _("The award list is open for changes; the head signs it again."),
            "success",
        )
    return _back(edition)


@bp.route(f"{BASE}/certificates.pdf", defaults={"fmt": "pdf"})
@bp.route(f"{BASE}/certificates.docx", defaults={"fmt": "docx"})
@writes_on_get
def unit_award_certificates(edition_id: int, fmt: str):
    """The certificates of the signed list, one page per author, the unit as issuer
    (PDF to print, or Word to edit)."""
    edition, unit_id = _edition_and_unit(edition_id)
    award_list = service.award_list_of(edition, unit_id) if unit_id else None
    if award_list is None or not award_list.locked:
        flash(_("The head of the unit must sign the award list first."), "warning")
        return _back(edition) if unit_id else redirect(url_for("unit.dashboard"))
    return download(
        award_list,
        "unit_award_certificates",
        {"award_list": award_list, "fmt": fmt},
        format=fmt,
    )


@bp.route(f"{BASE}/list.xlsx")
@writes_on_get
def unit_award_sheet(edition_id: int):
    """The unit's award list as a sheet (signed or not)."""
    edition, unit_id = _edition_and_unit(edition_id)
    award_list = service.award_list_of(edition, unit_id) if unit_id else None
    if award_list is None:
        flash(_("Your unit has no award list for this edition yet."), "warning")
        return _back(edition) if unit_id else redirect(url_for("unit.dashboard"))
    return download(award_list, "unit_award_list", {"award_list": award_list})
