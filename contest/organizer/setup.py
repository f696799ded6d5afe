"""Edition set-up pages: editions list, general info, timeline, tracks, fields, rubric, rounds.

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
    RoundsForm,
    RubricForm,
    StatusForm,
    TimelineForm,
    TracksForm,
)
from contest.services import editions as service
from contest.timezones import local_to_utc, utc_to_local
from judging.rounds.services import edition_rubric_locked
from judging.rounds.views import form_data, form_rows, locked_message
from judging.scoring.services.results import set_gap


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
            **{name: getattr(form, name).data for name in service.EDITABLE_TEXT},
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


@bp.route("/editions/<int:edition_id>/rubric", methods=["GET", "POST"])
def edit_rubric(edition_id: int):
    """The scoring rubric: criteria, descriptions, maximum points, weights."""
    edition = get_or_404(Edition, edition_id)
    if request.method == "GET":
        form = RubricForm(data=form_data(edition.criteria))
    else:
        form = RubricForm()
    if form.add_row.data:
        form.criteria.append_entry()
    elif form.validate_on_submit():
        rows = form_rows(form)
        if not rows:
            form.criteria.entries[0].form.name.errors.append(
                _("The rubric needs at least one criterion.")
            )
        elif edition_rubric_locked(edition):
            flash(locked_message(), "danger")
        else:
            service.set_rubric(current_user, edition, rows)
            return _saved(edition, "organizer.edit_rubric")
    return render_template(
        "organizer/edition_rubric.html",
        edition=edition,
        form=form,
        locked=edition_rubric_locked(edition),
        locked_message=locked_message(),
    )


@bp.route("/editions/<int:edition_id>/rounds", methods=["GET", "POST"])
def edit_rounds(edition_id: int):
    """Judging rounds in order, with their windows and judges per entry."""
    edition = get_or_404(Edition, edition_id)
    if request.method == "GET":
        form = RoundsForm(
            data={
                "rounds": [
                    {
                        "name": r.name,
                        "kind": r.kind,
                        "starts_at": utc_to_local(r.starts_at, edition.zone),
                        "ends_at": utc_to_local(r.ends_at, edition.zone),
                        "readers_per_entry": r.readers_per_entry,
                        "show_previous_scores": r.show_previous_scores,
                        "gap_spreads": r.gap_spreads,
                        "gap_points": r.gap_points,
                    }
                    for r in edition.rounds
                ]
            }
        )
    else:
        form = RoundsForm()
    if form.add_row.data:
        form.rounds.append_entry()
    elif form.validate_on_submit():
        kept = [
            entry
            for entry in form.rounds.entries
            if entry.form.name.data and not entry.form.remove.data
        ]
        rows = [
            service.RoundData(
                name=entry.form.name.data.strip(),
                kind=entry.form.kind.data,
                starts_at=local_to_utc(entry.form.starts_at.data, edition.zone),
                ends_at=local_to_utc(entry.form.ends_at.data, edition.zone),
                readers_per_entry=entry.form.readers_per_entry.data,
                show_previous_scores=bool(entry.form.show_previous_scores.data),
            )
            for entry in kept
        ]
        if not rows:
            form.rounds.entries[0].form.name.errors.append(
                _("The edition needs at least one round.")
            )
        else:
            service.set_rounds(current_user, edition, rows)
            for round_, entry in zip(edition.rounds, kept, strict=True):
                set_gap(round_, entry.form.gap_spreads.data, entry.form.gap_points.data)
            return _saved(edition, "organizer.edit_rounds")
    return render_template("organizer/edition_rounds.html", edition=edition, form=form)


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
