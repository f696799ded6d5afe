"""Edition set-up pages: editions list, general info, timeline, tracks, fields (the
rubric and the judging rounds are judging.rounds.views).

Changes to a closed edition never reach these views: contest.edition_guard refuses them.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.access import get_or_404
from contest.extensions import db
from contest.forms_base import as_choices
from contest.models import Edition, EditionStatus
from contest.organizer import bp
from contest.organizer.setup_forms import (
    FieldsForm,
    GeneralForm,
    NewEditionForm,
    StatusForm,
    TimelineForm,
    TracksForm,
)
from contest.services import editions as service
from contest.timezones import local_to_utc, utc_to_local


def _saved(edition: Edition, endpoint: str):
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(endpoint, edition_id=edition.id))


@bp.route("/")
def dashboard():
    """Organizer home: the editions and shortcuts."""
    editions = db.session.scalars(
        select(Edition).order_by(Edition.year.desc(), Edition.id.desc())
    ).all()
    return render_template("organizer/dashboard.html", editions=editions)


@bp.route("/editions/new", methods=["GET", "POST"])
def new_edition():
    """Create an edition from the defaults or by cloning an earlier one."""
    form = NewEditionForm()
    earlier = db.session.scalars(select(Edition).order_by(Edition.year.desc())).all()
    form.clone_from.choices = as_choices(
        [(0, _("The contest's default set-up"))]
        + [
            (e.id, _("A copy of %(title)s (%(year)s)", title=e.title, year=e.year))
            for e in earlier
        ]
    )
    if form.validate_on_submit():
        source = (
            db.session.get(Edition, form.clone_from.data)
            if form.clone_from.data
            else None
        )
        if source is not None:
            edition = service.clone_edition(
                current_user, source, year=form.year.data, title=form.title.data
            )
        else:
            edition = service.create_edition(
                current_user, title=form.title.data, year=form.year.data
            )
        db.session.commit()
        flash(
            _("The edition has been created. Check each part of its set-up."), "success"
        )
        return redirect(url_for("organizer.edit_general", edition_id=edition.id))
    return render_template("organizer/new_edition.html", form=form)


@bp.route("/editions/<int:edition_id>", methods=["GET", "POST"])
def edit_general(edition_id: int):
    """General information and public texts."""
    edition = get_or_404(Edition, edition_id)
    form = GeneralForm(obj=edition)
    if form.validate_on_submit():
        service.update_general(
            current_user,
            edition,
            **{
                name: getattr(form, name).data
                for name in service.EDITABLE_TEXT + service.ENTRY_RULES
            },
        )
        return _saved(edition, "organizer.edit_general")
    return render_template("organizer/edition_general.html", edition=edition, form=form)


@bp.route("/editions/<int:edition_id>/timeline", methods=["GET", "POST"])
def edit_timeline(edition_id: int):
    """Timeline in the edition's time zone, grace period, file types."""
    edition = get_or_404(Edition, edition_id)
    dates = (
        "submission_opens_at",
        "submission_closes_at",
        "unit_deadline_at",
        "results_at",
        "ceremony_at",
    )
    if request.method == "GET":
        form = TimelineForm(
            data={
                name: utc_to_local(getattr(edition, name), edition.zone)
                for name in dates
            }
            | {
                "grace_minutes": edition.grace_minutes,
                "file_types": edition.file_types,
                "max_photos": edition.max_photos,
            }
        )
    else:
        form = TimelineForm()
    if form.validate_on_submit():
        service.update_timeline(
            current_user,
            edition,
            file_types=form.file_types.data,
            max_photos=form.max_photos.data,
            grace_minutes=form.grace_minutes.data,
            **{
                name: local_to_utc(getattr(form, name).data, edition.zone)
                for name in dates
            },
        )
        return _saved(edition, "organizer.edit_timeline")
    return render_template(
        "organizer/edition_timeline.html", edition=edition, form=form
    )


@bp.route("/editions/<int:edition_id>/tracks", methods=["GET", "POST"])
def edit_tracks(edition_id: int):
    """Tracks, word limits and the number of prizes of each tier."""
    edition = get_or_404(Edition, edition_id)
    data = {
        "tracks": [
            {
                "name": t.name,
                "description": t.description,
                "word_limit": t.word_limit,
                "tiers": [{"name": tier.name, "count": tier.count} for tier in t.tiers],
            }
            for t in edition.tracks
        ]
    }
    form = TracksForm(data=data) if request.method == "GET" else TracksForm()
    if form.validate_on_submit() and len(form.tracks.entries) == len(edition.tracks):
        rows = {}
        for track, entry in zip(edition.tracks, form.tracks.entries, strict=True):
            tiers = {
                tier.id: sub.data
                for tier, sub in zip(track.tiers, entry.tiers.entries, strict=False)
            }
            if len(tiers) != len(track.tiers):
                abort(400)
            rows[track.id] = entry.data | {"tiers": tiers}
        service.update_tracks(current_user, edition, rows)
        return _saved(edition, "organizer.edit_tracks")
    return render_template("organizer/edition_tracks.html", edition=edition, form=form)


@bp.route("/editions/<int:edition_id>/fields", methods=["GET", "POST"])
def edit_fields(edition_id: int):
    """The fields (lĩnh vực) of the edition."""
    edition = get_or_404(Edition, edition_id)
    form = (
        FieldsForm(names="\n".join(f.name for f in edition.fields))
        if request.method == "GET"
        else FieldsForm()
    )
    if form.validate_on_submit():
        service.set_fields(current_user, edition, form.names.data.splitlines())
        return _saved(edition, "organizer.edit_fields")
    return render_template("organizer/edition_fields.html", edition=edition, form=form)


@bp.route("/editions/<int:edition_id>/status", methods=["POST"])
def set_status(edition_id: int):
    """Publish or unpublish the edition."""
    edition = get_or_404(Edition, edition_id)
    form = StatusForm()
    # Closing has its own page (a reason, checks, the archive): see organizer.archive.
    form.status.choices = as_choices(
        (s.value, s.value) for s in (EditionStatus.DRAFT, EditionStatus.PUBLISHED)
    )
    if form.validate_on_submit():
        service.set_status(current_user, edition, EditionStatus(form.status.data))
        return _saved(edition, "organizer.edit_general")
    flash(_("The status could not be changed."), "danger")
    return redirect(url_for("organizer.edit_general", edition_id=edition.id))
