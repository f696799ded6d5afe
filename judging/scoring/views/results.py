"""Organizer pages of a round's scores: results (raw and calibrated), readings and
unlocking, calibration chart, extra readers (disagreements, and the entries most
likely on the wrong side of the line: judging.scoring.services.targeted), progress and
reminders, exports, and closing the round with an advancement preview.
"""

from __future__ import annotations

from collections import Counter

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.access import get_or_404
from contest.extensions import db
from contest.locking import writes_on_get
from contest.mail import send_email
from contest.models import Edition, Entry, User, utcnow
from contest.organizer import bp
from contest.organizer.downloads import download
from contest.services.audit import audit
from judging.assignment.services import roster
from judging.assignment.views.common import round_or_404
from judging.rounds.services import next_round
from judging.scoring import exports as scoring_xlsx
from judging.scoring.core.calibration import DEFAULT_GAP_SPREADS
from judging.scoring.models import Score
from judging.scoring.services import results as results_service
from judging.scoring.services import sheets, third_reading
from judging.scoring.services import targeted as targeted_service
from judging.stages.core import EditionAction
from judging.stages.messages import describe_all
from judging.stages.services import StageRefused, edition_verdict

BASE = "/editions/<int:edition_id>/judging/rounds/<int:round_id>"


def _load(edition_id: int, round_id: int):
    """The edition and its round, or 404."""
    edition = get_or_404(Edition, edition_id)
    return edition, round_or_404(edition, round_id)


def _progress(round_, results) -> list[dict]:
    """Per judge: submitted / assigned and whether the round's end has passed."""
    done = Counter(r.assignment.judge_id for r in results.readings)
    loads, _gaps = roster.round_progress(round_)
    overdue = round_.ends_at is not None and round_.ends_at < utcnow()
    return [
        {
            "user": load.profile.user,
            "done": done.get(load.profile.user_id, 0),
            "assigned": load.assigned,
            "late": overdue and done.get(load.profile.user_id, 0) < load.assigned,
        }
        for load in loads
    ]


@bp.route(f"{BASE}/results")
def scoring_results(edition_id: int, round_id: int):
    """Raw and calibrated scores side by side, disagreements, progress per judge."""
    edition, round_ = _load(edition_id, round_id)
    results = results_service.round_results(round_)
    by_id = {r.entry.id: r for r in results.entries}
    places = request.args.get("places", type=int)
    count = request.args.get("count", type=int)
    bad_target = (places is not None and places < 1) or (
        count is not None and not 0 <= count <= targeted_service.MAX_COUNT
    )
    if bad_target or any(
        request.args.get(k) and request.args.get(k, type=int) is None
        for k in ("places", "count")
    ):
        places = count = None
        bad_target = True
    return render_template(
        "organizer/scoring_results.html",
        edition=edition,
        round=round_,
        results=results,
        by_id=by_id,
        progress=_progress(round_, results),
        readers=third_reading.active_readers(round_),
        no_reader=third_reading.without_reader(round_, results.disagreements),
        automatic=third_reading.automatic(
            round_, (r.assignment.entry_id for r in results.readings)
        ),
        min_paired=third_reading.MIN_PAIRED_ENTRIES,
        default_spreads=DEFAULT_GAP_SPREADS,
        following=next_round(round_),
        target=targeted_service.plan(round_, results, places, count),
        bad_target=bad_target,
        max_count=targeted_service.MAX_COUNT,
    )


@bp.route(f"{BASE}/results/basis", methods=["POST"])
def scoring_basis(edition_id: int, round_id: int):
    """Choose raw or calibrated scores for the ranking."""
    _edition, round_ = _load(edition_id, round_id)
    basis = request.form.get("basis", "")
    if basis not in results_service.BASES:
        abort(400)
    results_service.set_basis(current_user, round_, basis)
    db.session.commit()
    flash(_("The ranking now uses the chosen scores."), "success")
    return redirect(url_for("organizer.scoring_results", **request.view_args))


@bp.route(f"{BASE}/readings")
def scoring_readings(edition_id: int, round_id: int):
    """Every reading with its state; submitted sheets can be reopened with a reason."""
    edition, round_ = _load(edition_id, round_id)
    rows = [
        (a, a.score)
        for a in roster.round_assignments(round_)
        if a.active or a.score is not None
    ]
    return render_template(
        "organizer/scoring_readings.html",
        edition=edition,
        round=round_,
        rows=rows,
        codes={c.entry_id: c.code for c in scoring_xlsx._codes(round_)},
        blockers=describe_all(
            edition_verdict(edition, EditionAction.CHANGE_RESULTS), edition
        ),
    )


@bp.route(f"{BASE}/unlock", methods=["POST"])
def scoring_unlock(edition_id: int, round_id: int):
    """Reopen a submitted sheet for its judge; the reason is mandatory and logged."""
    _edition, round_ = _load(edition_id, round_id)
    score_id = request.form.get("score_id", type=int)
    score = db.session.get(Score, score_id) if score_id is not None else None
    if score is None or score.assignment.round_id != round_.id:
        flash(_("This score sheet is not submitted."), "warning")
        return redirect(url_for("organizer.scoring_readings", **request.view_args))
    try:
        sheets.unlock(current_user, score, request.form.get("reason", ""), utcnow())
    except sheets.SheetInvalid:
        flash(_("Please give a reason for reopening the score sheet."), "danger")
    except sheets.ScoreRefused:
        flash(_("This score sheet is not submitted."), "warning")
    except StageRefused as refusal:
        db.session.rollback()
        flash(
            _("The score sheet was not reopened: %(why)s", why=refusal.description),
            "danger",
        )
    else:
        db.session.commit()
        flash(_("The score sheet was reopened for its judge."), "success")
    return redirect(url_for("organizer.scoring_readings", **_args(request.view_args)))


def _args(view_args: dict) -> dict:
    """The edition and round ids of the current URL."""
    return {k: view_args[k] for k in ("edition_id", "round_id")}


@bp.route(f"{BASE}/calibration")
def scoring_calibration(edition_id: int, round_id: int):
    """Each judge's offset (lenient +, severe −) and spread: a chart and a table."""
    edition, round_ = _load(edition_id, round_id)
    results = results_service.round_results(round_)
    fit = results.calibration
    judges = []
    if fit is not None:
        names = {u.id: u.full_name for u in db.session.scalars(db.select(User))}
        judges = sorted(
            fit.judges.values(), key=lambda j: (-j.offset, names.get(j.judge_id, ""))
        )
        judges = [(names.get(j.judge_id, "?"), j) for j in judges]
    chart = {
        "type": "hbar",
        "title": _("Offset (points on 100)"),
        "labels": [name for name, _j in judges],
        "values": [round(j.offset, 2) for _n, j in judges],
    }
    return render_template(
        "organizer/scoring_calibration.html",
        edition=edition,
        round=round_,
        results=results,
        judges=judges,
        chart=chart,
    )


@bp.route(f"{BASE}/extra-reader", methods=["POST"])
def scoring_extra_reader(edition_id: int, round_id: int):
    """One more reader for each selected entry: flagged, or close to the line."""
    _edition, round_ = _load(edition_id, round_id)
    if round_.readers_per_entry is None:
        flash(_("Every judge of this round already reads every entry."), "warning")
        return redirect(url_for("organizer.scoring_results", **request.view_args))
    wanted = request.form.getlist("entry_id", type=int)
    entries = [e for e in (db.session.get(Entry, i) for i in wanted) if e is not None]
    entries = [e for e in entries if e.edition_id == round_.edition_id]
    if not entries:
        abort(400)
    reason = request.form.get("reason")
    reason = reason if reason in ("disagreement", "targeted") else None
    added, left = targeted_service.add_readers(current_user, round_, entries, reason)
    db.session.commit()
    if added:
        flash(_("Extra readings assigned: %(n)s.", n=len(added)), "success")
    if left:
        flash(
            _(
                "No judge is free to read these entries: %(numbers)s. Add a judge to "
                "the round, raise a maximum load or check the conflicts.",
                numbers=", ".join(e.number or "?" for e in left),
            ),
            "danger",
        )
    anchor = "targeted" if reason == "targeted" else None
    return redirect(
        url_for("organizer.scoring_results", **request.view_args, _anchor=anchor)
    )


@bp.route(f"{BASE}/remind/<int:user_id>", methods=["POST"])
def scoring_remind(edition_id: int, round_id: int, user_id: int):
    """Email a judge how many of their readings are still to score."""
    _edition, round_ = _load(edition_id, round_id)
    judge = db.session.get(User, user_id)
    mine = [
        a
        for a in roster.round_assignments(round_)
        if a.judge_id == user_id and a.active
    ]
    if judge is None:
        abort(404)
    if not mine:
        flash(_("This judge has no reading in this round."), "warning")
        return redirect(
            url_for("organizer.scoring_results", **_args(request.view_args))
        )
    left = sum(1 for a in mine if a.score is None or not a.score.submitted)
    send_email(
        judge.email,
        "judge_score_reminder",
        locale=judge.locale,
        judge=judge,
        count=left,
        round_name=round_.name,
        queue_url=url_for("judge.queue", _external=True),
    )
    audit(
        current_user,
        "judging.remind",
        round_.edition,
        round_id=round_.id,
        judge=user_id,
    )
    db.session.commit()
    flash(_("A reminder was sent to %(name)s.", name=judge.full_name), "success")
    return redirect(url_for("organizer.scoring_results", **_args(request.view_args)))


@bp.route(f"{BASE}/readings.xlsx")
def scoring_export_readings(edition_id: int, round_id: int):
    """Every reading, with judges' names and comments, as an Excel file."""
    return _export(edition_id, round_id, "readings")


@bp.route(f"{BASE}/results.xlsx")
def scoring_export_results(edition_id: int, round_id: int):
    """Raw, calibrated and final score per entry as an Excel file."""
    return _export(edition_id, round_id, "results")


@writes_on_get
def _export(edition_id: int, round_id: int, what: str) -> Response:
    """Run one of the round's exports and send it as a download."""
    _edition, round_ = _load(edition_id, round_id)
    return download(
        round_.edition, f"round_{what}", {"round_": round_}, round_id=round_.id
    )
